/**
 * APP备案 end to end, on SQLite and PostgreSQL: a website and two apps of one subject, from draft to
 * numbers (`-N` for the website, `-NA` / `-NX` for the apps, one sequence), with the APK upload filling
 * in the signing features; the failures an applicant meets (a typed hash that differs, a hostile upload,
 * an app host that fails the domain checks, a package filed by another subject); the public query and
 * cancellation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  cancelApp,
  createApplication,
  readAppStep,
  saveDraftApps,
  submitApplication,
  updateDraft,
} from '../../src/workflow/index.ts';
import { makeSigner, v1Apk } from '../documents/apk-samples.ts';
import { testDialects } from '../support/databases.ts';
import { approveThrough, fieldsOf, refusal } from './filing-steps.ts';
import {
  at,
  DAY,
  HOUR,
  LI_LEI,
  openWorld,
  S1,
  S2,
  SUBJECT_LEADER_PHONE,
  typeCheck,
  website,
  WEBSITE_LEADER_PHONE,
  type World,
} from './workflow-fixture.ts';

const signer = makeSigner('Demo Ledger');
const person = { ...S1.responsiblePerson, mobile: WEBSITE_LEADER_PHONE };

const ledger = (patch: Record<string, unknown> = {}) => ({
  name: '示例记账',
  type: 'app',
  platforms: { android: { packageName: 'cn.demo.ledger', publicKey: '', md5: '' } },
  serviceContent: ['software'],
  responsiblePerson: person,
  domains: ['api.demo-ok.cn'],
  ips: ['203.0.113.7'],
  ...patch,
});
const miniProgram = {
  name: '示例小程序',
  type: 'mini-program',
  serviceContent: ['shopping'],
  responsiblePerson: person,
};

for (const dialect of testDialects()) {
  describe(`APP filing journey (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    before(async () => {
      world = await openWorld(() => dialect.open());
    });
    after(() => world?.database.destroy());

    it('files a website with an app and a mini program to numbers from one sequence', async () => {
      const d = { ...world.deps(at(HOUR)), actor: LI_LEI };
      const { application } = await createApplication({ ...d, input: typeCheck(S1, 'demo-ok.cn') });
      const id = application.id;
      await updateDraft({
        ...d,
        applicationId: id,
        form: { subject: S1, websites: [website('demo-ok.cn')] },
      });

      // A typed MD5 that is not the certificate's is a field error; a hostile upload names its field.
      const wrong = ledger({
        platforms: { android: { packageName: 'cn.demo.ledger', publicKey: '', md5: 'ab'.repeat(16) } },
      });
      const upload = { app: 0, platform: 'android' as const, kind: 'apk' as const, bytes: v1Apk(signer) };
      assert.deepEqual(
        await fieldsOf(saveDraftApps({ ...d, applicationId: id, apps: [wrong], uploads: [upload] })),
        ['apps.0.platforms.android.md5 APP_FEATURE_MISMATCH'],
      );
      const bomb = { ...upload, bytes: Buffer.from('PK\u0003\u0004 not really a zip') };
      assert.deepEqual(
        await fieldsOf(saveDraftApps({ ...d, applicationId: id, apps: [ledger()], uploads: [bomb] })),
        [
          'apps.0.platforms.android.apk APP_UPLOAD_REFUSED',
          'apps.0.platforms.android.publicKey REQUIRED',
          'apps.0.platforms.android.md5 REQUIRED',
        ],
      );

      // The APK fills the public key and MD5; its host is a domain of this application's website.
      const saved = await saveDraftApps({
        ...d,
        applicationId: id,
        apps: [ledger(), miniProgram],
        uploads: [upload],
      });
      assert.deepEqual(saved.errors, []);
      assert.equal(saved.apps[0]?.platforms.android?.md5, signer.expected.md5);
      assert.equal(saved.apps[0]?.platforms.android?.publicKey, signer.expected.modulus);
      const hostFindings = saved.checks[0]?.result.domains[0]?.result.findings.map((f) => f.code) ?? [];
      assert.ok(hostFindings.includes('APP_DOMAIN_OF_FILED_WEBSITE'), hostFindings.join());
      const step = await readAppStep({ ...d, applicationId: id });
      assert.equal(step.valid.length, 2);

      await submitApplication({ ...d, applicationId: id });
      const approved = await approveThrough(world, id, at(2 * HOUR), [
        SUBJECT_LEADER_PHONE,
        WEBSITE_LEADER_PHONE,
      ]);
      const subject = approved.subjectNumber ?? '';
      assert.deepEqual(
        approved.websites.map((w) => w.number),
        [`${subject}-1`],
      );
      assert.deepEqual(approved.apps, [
        { name: '示例记账', number: `${subject}-2A` },
        { name: '示例小程序', number: `${subject}-3X` },
      ]);

      // The public query finds the app by name, number and subject.
      const byName = await world.gateway.publicAppQuery({ by: 'app-name', name: '示例记账' });
      assert.deepEqual(
        byName.map((r) => [r.appNumber, r.subjectName]),
        [[`${subject}-2A`, S1.name]],
      );
      assert.equal(
        (await world.gateway.publicAppQuery({ by: 'number', number: `${subject}-3x` }))[0]?.appName,
        '示例小程序',
      );
      assert.equal((await world.gateway.publicAppQuery({ by: 'subject-name', name: S1.name })).length, 2);
    });

    it('refuses an app whose package another subject filed, and one whose host fails the domain checks', async () => {
      const d = { ...world.deps(at(2 * DAY)), actor: LI_LEI };
      // The same package filed for another subject (the demo's S2, filed in Beijing).
      await world.gateway.issueAppNumbers({
        approvedAt: at(DAY),
        subjectIdNumber: '91110108MA01AB2C3T',
        apps: [
          { name: '北京钱包', type: 'app', suffix: 'A', identifiers: ['android:cn.demo.wallet'], entry: {} },
        ],
      });
      const { application } = await createApplication({ ...d, input: typeCheck(S1, '示例科技.中国') });
      await updateDraft({
        ...d,
        applicationId: application.id,
        form: { subject: S1, websites: [website('示例科技.中国')] },
      });
      const wallet = ledger({
        name: '示例钱包',
        platforms: {
          android: {
            packageName: 'cn.demo.wallet',
            publicKey: signer.expected.modulus,
            md5: signer.expected.md5,
          },
        },
        domains: ['pay.demo-expired.cn'],
      });
      const saved = await saveDraftApps({ ...d, applicationId: application.id, apps: [wallet] });
      assert.deepEqual(
        saved.errors.map((e) => `${e.path} ${e.code}`),
        ['apps.0 APP_IDENTIFIER_FILED_ELSEWHERE', 'apps.0.domains.0 DOMAIN_EXPIRED'],
      );
      assert.match(saved.errors[0]?.message.zh ?? '', /北京示例信息技术有限公司/);
      await assert.rejects(
        submitApplication({ ...d, applicationId: application.id }),
        refusal('VERIFICATION_FAILED'),
      );

      // A package in another application under way (S2's, submitted) is refused at the submit.
      const han = {
        ...world.deps(at(2 * DAY)),
        actor: { account: 'han.meimei', role: 'applicant' as const },
      };
      const s2 = await createApplication({ ...han, input: typeCheck(S2, 'demo-s2-new.cn') });
      await updateDraft({
        ...han,
        applicationId: s2.application.id,
        form: { subject: S2, websites: [website('demo-s2-new.cn')] },
      });
      const inflight = ledger({
        name: '北京记账',
        platforms: {
          android: {
            packageName: 'cn.demo.inflight',
            publicKey: signer.expected.modulus,
            md5: signer.expected.md5,
          },
        },
        domains: [],
      });
      assert.deepEqual(
        (await saveDraftApps({ ...han, applicationId: s2.application.id, apps: [inflight] })).errors,
        [],
      );
      await submitApplication({ ...han, applicationId: s2.application.id });
      await saveDraftApps({ ...d, applicationId: application.id, apps: [{ ...inflight, name: '杭州记账' }] });
      assert.deepEqual(await fieldsOf(submitApplication({ ...d, applicationId: application.id })), [
        'apps.0.platforms.android APP_IDENTIFIER_IN_PROGRESS',
      ]);
    });

    it('cancels an app for its owner only; its number is never issued again', async () => {
      const [record] = await world.gateway.publicAppQuery({ by: 'app-name', name: '示例记账' });
      assert.ok(record);
      const stranger = {
        ...world.deps(at(3 * DAY)),
        actor: { account: 'han.meimei', role: 'applicant' as const },
      };
      await assert.rejects(cancelApp({ ...stranger, appNumber: record.appNumber }), refusal('NOT_FOUND'));
      const done = await cancelApp({
        ...world.deps(at(3 * DAY)),
        actor: LI_LEI,
        appNumber: record.appNumber,
      });
      assert.deepEqual(done, { number: record.appNumber, subjectCancelled: null });
      assert.deepEqual(await world.gateway.publicAppQuery({ by: 'number', number: record.appNumber }), []);
      const again = await world.gateway.issueAppNumbers({
        approvedAt: at(3 * DAY),
        subjectIdNumber: S1.idNumber,
        apps: [
          { name: '示例记账', type: 'app', suffix: 'A', identifiers: ['android:cn.demo.ledger'], entry: {} },
        ],
      });
      assert.equal(again.apps[0]?.number, `${record.subjectNumber}-4A`);
      const audit = await world.database.kysely
        .selectFrom('audit_event')
        .select(['action', 'actor_account'])
        .where('action', '=', 'filing.cancel-app')
        .execute();
      assert.deepEqual(audit, [{ action: 'filing.cancel-app', actor_account: 'li.lei' }]);
    });
  });
}
