/**
 * 全国备案库 (APP) — the sandbox's record of filed apps, mini programs and quick apps (工信部信管〔2023〕
 * 105号): an approval gives each app `<subject number>-<N><suffix>` from the subject's one locked
 * sequence (numbers.ts, shared with websites; suffix `A` for apps, `X` for mini programs and quick
 * apps: data/app-filing.json); cancellation removes it, its N stays burnt; the public query finds apps
 * by name, number and subject. Run inside the caller's transaction.
 */
import type { Kysely } from 'kysely';
import type { PolicyData } from '../policy/index.ts';
import { SUBJECT_TYPE_LABELS } from '../policy/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import type { Schema } from '../store/index.ts';
import type {
  AppApprovalRequest,
  AppChange,
  IssuedAppNumbers,
  PublicAppQuery,
  PublicAppRecord,
} from './gateway.ts';
import { allocateWebsiteSeqs } from './numbers.ts';
import { MiitError } from './registry.ts';

/** An app's number: its subject's number, `-N` and the letter of its type. */
export function formatAppNumber(subjectNumber: string, seq: number, suffix: string): string {
  return `${subjectNumber}-${seq}${suffix}`;
}

/** 备案号 (APP) as read: the written form, its subject's number and its letter. */
export type AppNumber = { text: string; subjectNumber: string; seq: number; suffix: 'A' | 'X' };

/**
 * Reads an app's number (`京ICP备2024000001号-3A`, `粤B2-20090059-1626X`): the part before the letter
 * is read as a website's number by `policy.parseIcpNumber` (spacing, full-width forms, licences); null
 * for anything else.
 */
export function parseAppNumber(policy: Pick<PolicyData, 'parseIcpNumber'>, text: string): AppNumber | null {
  const folded = text.normalize('NFKC').replace(/\s+/gu, '').trim();
  const match = /^(.*-\d+)([AaXx])$/u.exec(folded);
  if (!match) return null;
  const reading = policy.parseIcpNumber(match[1] as string);
  if (!reading.ok || reading.number.kind !== 'website') return null;
  const suffix = (match[2] as string).toUpperCase() as 'A' | 'X';
  return {
    text: `${reading.number.text}${suffix}`,
    subjectNumber: reading.number.subjectNumber,
    seq: reading.number.websiteSeq,
    suffix,
  };
}

/** Records approved apps under the filed subject with this certificate number; each gets its number. */
export async function recordAppApproval(
  tx: Kysely<Schema>,
  request: AppApprovalRequest,
): Promise<IssuedAppNumbers> {
  if (request.apps.length === 0) return { apps: [] };
  const subject = await tx
    .selectFrom('filed_subject')
    .select(['id', 'subject_number'])
    .where('state', '=', 'filed')
    .where('subject_number', 'is not', null)
    .where('id_number', '=', request.subjectIdNumber.toUpperCase())
    .orderBy('id')
    .executeTakeFirst();
  if (!subject?.subject_number)
    throw new MiitError('not-found', `no filed subject with certificate ${request.subjectIdNumber}`);
  const identifiers = request.apps.flatMap((app) => app.identifiers);
  if (new Set(identifiers).size !== identifiers.length)
    throw new MiitError('app-already-filed', 'an app identifier is listed twice');
  if (identifiers.length > 0) {
    const clash = await tx
      .selectFrom('filed_app_identifier as i')
      .innerJoin('filed_app as a', 'a.id', 'i.app_id')
      .select(['i.identifier', 'a.number'])
      .where('i.identifier', 'in', identifiers)
      .executeTakeFirst();
    if (clash)
      throw new MiitError('app-already-filed', `${clash.identifier} is already filed (${clash.number})`);
  }
  const seqs = await allocateWebsiteSeqs(tx, subject.id, request.apps.length);
  const approvedAt = request.approvedAt.toISOString();
  const issued: IssuedAppNumbers['apps'] = [];
  for (const [index, app] of request.apps.entries()) {
    const number = formatAppNumber(subject.subject_number, seqs[index] as number, app.suffix);
    const row = await tx
      .insertInto('filed_app')
      .values({
        subject_id: subject.id,
        number,
        name: app.name,
        type: app.type,
        entry: JSON.stringify(app.entry),
        approved_at: approvedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (app.identifiers.length > 0)
      await tx
        .insertInto('filed_app_identifier')
        .values(app.identifiers.map((identifier) => ({ app_id: row.id, identifier })))
        .execute();
    issued.push({ appId: row.id, number, name: app.name });
  }
  return { apps: issued };
}

/**
 * 注销APP — removes a filed app. Like 注销网站, the subject's last filing going takes the subject with it
 * (a subject with neither websites nor apps has nothing filed); its numbers are never issued again.
 */
export async function cancelApp(
  tx: Kysely<Schema>,
  policy: Pick<PolicyData, 'parseIcpNumber'>,
  number: string,
): Promise<{ subjectCancelled: string | null }> {
  const parsed = parseAppNumber(policy, number);
  if (!parsed) throw new MiitError('not-found', `not an app number: ${number}`);
  const app = await tx
    .selectFrom('filed_app as a')
    .innerJoin('filed_subject as s', 's.id', 'a.subject_id')
    .select(['a.id', 'a.subject_id', 's.subject_number'])
    .where('a.number', '=', parsed.text)
    .executeTakeFirst();
  if (!app) throw new MiitError('not-found', `no filed app ${number}`);
  await tx.deleteFrom('filed_app').where('id', '=', app.id).execute();
  const website = await tx
    .selectFrom('filed_website')
    .select('id')
    .where('subject_id', '=', app.subject_id)
    .executeTakeFirst();
  const other = await tx
    .selectFrom('filed_app')
    .select('id')
    .where('subject_id', '=', app.subject_id)
    .executeTakeFirst();
  if (website || other) return { subjectCancelled: null };
  await tx.deleteFrom('filed_subject').where('id', '=', app.subject_id).execute();
  return { subjectCancelled: app.subject_number };
}

/**
 * 变更APP approved: the app keeps its number and type; its name, entry and identifiers become the
 * change's. An identifier another app holds is refused (`app-already-filed`), as at a first approval.
 */
export async function recordAppChange(
  tx: Kysely<Schema>,
  policy: Pick<PolicyData, 'parseIcpNumber'>,
  change: AppChange,
): Promise<{ subjectNumber: string | null }> {
  const parsed = parseAppNumber(policy, change.number);
  const app = parsed
    ? await tx
        .selectFrom('filed_app as a')
        .innerJoin('filed_subject as s', 's.id', 'a.subject_id')
        .select(['a.id', 's.subject_number'])
        .where('a.number', '=', parsed.text)
        .where('s.state', '=', 'filed')
        .executeTakeFirst()
    : undefined;
  if (!app) throw new MiitError('not-found', `no filed app ${change.number}`);
  if (new Set(change.identifiers).size !== change.identifiers.length)
    throw new MiitError('app-already-filed', 'an app identifier is listed twice');
  if (change.identifiers.length > 0) {
    const clash = await tx
      .selectFrom('filed_app_identifier as i')
      .innerJoin('filed_app as a', 'a.id', 'i.app_id')
      .select(['i.identifier', 'a.number'])
      .where('i.identifier', 'in', [...change.identifiers])
      .where('i.app_id', '!=', app.id)
      .executeTakeFirst();
    if (clash)
      throw new MiitError('app-already-filed', `${clash.identifier} is already filed (${clash.number})`);
  }
  await tx
    .updateTable('filed_app')
    .set({
      name: change.name,
      entry: JSON.stringify(change.entry),
      approved_at: change.approvedAt.toISOString(),
    })
    .where('id', '=', app.id)
    .execute();
  await tx.deleteFrom('filed_app_identifier').where('app_id', '=', app.id).execute();
  if (change.identifiers.length > 0)
    await tx
      .insertInto('filed_app_identifier')
      .values(change.identifiers.map((identifier) => ({ app_id: app.id, identifier })))
      .execute();
  return { subjectNumber: app.subject_number };
}

/** 接入 (APP) / 取消接入: adds or removes `self` among a filed app's providers; its number stays. */
export async function setSelfAppAccess(
  tx: Kysely<Schema>,
  policy: Pick<PolicyData, 'parseIcpNumber'>,
  number: string,
  access: boolean,
): Promise<void> {
  const parsed = parseAppNumber(policy, number);
  const row = parsed
    ? await tx
        .selectFrom('filed_app')
        .select(['id', 'providers'])
        .where('number', '=', parsed.text)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new MiitError('not-found', `no filed app ${number}`);
  const others = row.providers.split(',').filter((provider) => provider !== '' && provider !== 'self');
  await tx
    .updateTable('filed_app')
    .set({ providers: (access ? ['self', ...others] : others).join(',') })
    .where('id', '=', row.id)
    .execute();
}

/** 已备案APP (导入) — a filed app as the demo or an import records it, under a filed subject's number. */
export type ImportedApp = {
  subjectNumber: string;
  number: string;
  name: string;
  type: string;
  approvedAt: string;
  identifiers: readonly string[];
  entry: Record<string, unknown>;
  /** Who hosts it (`self`, or empty: filed through another provider); `self` when absent. */
  providers?: string;
};

/**
 * Records an app filed before (the demo's, an import's) with the number it carries; the number must be
 * its subject's (`<subject number>-<N><A|X>`). Later numbers of the subject count past it (numbers.ts).
 */
export async function recordImportedApp(
  tx: Kysely<Schema>,
  policy: Pick<PolicyData, 'parseIcpNumber'>,
  app: ImportedApp,
): Promise<void> {
  const parsed = parseAppNumber(policy, app.number);
  if (!parsed || parsed.subjectNumber !== app.subjectNumber)
    throw new MiitError('not-found', `${app.number} is not an app number of ${app.subjectNumber}`);
  const subject = await tx
    .selectFrom('filed_subject')
    .select('id')
    .where('subject_number', '=', app.subjectNumber)
    .where('state', '=', 'filed')
    .executeTakeFirst();
  if (!subject) throw new MiitError('not-found', `no filed subject ${app.subjectNumber}`);
  const row = await tx
    .insertInto('filed_app')
    .values({
      subject_id: subject.id,
      number: parsed.text,
      name: app.name,
      type: app.type,
      entry: JSON.stringify(app.entry),
      approved_at: new Date(app.approvedAt).toISOString(),
      providers: app.providers ?? 'self',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (app.identifiers.length > 0)
    await tx
      .insertInto('filed_app_identifier')
      .values(app.identifiers.map((identifier) => ({ app_id: row.id, identifier })))
      .execute();
}

/** Name queries return at most this many apps unless asked for fewer. */
const PUBLIC_APP_QUERY_MAX_LIMIT = 100;

/**
 * 公开查询 (APP) — filed apps by app name (exact or prefix), by number (an app's, or a subject's: all
 * its apps), or by subject name; what MIIT's public query shows of an app.
 */
export async function publicAppQuery(
  db: Kysely<Schema>,
  policy: Pick<PolicyData, 'parseIcpNumber'>,
  query: PublicAppQuery,
): Promise<PublicAppRecord[]> {
  const base = db
    .selectFrom('filed_app as a')
    .innerJoin('filed_subject as s', 's.id', 'a.subject_id')
    .select([
      'a.number as appNumber',
      'a.name as appName',
      'a.type as type',
      'a.approved_at as approvedAt',
      's.name as subjectName',
      's.type as nature',
      's.subject_number as subjectNumber',
    ])
    .where('s.state', '=', 'filed');
  const limit = Math.max(1, Math.min(query.limit ?? PUBLIC_APP_QUERY_MAX_LIMIT, PUBLIC_APP_QUERY_MAX_LIMIT));
  let rows;
  if (query.by === 'number') {
    const app = parseAppNumber(policy, query.number);
    if (app) rows = await base.where('a.number', '=', app.text).execute();
    else {
      const reading = policy.parseIcpNumber(query.number);
      if (!reading.ok || reading.number.kind !== 'subject') return [];
      rows = await base
        .where('s.subject_number', '=', reading.number.subjectNumber)
        .orderBy('a.id')
        .execute();
    }
  } else {
    const name = query.name.trim();
    if (name === '') return [];
    const column = query.by === 'app-name' ? 'a.name' : 's.name';
    // substr counts characters on both dialects; LIKE would differ (case folding, escapes).
    const length = [...name].length;
    rows = await (
      query.match === 'prefix'
        ? base.where((eb) => eb(eb.fn('substr', [column, eb.lit(1), eb.lit(length)]), '=', name))
        : base.where(column, '=', name)
    )
      .orderBy(column)
      .orderBy('a.id')
      .limit(limit)
      .execute();
  }
  return rows.map((row) => ({
    subjectName: row.subjectName,
    nature: row.nature,
    natureName: row.nature === null ? null : (SUBJECT_TYPE_LABELS[row.nature]?.zh ?? null),
    subjectNumber: row.subjectNumber ?? '',
    appNumber: row.appNumber,
    appName: row.appName,
    type: row.type,
    approvedOn: shanghaiDate(new Date(row.approvedAt)),
  }));
}
