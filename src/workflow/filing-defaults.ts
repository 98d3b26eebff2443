/**
 * 备案资料回填 — nothing typed twice. What a subject filed here (the filed records keep only numbers,
 * names, home pages and domains) is completed from the applications that filed it: the subject's data,
 * addresses and 主体负责人 from its last approved filing, else its last application; a website's
 * service content, pre-approvals, 网站负责人 and remarks from the last approved application that
 * carried one of its domains (a change included), else the last application that did. Only the same
 * account's applications are read: one account never sees what another typed.
 *
 * Providers prefill like this (Alibaba Cloud 新增网站: "主体信息将自动带入"; Tencent Cloud 变更备案
 * shows the filed data to edit); the applicant still sees and may edit every value before submitting.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/index.ts';
import { fromJson } from '../store/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { ownedWebsite } from './filed-records.ts';

type Form = Record<string, unknown>;

/** The fields of a subject as the applicant last entered them; the certificate is the caller's. */
const SUBJECT_FIELDS = ['name', 'certificateAddress', 'mailingAddress', 'responsiblePerson', 'remarks'];
/** The fields of a website that the filed record does not keep. */
const WEBSITE_FIELDS = ['serviceContent', 'preApprovals', 'responsiblePerson', 'remarks'];

type PastApplication = { id: number; approved: boolean; change: boolean; subject: Form; websites: Form[] };

const isObject = (value: unknown): value is Form =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const pick = (from: Form, fields: readonly string[]): Form =>
  Object.fromEntries(fields.filter((f) => from[f] !== undefined && from[f] !== '').map((f) => [f, from[f]]));

/** The account's applications for the subject of `idNumber`, newest first. */
async function pastApplications(
  db: Kysely<Schema>,
  account: string,
  idNumber: string,
): Promise<PastApplication[]> {
  const rows = await db
    .selectFrom('application')
    .select(['id', 'status', 'change_of', 'subject', 'websites'])
    .where('account', '=', account)
    .where('subject_id_number', '=', idNumber.toUpperCase())
    .where('status', 'not in', ['withdrawn', 'expired'])
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return rows.map((row) => {
    const subject = fromJson<unknown>(row.subject);
    const websites = fromJson<unknown>(row.websites);
    return {
      id: row.id,
      approved: row.status === 'approved',
      change: row.change_of !== null && row.change_of !== undefined,
      subject: isObject(subject) ? subject : {},
      websites: Array.isArray(websites) ? websites.filter(isObject) : [],
    };
  });
}

/** Approved first (what is filed), then the newest of the rest. */
const preferApproved = <T>(apps: readonly PastApplication[], find: (app: PastApplication) => T | null) =>
  apps.filter((a) => a.approved).reduce<T | null>((found, a) => found ?? find(a), null) ??
  apps.reduce<T | null>((found, a) => found ?? find(a), null);

/** The subject as last filed or entered (a change carries no 主体负责人, so it never counts). */
function subjectFrom(apps: readonly PastApplication[]): Form | null {
  return preferApproved(apps, (a) =>
    !a.change && isObject(a.subject.responsiblePerson) ? pick(a.subject, SUBJECT_FIELDS) : null,
  );
}

/** The website entry that carried one of `domains`, as last filed or entered. */
function websiteFrom(apps: readonly PastApplication[], domains: readonly string[]): Form | null {
  return preferApproved(apps, (a) => {
    const entry = a.websites.find(
      (w) => Array.isArray(w.domains) && w.domains.some((d) => typeof d === 'string' && domains.includes(d)),
    );
    return entry ? pick(entry, WEBSITE_FIELDS) : null;
  });
}

/**
 * 新增网站: the subject's fields as its earlier applications in this account have them (null when
 * none), for a new draft of the same subject.
 */
export async function subjectDefaults(
  db: Kysely<Schema>,
  account: string,
  idNumber: string,
): Promise<Form | null> {
  return subjectFrom(await pastApplications(db, account, idNumber));
}

/** 变更网站的预填 — the filed website as a form, and the subject's 主体负责人 to copy from. */
export type FiledWebsiteForm = {
  website: Form;
  /** 主体负责人 as filed, for "网站负责人同主体负责人"; null when no application here recorded one. */
  subjectPrincipal: Form | null;
};

/**
 * 变更网站: the filed website `number` as a complete form: name, home page and domains from the filed
 * record (what MIIT has), everything else from the applications that filed or changed it.
 */
export async function filedWebsiteForm(
  deps: ActorDeps & { websiteNumber: string },
): Promise<FiledWebsiteForm> {
  requirePermission(deps.actor, 'filing.change-own', { zh: '变更网站', en: 'change a filed website' });
  const db = deps.database.kysely;
  const owned = await ownedWebsite(db, deps, deps.websiteNumber);
  const row = await db
    .selectFrom('filed_website')
    .select(['id', 'name', 'home_url'])
    .where('number', '=', owned.number)
    .executeTakeFirstOrThrow();
  const domains = (
    await db
      .selectFrom('filed_website_domain')
      .select('domain')
      .where('website_id', '=', row.id)
      .orderBy('position')
      .execute()
  ).map((d) => d.domain);
  const apps = await pastApplications(db, deps.actor.account, owned.subjectIdNumber);
  const principal = subjectFrom(apps)?.responsiblePerson;
  return {
    website: {
      ...(websiteFrom(apps, domains) ?? {}),
      name: row.name ?? '',
      homeUrl: row.home_url ?? '',
      domains,
    },
    subjectPrincipal: isObject(principal) ? principal : null,
  };
}
