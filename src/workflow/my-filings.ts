/**
 * Use case: 我的备案 — the applicant's filed subjects with their websites (numbers, domains, providers)
 * and apps (APP备案),
 * read by the API (`GET /filings/mine`) and the web page alike.
 */
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';

/** 已备案网站 — one filed website of mine. */
export type MyFiledWebsite = {
  number: string;
  name: string | null;
  homeUrl: string | null;
  domains: string[];
  providers: string[];
};

/** 已备案APP — one filed app, mini program or quick app of mine (APP备案). */
export type MyFiledApp = { number: string; name: string; type: string };

/** 已备案主体 — one filed subject of mine with its websites and apps. */
type MyFiledSubject = {
  subjectNumber: string;
  name: string;
  province: string;
  websites: MyFiledWebsite[];
  apps: MyFiledApp[];
};

export async function myFilings(deps: ActorDeps): Promise<MyFiledSubject[]> {
  requirePermission(deps.actor, 'filing.read-own', { zh: '查看我的备案', en: 'read my filings' });
  const db = deps.database.kysely;
  const subjects = await db
    .selectFrom('filed_subject')
    .select(['id', 'subject_number', 'name', 'province'])
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
  const apps =
    ids.length === 0
      ? []
      : await db
          .selectFrom('filed_app')
          .select(['subject_id', 'number', 'name', 'type'])
          .where('subject_id', 'in', ids)
          .orderBy('id')
          .execute();
  return subjects.map((s) => ({
    subjectNumber: s.subject_number ?? '',
    name: s.name,
    province: s.province,
    websites: websites
      .filter((w) => w.subject_id === s.id)
      .map((w) => ({
        number: w.number ?? '',
        name: w.name,
        homeUrl: w.home_url,
        domains: domains.filter((d) => d.website_id === w.id).map((d) => d.domain),
        providers: w.providers.split(',').filter((p) => p !== ''),
      })),
    apps: apps
      .filter((a) => a.subject_id === s.id)
      .map((a) => ({ number: a.number, name: a.name, type: a.type })),
  }));
}
