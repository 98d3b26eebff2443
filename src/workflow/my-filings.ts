/**
 * Use case: 我的备案 — the applicant's filed subjects with their websites (numbers, domains, providers)
 * and apps (APP备案),
 * read by the API (`GET /filings/mine`) and the web page alike.
 */
import type { IdType, SubjectType } from '../policy/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import type { InProgressApplication } from './subject-activity.ts';
import { subjectInProgress } from './subject-activity.ts';

/** 已备案网站 — one filed website of mine. */
export type MyFiledWebsite = {
  number: string;
  name: string | null;
  homeUrl: string | null;
  domains: string[];
  providers: string[];
  /** 接入信息 at this provider as MIIT records it; null: not recorded (filed or imported without it). */
  access: WebsiteAccess | null;
};

/** 网站接入信息 — provider, access method, server province and IPs of a filed website. */
export type WebsiteAccess = {
  provider: string;
  accessMethod: string;
  province: string;
  ips: string[];
  recordedAt: string;
};

/** 已备案APP — one filed app, mini program or quick app of mine (APP备案). */
export type MyFiledApp = {
  number: string;
  name: string;
  type: string;
  /** Who hosts it (`self`: this provider); none when its access here was cancelled (取消接入). */
  providers: string[];
};

/** 已备案主体 — one filed subject of mine with its websites and apps. */
export type MyFiledSubject = {
  subjectNumber: string;
  name: string;
  province: string;
  /** 主体性质, 证件类型 and 证件号码: what a 新增网站 starts from (the type is null for some imports). */
  subjectType: SubjectType | null;
  idType: IdType;
  idNumber: string;
  /**
   * The subject's application in flight: while it runs, 变更网站, 新增网站 and 取消接入 wait
   * (subject-activity.ts), and the page says so up front.
   */
  inProgress: InProgressApplication | null;
  websites: MyFiledWebsite[];
  apps: MyFiledApp[];
};

export async function myFilings(deps: ActorDeps): Promise<MyFiledSubject[]> {
  requirePermission(deps.actor, 'filing.read-own', { zh: '查看我的备案', en: 'read my filings' });
  const db = deps.database.kysely;
  const subjects = await db
    .selectFrom('filed_subject')
    .select(['id', 'subject_number', 'name', 'province', 'type', 'id_type', 'id_number'])
    .where('account', '=', deps.actor.account)
    .where('state', '=', 'filed')
    .where('subject_number', 'is not', null)
    .orderBy('id')
    .execute();
  const ids = subjects.map((s) => s.id);
  const websites =
    ids.length === 0
      ? []
      : await db
          .selectFrom('filed_website')
          .select(['id', 'subject_id', 'number', 'name', 'home_url', 'providers'])
          .where('subject_id', 'in', ids)
          .where('number', 'is not', null)
          .orderBy('id')
          .execute();
  const websiteIds = websites.map((w) => w.id);
  const domains =
    websiteIds.length === 0
      ? []
      : await db
          .selectFrom('filed_website_domain')
          .select(['website_id', 'domain'])
          .where('website_id', 'in', websiteIds)
          .orderBy('website_id')
          .orderBy('position')
          .execute();
  const numbers = websites.map((w) => w.number ?? '');
  const access =
    numbers.length === 0
      ? []
      : await db.selectFrom('website_access').selectAll().where('website_number', 'in', numbers).execute();
  const accessOf = (number: string | null): WebsiteAccess | null => {
    const row = access.find((a) => a.website_number === number && a.provider === 'self');
    if (!row) return null;
    const ips: unknown = JSON.parse(row.ips);
    return {
      provider: row.provider,
      accessMethod: row.access_method,
      province: row.province,
      ips: Array.isArray(ips) ? ips.map(String) : [],
      recordedAt: row.recorded_at,
    };
  };
  const inProgress = await Promise.all(
    subjects.map((s) => subjectInProgress(db, s.id_number, deps.actor.account)),
  );
  const apps =
    ids.length === 0
      ? []
      : await db
          .selectFrom('filed_app')
          .select(['subject_id', 'number', 'name', 'type', 'providers'])
          .where('subject_id', 'in', ids)
          .orderBy('id')
          .execute();
  return subjects.map((s, i) => ({
    subjectNumber: s.subject_number ?? '',
    name: s.name,
    province: s.province,
    subjectType: s.type,
    idType: s.id_type,
    idNumber: s.id_number,
    inProgress: inProgress[i] ?? null,
    websites: websites
      .filter((w) => w.subject_id === s.id)
      .map((w) => ({
        number: w.number ?? '',
        name: w.name,
        homeUrl: w.home_url,
        domains: domains.filter((d) => d.website_id === w.id).map((d) => d.domain),
        providers: w.providers.split(',').filter((p) => p !== ''),
        access: accessOf(w.number),
      })),
    apps: apps
      .filter((a) => a.subject_id === s.id)
      .map((a) => ({
        number: a.number,
        name: a.name,
        type: a.type,
        providers: a.providers.split(',').filter((p) => p !== ''),
      })),
  }));
}
