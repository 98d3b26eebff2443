/**
 * The filed websites a cohort covers: filed subjects' websites with a number, hosted here (接入商
 * includes `self`) and not shell (空壳: no provider left). Read in two queries plus one per 500
 * websites for their domains.
 */
import type { Database } from '../store/index.ts';
import { chunked } from '../store/index.ts';
import type { Cohort } from './cohort.ts';
import type { MonitoredSite } from './types.ts';

export async function listMonitoredSites(
  database: Database,
  cohort: Cohort,
  options: { numbers?: readonly string[] } = {},
): Promise<MonitoredSite[]> {
  let query = database.kysely
    .selectFrom('filed_website as w')
    .innerJoin('filed_subject as s', 's.id', 'w.subject_id')
    .select([
      'w.id as id',
      'w.number as number',
      'w.name as name',
      'w.home_url as homeUrl',
      's.subject_number as subjectNumber',
      's.province as province',
      's.account as account',
      's.name as subjectName',
      's.type as subjectType',
      's.id_type as idType',
      's.id_number as idNumber',
    ])
    .where('s.state', '=', 'filed')
    .where('w.number', 'is not', null)
    .where('w.shell_since', 'is', null)
    .where((eb) =>
      eb.or([
        eb('w.providers', '=', 'self'),
        eb('w.providers', 'like', 'self,%'),
        eb('w.providers', 'like', '%,self'),
      ]),
    );
  if (cohort.kind === 'province') query = query.where('s.province', '=', cohort.province);
  if (cohort.kind === 'account') query = query.where('s.account', '=', cohort.account);
  if (options.numbers)
    query = query.where('w.number', 'in', options.numbers.length > 0 ? [...options.numbers] : ['']);
  const rows = await query.orderBy('w.number').execute();
  const domains = new Map<number, string[]>();
  for (const chunk of chunked(rows.map((r) => r.id))) {
    const domainRows = await database.kysely
      .selectFrom('filed_website_domain')
      .select(['website_id', 'domain'])
      .where('website_id', 'in', chunk)
      .orderBy('website_id')
      .orderBy('position')
      .execute();
    for (const row of domainRows) {
      const list = domains.get(row.website_id);
      if (list) list.push(row.domain);
      else domains.set(row.website_id, [row.domain]);
    }
  }
  return rows.map((row) => ({
    number: row.number as string,
    subjectNumber: row.subjectNumber,
    province: row.province,
    account: row.account,
    subject: {
      name: row.subjectName,
      ...(row.subjectType === null ? {} : { type: row.subjectType }),
      idType: row.idType,
      idNumber: row.idNumber,
    },
    name: row.name,
    domains: domains.get(row.id) ?? [],
    homeUrl: row.homeUrl,
    // The MIIT sandbox's filings record no certificate validity; a source that does fills this in.
    certificates: [],
  }));
}
