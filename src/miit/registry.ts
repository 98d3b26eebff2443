/**
 * 全国备案库 — the sandbox's national registry writes: an approval records the subject and websites
 * with their numbers; access filing adds a provider; cancellations remove records (Tencent
 * Cloud 备案号 FAQ). Run inside the caller's transaction.
 */
import type { Kysely } from 'kysely';
import { parseDomainInput } from '../domain-name/index.ts';
import type { PolicyData } from '../policy/index.ts';
import type { Schema } from '../store/index.ts';
import type {
  ApprovalRequest,
  IssuedNumbers,
  MiitErrorCode,
  SubjectChange,
  WebsiteChange,
} from './gateway.ts';
import { allocateSubjectNumber, allocateWebsiteSeqs, formatWebsiteNumber } from './numbers.ts';

/** A refusal by the (sandbox) MIIT: a caller's bug or a race the workflow must surface. */
export class MiitError extends Error {
  readonly code: MiitErrorCode;
  constructor(code: MiitErrorCode, message: string) {
    super(message);
    this.name = 'MiitError';
    this.code = code;
  }
}

/** The stored A-label registrable domain of a domain input; a bad domain is the caller's bug. */
export function registrableAscii(domain: string): string {
  const parsed = parseDomainInput(domain);
  if (!parsed.ok) throw new MiitError('invalid-domain', `not a domain name: ${domain} (${parsed.reason})`);
  return parsed.domain.registrableAscii;
}

/**
 * Records an approval: the subject (new, or the filed one with this number or certificate number,
 * which keeps its number) and its new websites with fresh numbers.
 */
export async function recordApproval(
  tx: Kysely<Schema>,
  policy: PolicyData,
  request: ApprovalRequest,
): Promise<IssuedNumbers> {
  const province = policy.findProvince(request.province);
  if (!province) throw new MiitError('unknown-province', `unknown province: ${request.province}`);
  const approvedAt = request.approvedAt.toISOString();
  const websites = request.websites.map((website) => ({
    ...website,
    domains: [...new Set(website.domains.map(registrableAscii))],
  }));
  const domains = websites.flatMap((website) => website.domains);
  if (new Set(domains).size !== domains.length)
    throw new MiitError('domain-already-filed', 'a domain is listed under two websites');

  let subject = await findFiledSubject(tx, request);
  let subjectIsNew = false;
  if (!subject) {
    const subjectNumber = await allocateSubjectNumber(tx, province, request.approvedAt);
    const row = await tx
      .insertInto('filed_subject')
      .values({
        subject_number: subjectNumber,
        province: province.code,
        name: request.subject.name,
        type: request.subject.nature,
        id_type: request.subject.idType,
        id_number: request.subject.idNumber.toUpperCase(),
        provider: 'self',
        account: request.account,
        state: 'filed',
        created_at: approvedAt,
        approved_at: approvedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    subject = { id: row.id, subjectNumber };
    subjectIsNew = true;
  }

  if (domains.length > 0) {
    const clash = await tx
      .selectFrom('filed_website_domain as d')
      .innerJoin('filed_website as w', 'w.id', 'd.website_id')
      .innerJoin('filed_subject as s', 's.id', 'w.subject_id')
      .select(['d.domain', 'w.number'])
      .where('s.state', '=', 'filed')
      .where('d.domain', 'in', domains)
      .executeTakeFirst();
    if (clash)
      throw new MiitError(
        'domain-already-filed',
        `${clash.domain} is already filed (${clash.number ?? '?'})`,
      );
  }

  const seqs = await allocateWebsiteSeqs(tx, subject.id, websites.length);
  const issued: IssuedNumbers['websites'] = [];
  for (const [index, website] of websites.entries()) {
    const number = formatWebsiteNumber(subject.subjectNumber, seqs[index] as number);
    const row = await tx
      .insertInto('filed_website')
      .values({
        subject_id: subject.id,
        number,
        providers: 'self',
        name: website.name,
        home_url: website.homeUrl,
        approved_at: approvedAt,
        first_approved_at: approvedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (website.domains.length > 0)
      await tx
        .insertInto('filed_website_domain')
        .values(website.domains.map((domain, position) => ({ website_id: row.id, domain, position })))
        .execute();
    issued.push({ websiteId: row.id, number, domains: website.domains });
  }
  return { subjectId: subject.id, subjectNumber: subject.subjectNumber, subjectIsNew, websites: issued };
}

async function findFiledSubject(
  tx: Kysely<Schema>,
  request: ApprovalRequest,
): Promise<{ id: number; subjectNumber: string } | null> {
  let query = tx
    .selectFrom('filed_subject')
    .select(['id', 'subject_number'])
    .where('state', '=', 'filed')
    .where('subject_number', 'is not', null);
  // MIIT keys a subject by its certificate: one number per subject.
  query =
    request.subject.subjectNumber !== null
      ? query.where('subject_number', '=', request.subject.subjectNumber)
      : query.where('id_number', '=', request.subject.idNumber.toUpperCase());
  const row = await query.orderBy('id').executeTakeFirst();
  if (!row && request.subject.subjectNumber !== null)
    throw new MiitError('not-found', `no filed subject ${request.subject.subjectNumber}`);
  return row?.subject_number ? { id: row.id, subjectNumber: row.subject_number } : null;
}

/** 接入备案 / 取消接入: adds or removes `self` among a filed website's providers; its number stays. */
export async function setSelfAccess(
  tx: Kysely<Schema>,
  websiteNumber: string,
  access: boolean,
): Promise<void> {
  const row = await tx
    .selectFrom('filed_website')
    .select(['id', 'providers'])
    .where('number', '=', websiteNumber)
    .executeTakeFirst();
  if (!row) throw new MiitError('not-found', `no filed website ${websiteNumber}`);
  const others = row.providers.split(',').filter((provider) => provider !== '' && provider !== 'self');
  const providers = access ? ['self', ...others] : others;
  await tx
    .updateTable('filed_website')
    .set({ providers: providers.join(',') })
    .where('id', '=', row.id)
    .execute();
}

/**
 * 注销网站 / 注销主体: deletes the website (its domains cascade) or the subject with its websites. The
 * subject's `website_seq` and the province-year sequence keep their values, so no number returns.
 */
export async function cancelFiling(
  tx: Kysely<Schema>,
  policy: PolicyData,
  number: string,
): Promise<{ subjectCancelled: string | null }> {
  const reading = policy.parseIcpNumber(number);
  if (!reading.ok) throw new MiitError('not-found', `not an ICP number: ${number}`);
  const parsed = reading.number;
  if (parsed.kind !== 'website') {
    const deleted = await tx
      .deleteFrom('filed_subject')
      .where('subject_number', '=', parsed.subjectNumber)
      .executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw new MiitError('not-found', `no filing ${number}`);
    return { subjectCancelled: parsed.subjectNumber };
  }
  const website = await tx
    .selectFrom('filed_website as w')
    .innerJoin('filed_subject as s', 's.id', 'w.subject_id')
    .select(['w.id', 'w.subject_id', 's.subject_number'])
    .where('w.number', '=', parsed.text)
    .executeTakeFirst();
  if (!website) throw new MiitError('not-found', `no filing ${number}`);
  await tx.deleteFrom('filed_website').where('id', '=', website.id).execute();
  // 注销网站 of a subject's only website deletes the whole subject record, unless it still has a filed
  // app (APP备案, app-registry.ts), which keeps the subject filed.
  const left = await tx
    .selectFrom('filed_website')
    .select('id')
    .where('subject_id', '=', website.subject_id)
    .executeTakeFirst();
  const app = await tx
    .selectFrom('filed_app')
    .select('id')
    .where('subject_id', '=', website.subject_id)
    .executeTakeFirst();
  if (left || app) return { subjectCancelled: null };
  await tx.deleteFrom('filed_subject').where('id', '=', website.subject_id).execute();
  return { subjectCancelled: website.subject_number };
}

/** 变更网站: rewrites a filed website's name, home page and (reduced) domains; the number stays. */
export async function recordWebsiteChange(
  tx: Kysely<Schema>,
  change: WebsiteChange,
): Promise<{ subjectNumber: string | null }> {
  const row = await tx
    .selectFrom('filed_website as w')
    .innerJoin('filed_subject as s', 's.id', 'w.subject_id')
    .select(['w.id', 's.subject_number'])
    .where('w.number', '=', change.number)
    .executeTakeFirst();
  if (!row) throw new MiitError('not-found', `no filing ${change.number}`);
  await tx
    .updateTable('filed_website')
    .set({ name: change.name, home_url: change.homeUrl, approved_at: change.approvedAt.toISOString() })
    .where('id', '=', row.id)
    .execute();
  let drop = tx.deleteFrom('filed_website_domain').where('website_id', '=', row.id);
  if (change.domains.length > 0) drop = drop.where('domain', 'not in', [...change.domains]);
  await drop.execute();
  return { subjectNumber: row.subject_number };
}

/** 变更主体 approved: the filed subject's name and details are replaced; number and websites stay. */
export async function recordSubjectChange(
  tx: Kysely<Schema>,
  change: SubjectChange,
): Promise<{ previousName: string }> {
  const row = await tx
    .selectFrom('filed_subject')
    .select(['id', 'name'])
    .where('subject_number', '=', change.subjectNumber)
    .where('state', '=', 'filed')
    .executeTakeFirst();
  if (!row) throw new MiitError('not-found', `no filed subject ${change.subjectNumber}`);
  await tx
    .updateTable('filed_subject')
    .set({ name: change.name, details: JSON.stringify(change.details) })
    .where('id', '=', row.id)
    .execute();
  return { previousName: row.name };
}
