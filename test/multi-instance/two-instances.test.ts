/**
 * Issue 14, "Proof": two `beian serve` processes on one PostgreSQL database, and a client driving
 * applicants through 创建 → 提交 → 初审 → 短信核验 → 管局审核 on both at once (each step of an applicant
 * goes to the other instance than its last). Afterwards: every acknowledged write is there, no ICP
 * number twice, no domain in two live filings, each application's audit trail is its transitions,
 * and a document uploaded through one instance downloads through the other. Then the fault test:
 * one instance SIGKILLed in the middle of a burst; after its restart every 2xx write is present and
 * nothing is half-written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/store/index.ts';
import { pdf } from '../documents/samples.ts';
import { testDialects } from '../support/databases.ts';
import { SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE } from '../workflow/workflow-fixture.ts';
import type { Applicant, Instance } from './cluster.ts';
import {
  call,
  databaseUrl,
  seedApplicants,
  startInstance,
  stopInstance,
  tempDir,
  websiteOf,
} from './cluster.ts';

const postgres = testDialects().find((dialect) => dialect.name === 'postgres');
const APPLICANTS = 24;

/** The statuses an application passes on the way, in order; the audit trail must show these steps. */
const JOURNEY = ['draft', 'provider-review', 'awaiting-sms', 'bureau-review', 'approved'] as const;

type Outcome = { id: number | null; acknowledged: (typeof JOURNEY)[number] | null; failed: string | null };

/**
 * Drives one applicant as far as the instances let it: `pick(step)` names the instance of each
 * request. Returns the last status a 2xx acknowledged; stops at the first request that fails.
 */
async function journey(
  applicant: Applicant,
  staff: { reviewer: Record<string, string>; bureau: Record<string, string> },
  pick: (step: number) => string,
  document: { bytes: Buffer; check: (id: number, documentId: number) => Promise<void> } | null,
): Promise<Outcome> {
  const outcome: Outcome = { id: null, acknowledged: null, failed: null };
  const as = applicant.headers;
  const step = async (
    n: number,
    headers: Record<string, string>,
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const answer = await call(pick(n), headers, method, path, body);
    if (answer.status < 200 || answer.status > 299) {
      outcome.failed = `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
      return null;
    }
    return answer.body as Record<string, unknown>;
  };
  const subject = applicant.subject;
  const created = await step(0, as, 'POST', '/applications', {
    province: subject.province,
    subject: { type: subject.type, idType: subject.idType, idNumber: subject.idNumber, name: subject.name },
    domain: applicant.domain,
  });
  if (!created) return outcome;
  const id = (created.application as { id: number }).id;
  outcome.id = id;
  outcome.acknowledged = 'draft';
  if (
    !(await step(1, as, 'PUT', `/applications/${id}`, { subject, websites: [websiteOf(applicant.domain)] }))
  )
    return outcome;
  if (document) {
    const form = new FormData();
    form.set('kind', 'other');
    form.set('file', new Blob([document.bytes], { type: 'application/pdf' }), 'scan.pdf');
    let uploaded: Response | null = null;
    try {
      uploaded = await fetch(`${pick(2)}/api/v1/applications/${id}/documents`, {
        method: 'POST',
        headers: as,
        body: form,
      });
    } catch {
      uploaded = null;
    }
    if (uploaded?.status !== 201) {
      outcome.failed = `upload: ${uploaded?.status ?? 0}`;
      return outcome;
    }
    await document.check(id, ((await uploaded.json()) as { id: number }).id);
  }
  if (!(await step(3, as, 'POST', `/applications/${id}/submit`))) return outcome;
  outcome.acknowledged = 'provider-review';
  if (
    !(await step(4, staff.reviewer, 'POST', `/applications/${id}/provider-review`, { decision: 'approve' }))
  )
    return outcome;
  outcome.acknowledged = 'awaiting-sms';
  let n = 5;
  for (const phone of [SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE]) {
    const outbox = await step(
      n++,
      staff.bureau,
      'GET',
      `/sandbox/sms-outbox?applicationId=${id}&phone=${phone}`,
    );
    if (!outbox) return outcome;
    const messages = outbox.messages as { body: string }[];
    const code = /验证码：(\d{6})/.exec(messages[0]?.body ?? '')?.[1];
    if (!code) {
      outcome.failed = `no SMS code for ${phone}`;
      return outcome;
    }
    const verified = await step(n++, as, 'POST', `/applications/${id}/sms/verify`, { phone, code });
    if (!verified) return outcome;
  }
  outcome.acknowledged = 'bureau-review';
  if (!(await step(n, staff.bureau, 'POST', `/applications/${id}/bureau-review`, { decision: 'approve' })))
    return outcome;
  outcome.acknowledged = 'approved';
  return outcome;
}

/** Everything that must hold of the database whatever happened to the instances. */
async function assertConsistent(database: Database, outcomes: Outcome[]): Promise<void> {
  const db = database.kysely;
  // Every acknowledged write is present: the application at least as far as its last 2xx.
  for (const outcome of outcomes) {
    if (outcome.id === null || outcome.acknowledged === null) continue;
    const row = await db
      .selectFrom('application')
      .select('status')
      .where('id', '=', outcome.id)
      .executeTakeFirst();
    assert.ok(row, `application ${outcome.id} acknowledged but missing`);
    assert.ok(
      JOURNEY.indexOf(row.status as (typeof JOURNEY)[number]) >= JOURNEY.indexOf(outcome.acknowledged),
      `application ${outcome.id}: acknowledged ${outcome.acknowledged}, stored ${row.status}`,
    );
  }
  // No ICP number twice, no domain in two live filings.
  const numbers = await sql<{ number: string; n: number }>`
    select number, count(*)::int as n from filed_website where number is not null group by number having count(*) > 1
    union all
    select subject_number, count(*)::int from filed_subject where subject_number is not null group by subject_number having count(*) > 1`.execute(
    db,
  );
  assert.deepEqual(numbers.rows, []);
  const domains = await sql<{ domain: string }>`
    select d.domain from filed_website_domain d join filed_website w on w.id = d.website_id
    where w.number is not null group by d.domain having count(*) > 1`.execute(db);
  assert.deepEqual(domains.rows, []);
  // Each application's audit trail is a chain of its transitions ending in its status: nothing
  // half-written (a status without its event, an event without its status).
  const applications = await db.selectFrom('application').select(['id', 'status']).execute();
  for (const application of applications) {
    const events = await db
      .selectFrom('audit_event')
      .select(['action', 'from_status', 'to_status'])
      .where('application_id', '=', application.id)
      .where('to_status', 'is not', null)
      .orderBy('id')
      .execute();
    const changes = events.filter((event) => event.from_status !== event.to_status);
    assert.equal(
      changes[0]?.from_status ?? null,
      null,
      `application ${application.id} starts with its creation`,
    );
    for (let i = 1; i < changes.length; i++)
      assert.equal(
        changes[i]?.from_status,
        changes[i - 1]?.to_status,
        `application ${application.id}: chain`,
      );
    assert.equal(
      changes[changes.length - 1]?.to_status,
      application.status,
      `application ${application.id}: last event`,
    );
  }
  // A number exists only with its filing: every approved application's domain is filed under a number.
  const approved = await sql<{ id: number; filed: number }>`
    select a.id, count(w.id)::int as filed from application a
    join application_domain ad on ad.application_id = a.id
    left join filed_website_domain d on d.domain = ad.domain
    left join filed_website w on w.id = d.website_id and w.number is not null
    where a.status = 'approved' group by a.id`.execute(db);
  for (const row of approved.rows)
    assert.ok(row.filed >= 1, `approved application ${row.id} without its filing`);
  // Jobs: none ran twice (the SMS timeouts the burst enqueued are a day away; none is due).
  const jobs = await db.selectFrom('job').select(['id', 'attempts']).where('attempts', '>', 1).execute();
  assert.deepEqual(jobs, []);
}

describe('two instances on one PostgreSQL database', { skip: postgres?.skip ?? 'no postgres' }, () => {
  let database: Database;
  let url: string;
  const cwd = tempDir();
  let instances: Instance[] = [];
  before(async () => {
    database = await (postgres ?? { open: () => Promise.reject(new Error('no postgres')) }).open();
    url = await databaseUrl(database);
    instances = await Promise.all([startInstance(url, cwd.path), startInstance(url, cwd.path)]);
  });
  after(async () => {
    await Promise.all(instances.map(stopInstance));
    await database?.destroy();
    cwd.remove();
  });

  it(`${APPLICANTS} applicants filed through both at once: consistent, and documents readable from either`, async () => {
    const [a, b] = instances.map((instance) => instance.url);
    assert.ok(a && b);
    const { applicants, reviewer, bureau } = await seedApplicants(database, APPLICANTS, 'A');
    const downloads: string[] = [];
    const outcomes = await Promise.all(
      applicants.map((applicant, i) =>
        journey(
          applicant,
          { reviewer, bureau },
          (step) => ((i + step) % 2 === 0 ? a : b),
          i % 4 === 0
            ? {
                bytes: pdf(`cluster-${i}`),
                // Uploaded through one instance (step 2), downloaded through the other.
                check: async (id, documentId) => {
                  const other = (i + 2) % 2 === 0 ? b : a;
                  const response = await fetch(
                    `${other}/api/v1/applications/${id}/documents/${documentId}/content`,
                    {
                      headers: applicant.headers,
                    },
                  );
                  assert.equal(response.status, 200);
                  assert.deepEqual(Buffer.from(await response.arrayBuffer()), pdf(`cluster-${i}`));
                  downloads.push(applicant.login);
                },
              }
            : null,
        ),
      ),
    );
    assert.deepEqual(
      outcomes.filter((outcome) => outcome.failed !== null).map((outcome) => outcome.failed),
      [],
    );
    assert.equal(outcomes.filter((outcome) => outcome.acknowledged === 'approved').length, APPLICANTS);
    assert.equal(downloads.length, APPLICANTS / 4);
    await assertConsistent(database, outcomes);
  });

  it('one instance SIGKILLed mid-burst: after its restart every 2xx write is present, nothing half-written', async () => {
    const [a, b] = instances;
    assert.ok(a && b);
    const { applicants, reviewer, bureau } = await seedApplicants(database, APPLICANTS, 'B');
    let requests = 0;
    let killed = false;
    // The kill lands once a third of the burst's requests have gone out, whatever is in flight.
    const pick = (i: number) => (step: number) => {
      requests += 1;
      if (!killed && requests >= (APPLICANTS * 10) / 3) {
        killed = true;
        b.child.kill('SIGKILL');
      }
      return (i + step) % 2 === 0 ? a.url : b.url;
    };
    const outcomes = await Promise.all(
      applicants.map((applicant, i) => journey(applicant, { reviewer, bureau }, pick(i), null)),
    );
    assert.ok(killed);
    assert.equal(await b.exited, null, 'killed by the signal');
    assert.ok(
      outcomes.some((outcome) => outcome.failed !== null),
      'the kill interrupted journeys',
    );
    const restarted = await startInstance(url, cwd.path);
    instances = [a, restarted];
    await assertConsistent(database, outcomes);
    // The restarted instance serves what the killed one acknowledged.
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.id === null) continue;
      const seen = await call(
        restarted.url,
        applicants[i]?.headers ?? {},
        'GET',
        `/applications/${outcome.id}`,
      );
      assert.equal(seen.status, 200);
    }
  });
});
