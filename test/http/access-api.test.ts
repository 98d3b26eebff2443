/**
 * 备案资源 and 备案服务码 over the JSON API: an operator registers and imports resources, reads and
 * voids codes; an applicant lists, looks up and grants hers; hostile input (private IPs, a huge CSV,
 * guessed codes) is refused with field errors or limits, never a crash. SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { myFilingsSchema } from '../../src/http/workflow-schemas.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import { S1, website } from '../workflow/workflow-fixture.ts';
import type { WorkflowFixture } from './workflow-api-fixture.ts';
import { createWorkflowFixture, expectError, expectOk, fileThrough } from './workflow-api-fixture.ts';

const any = { parse: (v: unknown) => v as Record<string, unknown> };
const resource = (label: string, extra: Record<string, unknown> = {}) => ({
  account: 'li.lei',
  label,
  accessMethod: 'cloud-server',
  province: '浙江',
  ips: ['47.96.1.10'],
  termStart: '2026-11-01',
  termEnd: '2027-11-01',
  ...extra,
});

for (const dialect of testDialects()) {
  describe(`resources and service codes over the API (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: WorkflowFixture;
    before(async () => {
      db = await dialect.open();
      fx = await createWorkflowFixture(db);
    });
    after(() => db?.destroy());

    it('lets admins register, list and void; applicants see and grant only their own codes', async () => {
      const admin = await fx.as('admin');
      const applicant = await fx.as('li.lei');
      await expectError(await applicant('POST', '/resources', resource('ecs-1')), 403, 'FORBIDDEN');
      await expectError(await fx.anonymous('GET', '/resources'), 401, 'UNAUTHENTICATED');
      const made = (await expectOk(await admin('POST', '/resources', resource('ecs-1')), 201, any)) as {
        resource: { id: number };
        codes: string[];
      };
      assert.equal(made.codes.length, 5);
      const bad = await expectError(
        await admin(
          'POST',
          '/resources',
          resource('ecs-bad', { ips: ['192.168.1.1', 'fe80::1', 'not-an-ip'] }),
        ),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(
        bad.fields?.map((f) => [f.path, f.code]),
        [
          ['ips.0', 'IP_NOT_PUBLIC'],
          ['ips.1', 'IP_NOT_PUBLIC'],
          ['ips.2', 'IP_INVALID'],
        ],
      );
      const listed = (await expectOk(await admin('GET', '/resources?account=li.lei'), 200, any)) as {
        total: number;
      };
      assert.equal(listed.total, 1);
      await expectError(await admin('GET', '/resources/99999/codes'), 404, 'NOT_FOUND');
      await expectError(await admin('GET', '/resources/abc/codes'), 404, 'NOT_FOUND');
      const mine = (await expectOk(await applicant('GET', '/service-codes/mine'), 200, any)) as {
        codes: { code: string; status: string }[];
      };
      assert.equal(mine.codes.length, 5);
      const [first = '', second = ''] = made.codes;
      const other = await fx.as('han.meimei');
      // Another account's code answers like a made-up one.
      const foreign = await expectError(
        await other('POST', '/service-codes/lookup', { code: first }),
        404,
        'NOT_FOUND',
      );
      const madeUp = await expectError(
        await other('POST', '/service-codes/lookup', { code: '0000-0000-0000-0000' }),
        404,
        'NOT_FOUND',
      );
      assert.deepEqual(foreign.message, madeUp.message);
      const granted = await expectOk(
        await applicant('POST', '/service-codes/grant', { code: first, toAccount: 'han.meimei' }),
        200,
        any,
      );
      assert.equal(granted.holder, 'han.meimei');
      assert.equal(
        (await expectOk(await other('POST', '/service-codes/lookup', { code: first }), 200, any)).status,
        'unused',
      );
      const voided = await expectOk(await admin('POST', '/service-codes/void', { code: second }), 200, any);
      assert.equal(voided.status, 'void');
      await expectError(await applicant('POST', '/service-codes/void', { code: second }), 403, 'FORBIDDEN');
    });

    it('limits guessing, refuses oversized imports, and reports bad CSV lines', async () => {
      const guesser = await fx.as('zhang.wei');
      let last: Response | null = null;
      for (let i = 0; i < 21; i++) {
        last = await guesser('POST', '/service-codes/lookup', {
          code: `ABCD-ABCD-ABCD-AB${String(i).padStart(2, '0')}`,
        });
      }
      assert.ok(last);
      await expectError(last, 429, 'SERVICE_CODE_LOOKUP_LIMITED');
      const admin = await fx.as('admin');
      const huge = 'x'.repeat(2 * 1024 * 1024);
      const tooBig = await admin('POST', '/resources/import', { csv: huge });
      assert.ok(tooBig.status === 413 || tooBig.status === 400, String(tooBig.status));
      const csv =
        'account,label,accessMethod,province,ips,termStart,termEnd\nli.lei,imp-a,cloud-server,浙江,47.96.7.7,2026-11-01,2027-11-01\nli.lei,imp-b,cloud-server,浙江,127.0.0.1,2026-11-01,2027-11-01\n';
      const summary = (await expectOk(await admin('POST', '/resources/import', { csv }), 200, any)) as {
        imported: number;
        errors: { line: number }[];
      };
      assert.equal(summary.imported, 1);
      assert.deepEqual(
        summary.errors.map((e) => e.line),
        [3],
      );
    });

    it('shows filed websites without access information as not recorded, and changes access by number', async () => {
      const applicant = await fx.as('li.lei');
      const filed = await fileThrough(fx, 'li.lei', S1, 'demo-ok.cn');
      const number = filed.approved.websites[0]?.number ?? '';
      const filings = await expectOk(await applicant('GET', '/filings/mine'), 200, myFilingsSchema);
      const site = filings.subjects.flatMap((s) => s.websites).find((w) => w.number === number);
      assert.equal(site?.access, null);
      const admin = await fx.as('admin');
      const made = (await expectOk(await admin('POST', '/resources', resource('ecs-change')), 201, any)) as {
        codes: string[];
      };
      const person = website('demo-ok.cn').responsiblePerson;
      const change = await expectOk(
        await applicant('POST', `/filings/${encodeURIComponent(number)}/change-access`, {
          access: { serviceCode: made.codes[0], responsiblePerson: person },
        }),
        201,
        any,
      );
      assert.equal(change.status, 'provider-review');
      assert.equal(change.changeKind, 'access');
      await expectError(
        await applicant('POST', '/filings/%E4%BA%ACICP%E5%A4%879999999%E5%8F%B7-1/change-access', {
          access: { serviceCode: made.codes[1], responsiblePerson: person },
        }),
        404,
        'NOT_FOUND',
      );
    });
  });
}
