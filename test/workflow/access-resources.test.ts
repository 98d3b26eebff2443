import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { parseCidr } from '../../src/filing/index.ts';
import {
  bureauReview,
  cancelAccess,
  changeAccess,
  createApplication,
  grantServiceCode,
  importResources,
  listResources,
  listServiceCodes,
  lookupServiceCode,
  myFilings,
  myServiceCodes,
  providerReview,
  registerResource,
  submitApplication,
  updateDraft,
  verifySms,
  voidServiceCode,
  withdrawApplication,
  type AccessSettings,
} from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import { refusal } from './filing-steps.ts';
import {
  actor,
  at,
  BUREAU,
  DAY,
  HOUR,
  LI_LEI,
  openWorld,
  REVIEWER,
  S1,
  SUBJECT_LEADER_PHONE,
  smsCode,
  typeCheck,
  website,
  WEBSITE_LEADER_PHONE,
  type World,
} from './workflow-fixture.ts';

const OPERATOR = actor('ops.admin', 'admin');
const HAN = actor('han.meimei');
const range = (cidr: string) => {
  const parsed = parseCidr(cidr);
  assert.ok(parsed);
  return parsed;
};
/** The provider declares 47.96.0.0/16 and 2408:4000::/32; codes are required. */
const SETTINGS: AccessSettings = {
  minTermMonths: 3,
  codesPerResource: 3,
  ranges: [range('47.96.0.0/16'), range('2408:4000::/32')],
  serviceCode: 'required',
};

const resource = (label: string, extra: Record<string, unknown> = {}) => ({
  account: 'li.lei',
  label,
  accessMethod: 'cloud-server',
  province: '浙江',
  ips: ['47.96.1.10', '2408:4000::10'],
  termStart: '2026-11-01',
  termEnd: '2027-11-01',
  ...extra,
});

const fieldsOf = (error: unknown) =>
  ((error as { fields?: { path: string; code: string }[] }).fields ?? []).map((f) => [f.path, f.code]);

for (const dialect of testDialects()) {
  describe(`备案资源与服务码 (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    const deps = (now = at(0)) => ({ ...world.deps(now), access: SETTINGS });
    before(async () => {
      world = await openWorld(() => dialect.open());
      for (const login of ['li.lei', 'han.meimei']) {
        await world.database.kysely
          .insertInto('account')
          .values({
            login,
            display_name: login,
            role: 'applicant',
            password_hash: 'x',
            created_at: at(0).toISOString(),
            disabled: 0,
          })
          .execute();
      }
    });
    after(() => world?.database.destroy());

    it('registers a resource with random codes, refuses bad IPs with the RFC, and only for operators', async () => {
      const made = await registerResource({ ...deps(), actor: OPERATOR, input: resource('ecs-hz-1') });
      assert.equal(made.codes.length, 3);
      assert.deepEqual(made.resource.ips, ['47.96.1.10', '2408:4000::10']);
      for (const code of made.codes) assert.match(code, /^[0-9A-HJKMNP-TV-Z]{16}$/);
      assert.equal(new Set(made.codes).size, 3);
      await assert.rejects(
        registerResource({ ...deps(), actor: LI_LEI, input: resource('mine') }),
        refusal('FORBIDDEN'),
      );
      await assert.rejects(
        registerResource({
          ...deps(),
          actor: OPERATOR,
          input: resource('bad', {
            ips: ['10.0.0.1', '192.0.2.5', '2001:db8::1', '::1', '47.96.1.10x', '8.8.8.8', '8.8.8.8'],
            termEnd: '2026-10-01',
          }),
        }),
        (error) => {
          assert.ok(refusal('VALIDATION_FAILED')(error));
          assert.deepEqual(fieldsOf(error), [
            ['ips.0', 'IP_NOT_PUBLIC'],
            ['ips.1', 'IP_NOT_PUBLIC'],
            ['ips.2', 'IP_NOT_PUBLIC'],
            ['ips.3', 'IP_NOT_PUBLIC'],
            ['ips.4', 'IP_INVALID'],
            ['ips.5', 'IP_OUTSIDE_PROVIDER_RANGES'],
            ['ips.6', 'IP_DUPLICATE'],
            ['termEnd', 'RESOURCE_TERM_ORDER'],
          ]);
          const messages = (error as { fields: { message: { zh: string; en: string } }[] }).fields;
          assert.match(messages[1]?.message.en ?? '', /RFC 5737/);
          assert.match(messages[2]?.message.en ?? '', /RFC 3849/);
          assert.match(messages[0]?.message.zh ?? '', /RFC 6890/);
          return true;
        },
      );
      await assert.rejects(
        registerResource({ ...deps(), actor: OPERATOR, input: resource('x', { account: 'nobody' }) }),
        (error) => fieldsOf(error)[0]?.[0] === 'account',
      );
      await assert.rejects(
        registerResource({ ...deps(), actor: OPERATOR, input: resource('ecs-hz-1') }),
        refusal('CONFLICT'),
      );
    });

    it('files a website with a code: bound, in filing, filed, and records its access information', async () => {
      const { codes } = await registerResource({ ...deps(), actor: OPERATOR, input: resource('ecs-hz-2') });
      const code = codes[0] ?? '';
      const d = { ...deps(at(HOUR)), actor: LI_LEI };
      const { application } = await createApplication({ ...d, input: typeCheck(S1, 'demo-ok.cn') });
      // Required and missing: the draft says so, and submit refuses.
      const bare = await updateDraft({
        ...d,
        applicationId: application.id,
        form: { subject: S1, websites: [website('demo-ok.cn')] },
      });
      assert.deepEqual(
        bare.errors.map((e) => [e.path, e.code]),
        [['websites.0.serviceCode', 'SERVICE_CODE_REQUIRED']],
      );
      await assert.rejects(submitApplication({ ...d, applicationId: application.id }), (error) => {
        assert.deepEqual(fieldsOf(error), [['websites.0.serviceCode', 'SERVICE_CODE_REQUIRED']]);
        return true;
      });
      // Typed in lower case with spaces, as people do.
      const typed = code.toLowerCase().replace(/(.{4})/g, '$1 ');
      const saved = await updateDraft({
        ...d,
        applicationId: application.id,
        form: { subject: S1, websites: [{ ...website('demo-ok.cn'), serviceCode: typed }] },
      });
      assert.deepEqual(saved.errors, []);
      const status = async () => (await myServiceCodes({ ...d })).find((c) => c.code === code)?.status;
      assert.equal(await status(), 'bound');
      const submitted = await submitApplication({ ...d, applicationId: application.id });
      assert.equal(await status(), 'in-filing');
      await providerReview({
        ...deps(at(2 * HOUR)),
        actor: REVIEWER,
        applicationId: submitted.id,
        decision: { decision: 'approve' },
      });
      for (const phone of [SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE]) {
        const sms = await smsCode(world, submitted.id, phone);
        await verifySms({
          ...deps(at(3 * HOUR)),
          actor: LI_LEI,
          applicationId: submitted.id,
          input: { phone, code: sms },
        });
      }
      const approved = await bureauReview({
        ...deps(at(4 * HOUR)),
        actor: BUREAU,
        applicationId: submitted.id,
        decision: { decision: 'approve' },
      });
      const number = approved.websites[0]?.number ?? '';
      assert.equal(await status(), 'filed');
      const filed = (await myFilings({ ...d })).flatMap((s) => s.websites);
      const mine = filed.find((w) => w.number === number);
      assert.deepEqual(mine?.access && { ...mine.access, recordedAt: '' }, {
        provider: 'self',
        accessMethod: 'cloud-server',
        province: '浙江',
        ips: ['47.96.1.10', '2408:4000::10'],
        recordedAt: '',
      });
      // Websites filed before (the demo's imports) carry none: "not recorded", never invented.
      const imported = (await myFilings({ ...deps(), actor: HAN })).flatMap((s) => s.websites);
      assert.ok(imported.length > 0);
      assert.ok(imported.every((w) => w.access === null));
      const actions = await world.database.kysely
        .selectFrom('audit_event')
        .select('action')
        .where('application_id', '=', submitted.id)
        .where('action', 'in', ['service-code.status', 'filing.access-recorded'])
        .execute();
      assert.deepEqual(
        actions.map((a) => a.action),
        ['service-code.status', 'service-code.status', 'filing.access-recorded'],
      );

      // 变更接入: a code of another server, the number kept, the old code void, no domain checks.
      const next = await registerResource({
        ...deps(at(DAY)),
        actor: OPERATOR,
        input: resource('ecs-hz-3', { ips: ['47.96.2.20', '47.96.2.21'] }),
      });
      const newCode = next.codes[0] ?? '';
      const person = website('demo-ok.cn').responsiblePerson;
      await assert.rejects(
        changeAccess({
          ...deps(at(DAY)),
          actor: LI_LEI,
          websiteNumber: number,
          input: { serviceCode: newCode, ips: ['47.96.9.9'], responsiblePerson: person },
        }),
        (error) => {
          assert.deepEqual(fieldsOf(error), [['websites.0.ips.0', 'ACCESS_IP_NOT_ON_RESOURCE']]);
          return true;
        },
      );
      const change = await changeAccess({
        ...deps(at(DAY)),
        actor: LI_LEI,
        websiteNumber: number,
        input: { serviceCode: newCode, ips: ['47.96.2.21'], responsiblePerson: person },
      });
      assert.equal(change.status, 'provider-review');
      assert.equal(change.changeOf, number);
      assert.equal(change.changeKind, 'access');
      await providerReview({
        ...deps(at(DAY + HOUR)),
        actor: REVIEWER,
        applicationId: change.id,
        decision: { decision: 'approve' },
      });
      const sms = await smsCode(world, change.id, WEBSITE_LEADER_PHONE);
      await verifySms({
        ...deps(at(DAY + 2 * HOUR)),
        actor: LI_LEI,
        applicationId: change.id,
        input: { phone: WEBSITE_LEADER_PHONE, code: sms },
      });
      const changed = await bureauReview({
        ...deps(at(DAY + 3 * HOUR)),
        actor: BUREAU,
        applicationId: change.id,
        decision: { decision: 'approve' },
      });
      assert.equal(changed.websites[0]?.number, number);
      const codesNow = await myServiceCodes({ ...d });
      assert.equal(codesNow.find((c) => c.code === code)?.status, 'void');
      assert.equal(codesNow.find((c) => c.code === newCode)?.status, 'filed');
      const after = (await myFilings({ ...d })).flatMap((s) => s.websites).find((w) => w.number === number);
      assert.deepEqual(after?.access?.ips, ['47.96.2.21']);

      // 取消接入 ends the access information and the code.
      await cancelAccess({ ...deps(at(2 * DAY)), actor: LI_LEI, websiteNumber: number });
      const cancelled = (await myFilings({ ...d }))
        .flatMap((s) => s.websites)
        .find((w) => w.number === number);
      assert.equal(cancelled?.access ?? null, null);
      assert.equal((await myServiceCodes({ ...d })).find((c) => c.code === newCode)?.status, 'void');
    });

    it('refuses codes of other accounts alike, short terms, IPs outside the ranges, and one code twice', async () => {
      const short = await registerResource({
        ...deps(),
        actor: OPERATOR,
        input: resource('ecs-short', { termEnd: '2027-02-15' }),
      });
      const outside = await registerResource({
        ...deps(),
        actor: OPERATOR,
        input: resource('ecs-outside', { ips: ['47.96.3.3'] }),
      });
      const theirs = await registerResource({
        ...deps(),
        actor: OPERATOR,
        input: resource('ecs-han', { account: 'han.meimei' }),
      });
      // The provider narrowed its declared ranges after registering ecs-outside.
      const narrowed = { ...SETTINGS, ranges: [range('47.96.1.0/24'), range('2408:4000::/32')] };
      const d = { ...world.deps(at(3 * DAY)), access: narrowed, actor: LI_LEI };
      const { application } = await createApplication({ ...d, input: typeCheck(S1, '示例科技.中国') });
      const form = (serviceCode: string) => ({
        subject: S1,
        websites: [{ ...website('示例科技.中国'), serviceCode }],
      });
      const errorsFor = async (serviceCode: string) =>
        (await updateDraft({ ...d, applicationId: application.id, form: form(serviceCode) })).errors.map(
          (e) => e.code,
        );
      assert.deepEqual(await errorsFor(short.codes[0] ?? ''), ['SERVICE_CODE_TERM_SHORT']);
      assert.deepEqual(await errorsFor(outside.codes[0] ?? ''), ['SERVICE_CODE_IP_OUTSIDE']);
      const foreign = await errorsFor(theirs.codes[0] ?? '');
      const made = await errorsFor('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
      assert.deepEqual(foreign, ['SERVICE_CODE_UNKNOWN']);
      assert.deepEqual(made, foreign);
      await assert.rejects(
        updateDraft({ ...d, applicationId: application.id, form: form('12345') }),
        (error) =>
          fieldsOf(error).some(
            ([path, code]) => path === 'websites.0.serviceCode' && code === 'SERVICE_CODE_FORMAT',
          ),
      );
      // The other account's code was never bound by the attempt.
      const hanCodes = await myServiceCodes({ ...world.deps(), actor: HAN });
      assert.ok(hanCodes.every((c) => c.status === 'unused'));
      // Withdrawn: a bound code is free again.
      const good = await registerResource({ ...deps(), actor: OPERATOR, input: resource('ecs-good') });
      await updateDraft({ ...d, applicationId: application.id, form: form(good.codes[0] ?? '') });
      const statusOf = async () =>
        (await myServiceCodes({ ...d })).find((c) => c.code === good.codes[0])?.status;
      assert.equal(await statusOf(), 'bound');
      await withdrawApplication({ ...d, applicationId: application.id });
      assert.equal(await statusOf(), 'unused');
    });

    it('grants unused codes to another applicant, voids them, and limits look-ups per account', async () => {
      const made = await registerResource({ ...deps(), actor: OPERATOR, input: resource('ecs-grant') });
      const [first = '', second = ''] = made.codes;
      const d = { ...deps(), actor: LI_LEI };
      await assert.rejects(
        grantServiceCode({ ...d, code: first, toAccount: 'nobody' }),
        refusal('VALIDATION_FAILED'),
      );
      await assert.rejects(
        grantServiceCode({ ...d, actor: HAN, code: first, toAccount: 'han.meimei' }),
        refusal('VALIDATION_FAILED'),
      );
      const granted = await grantServiceCode({ ...d, code: first, toAccount: 'han.meimei' });
      assert.equal(granted.holder, 'han.meimei');
      assert.equal((await lookupServiceCode({ ...d, actor: HAN, code: first }))?.status, 'unused');
      assert.equal(await lookupServiceCode({ ...d, code: first }), null);
      const voided = await voidServiceCode({ ...d, actor: OPERATOR, code: second });
      assert.equal(voided.status, 'void');
      await assert.rejects(
        voidServiceCode({ ...d, actor: OPERATOR, code: second }),
        refusal('INVALID_TRANSITION'),
      );
      await assert.rejects(voidServiceCode({ ...d, code: second }), refusal('FORBIDDEN'));
      const listed = await listServiceCodes({ ...d, actor: OPERATOR, resourceId: made.resource.id });
      assert.deepEqual(listed.codes.map((c) => c.status).sort(), ['unused', 'unused', 'void']);
      const { resources } = await listResources({ ...d, actor: OPERATOR, account: 'li.lei' });
      assert.equal(resources.find((r) => r.id === made.resource.id)?.codes.void, 1);
      // Guessing: 20 look-ups in ten minutes, then refused whatever the code.
      const guesser = { ...deps(at(5 * DAY)), actor: actor('guess.er') };
      for (let i = 0; i < 20; i++) {
        assert.equal(
          await lookupServiceCode({ ...guesser, code: `AAAA-AAAA-AAAA-AA${String(i).padStart(2, '0')}` }),
          null,
        );
      }
      await assert.rejects(
        lookupServiceCode({ ...guesser, code: first }),
        refusal('SERVICE_CODE_LOOKUP_LIMITED'),
      );
    });

    it('imports resources from CSV line by line, skipping duplicates, naming bad lines', async () => {
      const csv = [
        'account,label,accessMethod,province,ips,termStart,termEnd,codeQuota',
        'li.lei,imp-1,cloud-server,浙江,47.96.5.1;47.96.5.2,2026-11-01,2027-11-01,2',
        'li.lei,imp-2,virtual-host,浙江,10.1.1.1,2026-11-01,2027-11-01,',
        'nobody,imp-3,cloud-server,浙江,47.96.5.3,2026-11-01,2027-11-01,',
        'li.lei,imp-1,cloud-server,浙江,47.96.5.1,2026-11-01,2027-11-01,',
        'li.lei,imp-4,teleport,火星,47.96.5.4,2026-11-01,2026-13-01,',
        '',
      ].join('\n');
      const summary = await importResources({
        ...deps(),
        actor: OPERATOR,
        input: Readable.from([csv]),
        format: 'csv',
      });
      assert.equal(summary.imported, 1);
      assert.equal(summary.duplicates, 1);
      assert.equal(summary.codes, 2);
      assert.deepEqual([...new Set(summary.errors.map((e) => e.line))], [3, 4, 6]);
      assert.ok(summary.errors.every((e) => e.message.zh.startsWith(`第 ${e.line} 行`)));
      await assert.rejects(
        importResources({ ...deps(), actor: LI_LEI, input: Readable.from([csv]), format: 'csv' }),
        refusal('FORBIDDEN'),
      );
      const header = await importResources({
        ...deps(),
        actor: OPERATOR,
        input: Readable.from(['account,label,evil\nx,y,z\n']),
        format: 'csv',
      });
      assert.equal(header.imported, 0);
      assert.match(header.errors[0]?.message.en ?? '', /unknown columns: evil/);
    });
  });
}
