/**
 * Enumeration (issue 12, item 9): the precheck must not tell who asks whether a company (by its
 * credit code) has an account here. SUBJECT_IN_OTHER_ACCOUNT (seed Q9) is shown only to staff
 * checking for an applicant and to an applicant who has shown they control the subject (they hold one
 * of its domains, real-name verified, at this registrar); anyone else gets the filing type's
 * consequence (新增网站: the subject is filed here) without the fact about another account: on the
 * API, the precheck page, the bulk precheck, and the applicant's own filing-type check.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { createTestAccount, sessionFor, testAppOptions } from '../support/app-fixture.ts';
import { testDialects } from '../support/databases.ts';
import { createWebApp } from '../../src/web/index.ts';
import { S2, typeCheck } from '../workflow/workflow-fixture.ts';
import type { Fixture } from './http-fixture.ts';
import { START, createFixture, read } from './http-fixture.ts';

/** 北京示例信息技术有限公司 (S2) is filed here under han.meimei; demo-s2-new.cn is held by S2, unfiled. */
const PRECHECK_S2 = {
  inputs: ['demo-s2-new.cn'],
  province: '北京',
  subjectType: 'enterprise',
  subjectIdType: 'uscc',
  subjectId: S2.idNumber,
  subjectName: S2.name,
};

type Who = { cookie?: string; csrf?: string };

for (const dialect of testDialects()) {
  describe(
    `who learns that a subject has another account here (${dialect.name})`,
    { skip: dialect.skip },
    () => {
      let db: Database;
      let fx: Fixture;
      const sessions = new Map<string, Who>();
      before(async () => {
        db = await dialect.open();
        fx = await createFixture(db, { rateLimits: { precheck: { limit: 10_000, windowMs: 60_000 } } });
        for (const login of ['han.meimei', 'mallory', 'colleague']) {
          const id = await createTestAccount(db, { login, role: 'applicant' });
          const { cookie, csrf } = await sessionFor(db, id, START);
          sessions.set(login, { cookie, csrf });
        }
        sessions.set('anonymous', {});
        // The colleague holds one of S2's domains at this registrar, real-name verified: evidence that
        // they act for S2 (a second account of the same company, the very case Q9 is about).
        await db.kysely
          .insertInto('registrar_domain')
          .values({
            domain: 'demo-s2-colleague.cn',
            registrar_id: 'aliyun',
            account: 'colleague',
            holder_name: S2.name,
            holder_type: 'enterprise',
            holder_id_type: 'uscc',
            holder_id_number: S2.idNumber,
            registered_at: START.toISOString(),
            expires_at: '2030-01-01T00:00:00.000Z',
            status: 'active',
            transferred_to: null,
            transferred_at: null,
            real_name_status: 'verified',
            real_name_verified_at: START.toISOString(),
            real_name_reported_at: START.toISOString(),
            created_at: START.toISOString(),
            updated_at: START.toISOString(),
          })
          .execute();
      });
      after(() => db.destroy());

      const headersOf = (who: string): Record<string, string> => {
        const session = sessions.get(who) ?? {};
        return session.cookie ? { cookie: session.cookie, 'x-csrf-token': session.csrf ?? '' } : {};
      };
      async function precheck(who: string, body: Record<string, unknown> = PRECHECK_S2) {
        const response = await fx.request('POST', '/precheck', { body, headers: headersOf(who) });
        assert.equal(response.status, 200);
        const text = await response.clone().text();
        const result = (await read.report(response)).results[0];
        return { text, codes: result?.findings.map((f) => f.code) ?? [], filingType: result?.filingType };
      }

      it('anonymous: the filing type (add-website), not the other account', async () => {
        const { codes, filingType, text } = await precheck('anonymous');
        assert.ok(!codes.includes('SUBJECT_IN_OTHER_ACCOUNT'), codes.join());
        assert.equal(filingType, 'add-website');
        assert.ok(!text.includes('han'), 'no trace of the account, masked or not');
        // Without a subject the holder's certificate number is used: the same answer.
        const byDomain = await precheck('anonymous', { inputs: ['demo-s2-new.cn'] });
        assert.ok(!byDomain.codes.includes('SUBJECT_IN_OTHER_ACCOUNT'), byDomain.codes.join());
      });

      it('a signed-in applicant checking someone else’s credit code learns no more', async () => {
        const { codes, filingType, text } = await precheck('mallory');
        assert.ok(!codes.includes('SUBJECT_IN_OTHER_ACCOUNT'), codes.join());
        assert.equal(filingType, 'add-website');
        assert.ok(!text.includes('han'));
      });

      it('the owner files a new website; a colleague who holds a domain of the subject is told where', async () => {
        const own = await precheck('han.meimei');
        assert.equal(own.filingType, 'add-website');
        assert.ok(!own.codes.includes('SUBJECT_IN_OTHER_ACCOUNT'));
        const colleague = await precheck('colleague');
        assert.ok(colleague.codes.includes('SUBJECT_IN_OTHER_ACCOUNT'), colleague.codes.join());
        assert.ok(colleague.text.includes('ha***'), 'the masked account, as before');
        assert.equal(colleague.filingType, null);
      });

      it('staff checking on behalf of a named account see it', async () => {
        const response = await fx.request('POST', '/precheck', {
          body: { ...PRECHECK_S2, account: 'mallory' },
          headers: headersOf('anonymous'),
        });
        const anonymousCodes = (await read.report(response)).results[0]?.findings.map((f) => f.code) ?? [];
        assert.ok(!anonymousCodes.includes('SUBJECT_IN_OTHER_ACCOUNT'), 'naming an account is staff-only');
        const reviewer = await fx.sessionOf('provider-reviewer');
        const staff = await fx.request('POST', '/precheck', {
          body: { ...PRECHECK_S2, account: 'mallory' },
          headers: { cookie: reviewer.cookie, 'x-csrf-token': reviewer.csrf },
        });
        const codes = (await read.report(staff)).results[0]?.findings.map((f) => f.code) ?? [];
        assert.ok(codes.includes('SUBJECT_IN_OTHER_ACCOUNT'), codes.join());
      });

      it('the filing-type check of a new application does not tell either', async () => {
        const created = await fx.request('POST', '/applications', {
          body: typeCheck(S2, 'demo-s2-new.cn'),
          headers: headersOf('mallory'),
        });
        const text = await created.text();
        assert.ok(!text.includes('SUBJECT_IN_OTHER_ACCOUNT'), text);
        assert.ok(!text.includes('ha***'), text);
        const colleague = await fx.request('POST', '/applications', {
          body: typeCheck(S2, 'demo-s2-new.cn'),
          headers: headersOf('colleague'),
        });
        assert.equal(colleague.status, 409);
        assert.match(await colleague.text(), /SUBJECT_IN_OTHER_ACCOUNT/);
      });

      it('the precheck page and the bulk precheck answer anonymous visitors the same way', async () => {
        const web = createWebApp({
          ...testAppOptions(db, { now: START }, []),
          rateLimits: { precheck: { limit: 10_000, windowMs: 60_000 } },
        });
        const page = await web.request('/precheck');
        const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
        const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
        const form = new URLSearchParams({
          _csrf: token,
          domain: 'demo-s2-new.cn',
          province: '110000',
          subjectType: 'enterprise',
          subjectIdType: 'uscc',
          subjectId: S2.idNumber,
          subjectName: S2.name,
        });
        const answer = await web.request('/precheck', {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        });
        assert.equal(answer.status, 200);
        const html = await answer.text();
        assert.ok(!html.includes('SUBJECT_IN_OTHER_ACCOUNT'), 'precheck page');
        assert.ok(!html.includes('ha***'));

        const bulkPage = await web.request('/precheck/bulk', { headers: { cookie } });
        const bulkToken = /name="_csrf" value="([^"]+)"/.exec(await bulkPage.text())?.[1] ?? token;
        const bulk = new FormData();
        bulk.append('_csrf', bulkToken);
        bulk.append('subjectId', S2.idNumber);
        bulk.append('subjectIdType', 'uscc');
        bulk.append('subjectType', 'enterprise');
        bulk.append('province', '110000');
        bulk.append('format', 'csv');
        bulk.append('file', new File(['demo-s2-new.cn\n'], 'domains.txt', { type: 'text/plain' }));
        const bulkAnswer = await web.request('/precheck/bulk', {
          method: 'POST',
          headers: { cookie },
          body: bulk,
        });
        const bulkText = await bulkAnswer.text();
        assert.equal(bulkAnswer.status, 200, bulkText.slice(0, 500));
        assert.ok(bulkText.includes('demo-s2-new.cn'), bulkText.slice(0, 500));
        assert.ok(!bulkText.includes('SUBJECT_IN_OTHER_ACCOUNT'), bulkText);
      });
    },
  );
}
