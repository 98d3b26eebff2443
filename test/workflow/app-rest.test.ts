/**
 * The rest of issue 17, on SQLite and PostgreSQL: an application of apps only (no website) from the
 * type check to numbers, a 变更APP through provider review, SMS and the bureau keeping the app's number,
 * 取消接入 of the app (number kept, access ended), and the 接入 of an app the subject filed through another
 * provider (number kept, access recorded).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  cancelAppAccess,
  changeApp,
  createApplication,
  listRejectionReasons,
  myFilings,
  providerReview,
  saveDraftApps,
  submitApplication,
  updateDraft,
  withdrawApplication,
} from '../../src/workflow/index.ts';
import { makeSigner } from '../documents/apk-samples.ts';
import { testDialects } from '../support/databases.ts';
import { approveThrough, fieldsOf, refusal } from './filing-steps.ts';
import {
  at,
  DAY,
  HOUR,
  LI_LEI,
  openWorld,
  REVIEWER,
  S1,
  SUBJECT_LEADER_PHONE,
  type World,
} from './workflow-fixture.ts';

const APP_LEADER_PHONE = '13700137000';
const signer = makeSigner('Demo Ledger');
const android = {
  packageName: 'cn.demo.ledger',
  publicKey: signer.expected.modulus,
  md5: signer.expected.md5,
};
const ledger = (patch: Record<string, unknown> = {}) => ({
  name: '示例记账',
  type: 'app',
  platforms: { android },
  serviceContent: ['software'],
  responsiblePerson: { ...S1.responsiblePerson, mobile: APP_LEADER_PHONE },
  domains: [],
  ips: ['203.0.113.7'],
  ...patch,
});
const appsOnly = {
  province: S1.province,
  subject: { type: S1.type, idType: S1.idType, idNumber: S1.idNumber, name: S1.name },
};

for (const dialect of testDialects()) {
  describe(`APP filing: apps only, change, access (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    let appNumber = '';
    before(async () => {
      world = await openWorld(() => dialect.open());
    });
    after(() => world?.database.destroy());

    it('files an application of apps only: first filing of the subject, its number and the app’s', async () => {
      const d = { ...world.deps(at(HOUR)), actor: LI_LEI };
      const { application, check } = await createApplication({ ...d, input: appsOnly });
      assert.equal(check, null);
      assert.equal(application.filingType, 'first-filing');
      assert.deepEqual(application.websites, []);
      const id = application.id;
      await updateDraft({ ...d, applicationId: id, form: { subject: S1, websites: [] } });

      // Nothing to file is refused by name; an app makes the application whole.
      assert.deepEqual(await fieldsOf(submitApplication({ ...d, applicationId: id })), [
        'websites APPLICATION_EMPTY',
      ]);
      const saved = await saveDraftApps({ ...d, applicationId: id, apps: [ledger()] });
      assert.deepEqual(saved.errors, []);
      const submitted = await submitApplication({ ...d, applicationId: id });
      assert.equal(submitted.status, 'provider-review');
      assert.equal(submitted.filingType, 'first-filing');

      const approved = await approveThrough(world, id, at(2 * HOUR), [
        SUBJECT_LEADER_PHONE,
        APP_LEADER_PHONE,
      ]);
      const subject = approved.subjectNumber ?? '';
      assert.match(subject, /^浙ICP备\d{10}号$/);
      assert.deepEqual(approved.websites, []);
      assert.deepEqual(approved.apps, [{ name: '示例记账', number: `${subject}-1A` }]);
      appNumber = `${subject}-1A`;
      const [record] = await world.gateway.publicAppQuery({ by: 'number', number: appNumber });
      assert.equal(record?.subjectName, S1.name);
      const access = await world.database.kysely
        .selectFrom('app_access')
        .select(['provider', 'ips'])
        .where('app_number', '=', appNumber)
        .execute();
      assert.deepEqual(access, [{ provider: 'self', ips: '["203.0.113.7"]' }]);
    });

    it('changes the filed app through review, SMS to its responsible person and the bureau, keeping the number', async () => {
      const d = { ...world.deps(at(DAY)), actor: LI_LEI };
      // What a change cannot do: another type (its letter), another package on a filed platform.
      assert.deepEqual(
        await fieldsOf(
          changeApp({ ...d, appNumber, input: ledger({ type: 'mini-program', platforms: {} }) }),
        ),
        ['apps.0.type CHANGE_APP_TYPE_FIXED'],
      );
      assert.deepEqual(
        await fieldsOf(
          changeApp({
            ...d,
            appNumber,
            input: ledger({ platforms: { android: { ...android, packageName: 'cn.demo.other' } } }),
          }),
        ),
        ['apps.0.platforms.android.packageName CHANGE_APP_PLATFORM_IDENTIFIER'],
      );
      // Another account's app is not found, as an unknown number; a bad field names its place.
      const han = { ...d, actor: { account: 'han.meimei', role: 'applicant' as const } };
      await assert.rejects(changeApp({ ...han, appNumber, input: ledger() }), refusal('NOT_FOUND'));
      assert.deepEqual(
        await fieldsOf(changeApp({ ...d, appNumber, input: ledger({ ips: ['10.0.0.1x'] }) })),
        ['apps.0.ips.0 APP_IP_INVALID'],
      );
      const refusedChanges = await world.database.kysely
        .selectFrom('application')
        .select('id')
        .where('change_kind', '=', 'app')
        .execute();
      assert.deepEqual(refusedChanges, [], 'a refused change leaves nothing behind');

      const ios = {
        bundleId: 'cn.demo.ledger.ios',
        publicKey: signer.expected.modulus,
        sha1: signer.expected.sha1,
      };
      const change = await changeApp({
        ...d,
        appNumber,
        input: ledger({ name: '示例记账专业版', platforms: { android, ios }, ips: ['203.0.113.8'] }),
      });
      assert.deepEqual(
        [change.status, change.changeOf, change.changeKind, change.filingType, change.websites],
        ['provider-review', appNumber, 'app', 'change', []],
      );
      // The reviewer rejects on the app's fields with the library's app reasons; a misfit is refused.
      const review = { ...world.deps(at(DAY + HOUR)), actor: REVIEWER, applicationId: change.id };
      await assert.rejects(
        providerReview({
          ...review,
          decision: { decision: 'reject', reasons: [{ path: 'apps.0.name', code: 'PHONE_UNREACHABLE' }] },
        }),
        refusal('VALIDATION_FAILED'),
      );
      const offered = listRejectionReasons({ ...review, path: 'apps.0.platforms.ios.sha1' });
      assert.equal(offered.fieldKind, 'app-feature');
      assert.ok(offered.reasons.some((r) => r.code === 'APP_FEATURES_NOT_THE_APP'));
      assert.ok(!offered.reasons.some((r) => r.code === 'APP_NAME_NOT_AS_PUBLISHED'));
      const rejected = await providerReview({
        ...review,
        decision: {
          decision: 'reject',
          reasons: [
            { path: 'apps.0.name', code: 'APP_NAME_NOT_AS_PUBLISHED' },
            { path: 'apps.0.platforms.ios.bundleId', code: 'APP_IDENTIFIER_NOT_THE_APP' },
          ],
        },
      });
      assert.equal(rejected.status, 'provider-rejected');
      assert.deepEqual(
        rejected.rejection?.reasons.map((r) => [r.path, r.code, Boolean(r.remedy?.zh && r.remedy.en)]),
        [
          ['apps.0.name', 'APP_NAME_NOT_AS_PUBLISHED', true],
          ['apps.0.platforms.ios.bundleId', 'APP_IDENTIFIER_NOT_THE_APP', true],
        ],
      );
      // The applicant revises that change (same application, same app) and it goes back to review.
      const revised = await changeApp({
        ...world.deps(at(DAY + 2 * HOUR)),
        actor: LI_LEI,
        appNumber,
        applicationId: change.id,
        input: ledger({ name: '示例记账专业版', platforms: { android, ios }, ips: ['203.0.113.8'] }),
      });
      assert.deepEqual([revised.id, revised.status, revised.rejection], [change.id, 'provider-review', null]);

      // A change carries no 主体负责人: only the app's responsible person confirms.
      const approved = await approveThrough(world, change.id, at(30 * HOUR), [APP_LEADER_PHONE]);
      assert.deepEqual(approved.apps, [{ name: '示例记账专业版', number: appNumber, kind: 'changed' }]);
      const [record] = await world.gateway.publicAppQuery({ by: 'number', number: appNumber });
      assert.equal(record?.appName, '示例记账专业版');
      const ids = await world.database.kysely
        .selectFrom('filed_app_identifier as i')
        .innerJoin('filed_app as a', 'a.id', 'i.app_id')
        .select('i.identifier')
        .where('a.number', '=', appNumber)
        .orderBy('i.identifier')
        .execute();
      assert.deepEqual(
        ids.map((i) => i.identifier),
        ['android:cn.demo.ledger', 'ios:cn.demo.ledger.ios'],
      );
      const access = await world.database.kysely
        .selectFrom('app_access')
        .select('ips')
        .where('app_number', '=', appNumber)
        .executeTakeFirst();
      assert.equal(access?.ips, '["203.0.113.8"]');
    });

    it('cancels this provider’s access to the app: number kept, access ended, audited; not twice', async () => {
      const d = { ...world.deps(at(2 * DAY)), actor: LI_LEI };
      // Another account's app is not found, as an unknown number; nothing changes.
      const han = { ...d, actor: { account: 'han.meimei', role: 'applicant' as const } };
      await assert.rejects(cancelAppAccess({ ...han, appNumber }), refusal('NOT_FOUND'));
      await assert.rejects(cancelAppAccess({ ...d, appNumber: 'not a number' }), refusal('NOT_FOUND'));
      // Not while a 变更APP of it is in flight: the bureau would get a change of an app that left.
      const change = await changeApp({ ...d, appNumber, input: ledger() });
      await assert.rejects(cancelAppAccess({ ...d, appNumber }), refusal('SUBJECT_HAS_ACTIVE_APPLICATION'));
      const hostedStill = await world.database.kysely
        .selectFrom('filed_app')
        .select('providers')
        .where('number', '=', appNumber)
        .executeTakeFirst();
      assert.equal(hostedStill?.providers, 'self', 'a refusal changes nothing');
      await withdrawApplication({ ...d, applicationId: change.id });

      assert.deepEqual(await cancelAppAccess({ ...d, appNumber }), { number: appNumber, providers: [] });
      // Still filed with MIIT under its number; no longer hosted here, its access information gone.
      const [record] = await world.gateway.publicAppQuery({ by: 'number', number: appNumber });
      assert.equal(record?.appNumber, appNumber);
      const [mine] = await myFilings(d);
      assert.deepEqual(
        mine?.apps.map((a) => [a.number, a.providers]),
        [[appNumber, []]],
      );
      const access = await world.database.kysely
        .selectFrom('app_access')
        .select('provider')
        .where('app_number', '=', appNumber)
        .execute();
      assert.deepEqual(access, []);
      const audit = await world.database.kysely
        .selectFrom('audit_event')
        .select(['actor_account', 'data'])
        .where('action', '=', 'filing.cancel-app-access')
        .execute();
      assert.deepEqual(
        audit.map((a) => [a.actor_account, JSON.parse(a.data) as unknown]),
        [['li.lei', { number: appNumber, providers: [], name: '示例记账专业版' }]],
      );
      // Not hosted here any more: nothing left to cancel.
      await assert.rejects(cancelAppAccess({ ...d, appNumber }), refusal('INVALID_TRANSITION'));
    });

    it('files the access of an app the subject filed through another provider: number kept, access recorded', async () => {
      // The app left this provider (取消接入 above); it is still filed, as if through another one.
      const d = { ...world.deps(at(3 * DAY)), actor: LI_LEI };
      // A change is for apps hosted here.
      await assert.rejects(changeApp({ ...d, appNumber, input: ledger() }), refusal('INVALID_TRANSITION'));

      const { application } = await createApplication({ ...d, input: appsOnly });
      assert.equal(application.filingType, 'add-website', 'the subject is filed here now');
      await updateDraft({ ...d, applicationId: application.id, form: { subject: S1, websites: [] } });
      const saved = await saveDraftApps({
        ...d,
        applicationId: application.id,
        apps: [ledger({ name: '示例记账专业版', ips: ['203.0.113.9'] })],
      });
      assert.deepEqual(saved.errors, []);
      assert.deepEqual(
        saved.checks[0]?.result.findings.map((f) => [f.code, f.severity]),
        [['APP_ACCESS_OF_FILED_APP', 'info']],
      );
      // Its one app is the subject's filed one: an access filing (接入), not a new app, through every save.
      assert.equal(saved.application.filingType, 'add-access');
      const resaved = await updateDraft({
        ...d,
        applicationId: application.id,
        form: { subject: S1, websites: [] },
      });
      assert.equal(resaved.application.filingType, 'add-access');
      const submitted = await submitApplication({ ...d, applicationId: application.id });
      assert.equal(submitted.filingType, 'add-access');
      const approved = await approveThrough(world, application.id, at(3 * DAY + 2 * HOUR), [
        SUBJECT_LEADER_PHONE,
        APP_LEADER_PHONE,
      ]);
      assert.deepEqual(approved.apps, [{ name: '示例记账专业版', number: appNumber, kind: 'access' }]);
      const row = await world.database.kysely
        .selectFrom('filed_app')
        .select('providers')
        .where('number', '=', appNumber)
        .executeTakeFirst();
      assert.equal(row?.providers, 'self');
      const access = await world.database.kysely
        .selectFrom('app_access')
        .select(['provider', 'ips', 'application_id'])
        .where('app_number', '=', appNumber)
        .execute();
      assert.deepEqual(access, [
        { provider: 'self', ips: '["203.0.113.9"]', application_id: application.id },
      ]);
    });
  });
}
