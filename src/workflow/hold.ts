/**
 * 申请占用 — what an application holds while it is past draft: its domains (application_domain, unique
 * by domain), its subject (the one-in-flight index on `hold_evidence`) and an `in-progress`
 * filed_subject row, which makes the engine report DOMAIN_ORDER_IN_PROGRESS to anyone else (Volcengine
 * 备案类型: "该域名存在进行中的备案申请"). Released when the application returns to draft, is withdrawn,
 * expires or is approved, or by a reviewer (release-hold.ts).
 *
 * Squatting (issue 12): a credit code and a company's domains are public, so an application that
 * merely matches them proves nothing, and used to block the real owner until a reviewer acted. It
 * holds only on evidence that the applicant controls the subject (`HoldEvidence`): at submit, the
 * subject filed in the same account, or a domain of the application held by the applicant's account
 * at this registrar, real-name verified to the subject; otherwise from the provider reviewer's pass
 * (初审 checks the identity documents). docs/SECURITY.md has the threat and the defence.
 */
import type { Kysely } from 'kysely';
import type { ApplicationStatus } from '../filing/index.ts';
import { allows, statusesAllowing } from '../filing/index.ts';
import type { HoldEvidence, Schema } from '../store/index.ts';
import type { Application } from './application.ts';
import { submittedIdType, subjectTypeOf } from './application.ts';
import { uniqueViolation, WorkflowError } from './errors.ts';

/** Every HoldEvidence, for schemas and labels. */
export const HOLD_EVIDENCE = [
  'own-subject',
  'registrar-holder',
  'provider-review',
  'legacy',
] as const satisfies readonly HoldEvidence[];

/** Statuses in which an application may hold its domains and its subject (with evidence). */
export const ACTIVE_STATUSES: readonly ApplicationStatus[] = statusesAllowing('hold');

export const isActive = (status: ApplicationStatus): boolean => allows(status, 'hold');

/**
 * The evidence on which a submitted application holds, or null: the subject filed here in the
 * applicant's own account, else one of its domains held at this registrar by the applicant's account,
 * active and real-name verified to the subject.
 */
export async function holdEvidenceFor(tx: Kysely<Schema>, app: Application): Promise<HoldEvidence | null> {
  const idNumber = app.subjectIdNumber.toUpperCase();
  const own = await tx
    .selectFrom('filed_subject')
    .select('id')
    .where('state', '=', 'filed')
    .where('provider', '=', 'self')
    .where('account', '=', app.account)
    .where('id_number', '=', idNumber)
    .limit(1)
    .executeTakeFirst();
  if (own) return 'own-subject';
  const domains = [...new Set(applicationDomains(app).flat())];
  if (domains.length === 0) return null;
  const held = await tx
    .selectFrom('registrar_domain')
    .select('domain')
    .where('domain', 'in', domains)
    .where('account', '=', app.account)
    .where('status', '=', 'active')
    .where('real_name_status', '=', 'verified')
    .where('holder_id_number', '=', idNumber)
    .limit(1)
    .executeTakeFirst();
  return held ? 'registrar-holder' : null;
}

/** The application that holds the subject of `idNumber` (its one in flight), besides `except`. */
export async function holdingApplication(
  tx: Kysely<Schema>,
  idNumber: string,
  except: number | null = null,
): Promise<{ id: number } | undefined> {
  let query = tx
    .selectFrom('application')
    .select('id')
    .where('subject_id_number', '=', idNumber.toUpperCase())
    .where('hold_evidence', 'is not', null);
  if (except !== null) query = query.where('id', '!=', except);
  return query.executeTakeFirst();
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The registrable A-label domains of an application, per website, as saved. */
export function applicationDomains(app: Pick<Application, 'websites'>): string[][] {
  return app.websites.map((w) =>
    Array.isArray(w.domains) ? w.domains.filter((d): d is string => typeof d === 'string') : [],
  );
}

/**
 * Another application that holds one of `domains` (application_domain), besides `except`. Submit asks
 * before its checks so that losing a race reads the same whether the other submit committed before
 * this one's checks (which would otherwise report DOMAIN_ORDER_IN_PROGRESS) or at the unique index.
 */
export async function domainHoldingApplication(
  tx: Kysely<Schema>,
  domains: readonly string[],
  except: number,
): Promise<{ id: number; domain: string } | undefined> {
  if (domains.length === 0) return undefined;
  return tx
    .selectFrom('application_domain')
    .select(['application_id as id', 'domain'])
    .where('domain', 'in', [...domains])
    .where('application_id', '!=', except)
    .executeTakeFirst();
}

/** The refusal for a unique index an active application hit; other errors pass through. */
export function holdConflict(error: unknown): unknown {
  const which = uniqueViolation(error);
  if (which === null) return error;
  if (which.includes('application_domain')) return domainInActiveApplication();
  return new WorkflowError('SUBJECT_HAS_ACTIVE_APPLICATION', {
    zh: '该主体已有进行中的备案申请，请等待其完成或撤回后再提交',
    en: 'This subject already has an application under way; wait for it to finish or withdraw it first',
  });
}

/** DOMAIN_IN_ACTIVE_APPLICATION: one wording for the index and for submit's own question. */
export function domainInActiveApplication(): WorkflowError {
  return new WorkflowError('DOMAIN_IN_ACTIVE_APPLICATION', {
    zh: '该域名已在另一个备案申请中提交，同一域名不能同时有两个进行中的备案申请',
    en: 'A domain of this application is already in another submitted application; a domain can be in only one application under way',
  });
}

/** Takes the hold; returns the in-progress filed_subject id. A domain held elsewhere is a WorkflowError. */
export async function takeHold(tx: Kysely<Schema>, app: Application, now: Date): Promise<number> {
  const perWebsite = applicationDomains(app);
  const domains = perWebsite.flat();
  try {
    if (domains.length > 0)
      await tx
        .insertInto('application_domain')
        .values(domains.map((domain) => ({ application_id: app.id, domain })))
        .execute();
  } catch (error) {
    throw holdConflict(error);
  }
  const subject = app.subject;
  const row = await tx
    .insertInto('filed_subject')
    .values({
      subject_number: null,
      province: app.province,
      name: text(subject.name),
      type: subjectTypeOf(subject),
      id_type: submittedIdType(app),
      id_number: app.subjectIdNumber,
      provider: 'self',
      account: app.account,
      state: 'in-progress',
      created_at: now.toISOString(),
      approved_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [index, website] of app.websites.entries()) {
    const w = await tx
      .insertInto('filed_website')
      .values({
        subject_id: row.id,
        number: null,
        providers: 'self',
        name: text(website.name) || null,
        home_url: text(website.homeUrl) || null,
        approved_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const own = perWebsite[index] ?? [];
    if (own.length > 0)
      await tx
        .insertInto('filed_website_domain')
        .values(own.map((domain, position) => ({ website_id: w.id, domain, position })))
        .execute();
  }
  return row.id;
}

/** Releases the hold (idempotent): the domain rows and the in-progress registry row with its websites. */
export async function releaseHold(tx: Kysely<Schema>, app: Application): Promise<void> {
  await tx.deleteFrom('application_domain').where('application_id', '=', app.id).execute();
  if (app.inProgressSubjectId !== null) {
    // filed_website and filed_website_domain cascade (0001-facts).
    await tx
      .deleteFrom('filed_subject')
      .where('id', '=', app.inProgressSubjectId)
      .where('state', '=', 'in-progress')
      .execute();
  }
}
