/**
 * 公开查询 — MIIT's public filing query (beian.miit.gov.cn):
 * by domain, by ICP number or by subject name, one record per filed website with what the public site
 * shows (unitName, natureName, mainLicence, serviceLicence, serviceName, domains, approval date,
 * limitAccess). Only filed records appear; applications in progress are not public.
 */
import { domainToUnicode } from 'node:url';
import type { Kysely } from 'kysely';
import { parseDomainInput } from '../domain-name/index.ts';
import { SUBJECT_TYPE_LABELS } from '../policy/index.ts';
import type { PolicyData } from '../policy/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import type { Schema } from '../store/index.ts';
import type { PublicFilingRecord, PublicQuery } from './gateway.ts';

/** Name queries return at most this many websites unless asked for fewer. */
const PUBLIC_QUERY_MAX_LIMIT = 100;

/**
 * Runs a public query; an unparsable domain or number finds nothing (as on the public site). A number is
 * read by `policy.parseIcpNumber`, so 京ICP证030173号-1 and 粤B2-20090059 find licence holders' records
 * and spacing or full-width digits do not matter.
 */
export async function publicQuery(
  db: Kysely<Schema>,
  policy: Pick<PolicyData, 'parseIcpNumber'>,
  query: PublicQuery,
): Promise<PublicFilingRecord[]> {
  const base = db
    .selectFrom('filed_website as w')
    .innerJoin('filed_subject as s', 's.id', 'w.subject_id')
    .select([
      'w.id as websiteId',
      'w.number as websiteNumber',
      'w.name as websiteName',
      'w.home_url as homeUrl',
      'w.approved_at as websiteApprovedAt',
      'w.limit_access as limitAccess',
      's.name as subjectName',
      's.type as nature',
      's.subject_number as subjectNumber',
      's.approved_at as subjectApprovedAt',
    ])
    .where('s.state', '=', 'filed')
    .where('w.number', 'is not', null)
    .where('s.subject_number', 'is not', null);

  let rows;
  if (query.by === 'domain') {
    // MIIT files registrable domains; a query for www.example.cn finds example.cn's record.
    const parsed = parseDomainInput(query.domain);
    if (!parsed.ok) return [];
    rows = await base
      .where((eb) =>
        eb(
          'w.id',
          'in',
          eb
            .selectFrom('filed_website_domain')
            .select('website_id')
            .where('domain', '=', parsed.domain.registrableAscii),
        ),
      )
      .orderBy('w.id')
      .execute();
  } else if (query.by === 'number') {
    const reading = policy.parseIcpNumber(query.number);
    if (!reading.ok) return [];
    const parsed = reading.number;
    rows = await (
      parsed.kind === 'website'
        ? base.where('w.number', '=', parsed.text)
        : base.where('s.subject_number', '=', parsed.subjectNumber)
    )
      .orderBy('w.id')
      .execute();
  } else {
    const name = query.name.trim();
    if (name === '') return [];
    const limit = Math.max(1, Math.min(query.limit ?? PUBLIC_QUERY_MAX_LIMIT, PUBLIC_QUERY_MAX_LIMIT));
    // substr counts characters on both dialects; LIKE would differ (case folding, escapes).
    const length = [...name].length;
    rows = await (
      query.match === 'prefix'
        ? base.where((eb) => eb(eb.fn('substr', ['s.name', eb.lit(1), eb.lit(length)]), '=', name))
        : base.where('s.name', '=', name)
    )
      .orderBy('s.name')
      .orderBy('w.id')
      .limit(limit)
      .execute();
  }
  if (rows.length === 0) return [];

  const domainRows = await db
    .selectFrom('filed_website_domain')
    .select(['website_id', 'domain'])
    .where(
      'website_id',
      'in',
      rows.map((row) => row.websiteId),
    )
    .orderBy('website_id')
    .orderBy('position')
    .execute();
  const domains = new Map<number, PublicFilingRecord['domains']>();
  for (const { website_id, domain } of domainRows) {
    const list = domains.get(website_id) ?? [];
    list.push({ ascii: domain, unicode: domainToUnicode(domain) || domain });
    domains.set(website_id, list);
  }
  return rows.map((row) => {
    const nature = row.nature;
    const approvedAt = row.websiteApprovedAt ?? row.subjectApprovedAt;
    return {
      subjectName: row.subjectName,
      nature,
      natureName: nature === null ? null : (SUBJECT_TYPE_LABELS[nature]?.zh ?? null),
      subjectNumber: row.subjectNumber ?? '',
      websiteNumber: row.websiteNumber ?? '',
      websiteName: row.websiteName,
      homeUrl: row.homeUrl,
      domains: domains.get(row.websiteId) ?? [],
      approvedOn: approvedAt === null ? null : shanghaiDate(new Date(approvedAt)),
      limitAccess: row.limitAccess !== 0,
    };
  });
}
