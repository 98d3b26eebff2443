/**
 * A licence holder's filing (粤B2-20090059-5, as MIIT's public query lists qq.com) through the workflow:
 * 接入备案 keeps the licence number, 变更网站 and 注销网站 take it as the applicant types it.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { usccCheckChar } from '../../src/filing/certificates.ts';
import { importFilings, importRegistrations } from '../../src/imports/index.ts';
import {
  bureauReview,
  cancelWebsite,
  changeWebsite,
  createApplication,
  providerReview,
  submitApplication,
  updateDraft,
  verifySms,
} from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import { approveThrough, refusal } from './filing-steps.ts';
import {
  actor,
  at,
  BUREAU,
  HOUR,
  openWorld,
  policy,
  REVIEWER,
  S1,
  SUBJECT_LEADER_PHONE,
  smsCode,
  typeCheck,
  website,
  WEBSITE_LEADER_PHONE,
  type World,
} from './workflow-fixture.ts';

const USCC_BODY = '91440300MA5F7QX01';
/** 深圳示例网络有限公司: a licence holder, filed at another provider under 粤B2-20090059. */
const HOLDER = {
  ...S1,
  idNumber: USCC_BODY + usccCheckChar(USCC_BODY),
  name: '深圳示例网络有限公司',
  province: '广东',
  certificateAddress: '广东省深圳市南山区科技园路 1 号',
  mailingAddress: '广东省深圳市南山区科技园路 1 号 2 楼',
};
const LICENCE = '粤B2-20090059';
const DOMAIN = 'licence-access.cn';
const LIN = actor('lin.na');

const lines = (...values: object[]) =>
  Readable.from([values.map((v) => JSON.stringify(v)).join('\n') + '\n']);

async function loadHolder(world: World): Promise<void> {
  const holder = { name: HOLDER.name, type: 'enterprise', idType: 'uscc', idNumber: HOLDER.idNumber };
  const registered = await importRegistrations({
    db: world.database,
    format: 'jsonl',
    input: lines({
      domain: DOMAIN,
      registrar: '阿里云计算有限公司',
      registrarIanaId: 420,
      registeredAt: '2024-03-01T10:00:00+08:00',
      expiresAt: '2028-03-01T10:00:00+08:00',
      realName: {
        status: 'verified',
        verifiedAt: '2024-03-02T10:00:00+08:00',
        reportedAt: '2024-03-05T10:00:00+08:00',
        holder,
      },
    }),
  });
  assert.deepEqual(registered.errors, []);
  const filed = await importFilings({
    db: world.database,
    policy,
    format: 'jsonl',
    input: lines({
      subjectNumber: LICENCE,
      province: '440000',
      subject: holder,
      provider: 'other',
      websites: [{ number: `${LICENCE}-5`, domains: [DOMAIN] }],
    }),
  });
  assert.deepEqual(filed.errors, []);
}

for (const dialect of testDialects()) {
  describe(`licence numbers in the workflow (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    before(async () => {
      world = await openWorld(() => dialect.open());
      await loadHolder(world);
    });
    after(() => world?.database.destroy());

    it('接入备案 of a website filed under a licence keeps its licence number and adds this provider', async () => {
      const d = { ...world.deps(), actor: LIN };
      const created = await createApplication({ ...d, input: typeCheck(HOLDER, DOMAIN) });
      assert.equal(created.application.filingType, 'add-access');
      const id = created.application.id;
      const saved = await updateDraft({
        ...d,
        applicationId: id,
        form: { subject: HOLDER, websites: [website(DOMAIN)] },
      });
      assert.deepEqual(saved.errors, []);
      await submitApplication({ ...d, applicationId: id });
      const approved = await approveThrough(
        world,
        id,
        at(HOUR),
        [SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE],
        LIN,
      );
      assert.equal(approved.subjectNumber, LICENCE);
      assert.deepEqual(
        approved.websites.map((w) => [w.number, w.kind]),
        [[`${LICENCE}-5`, 'access']],
      );
      const [record] = await world.gateway.publicQuery({ by: 'number', number: `${LICENCE}-5` });
      assert.deepEqual([record?.subjectNumber, record?.domains[0]?.ascii], [LICENCE, DOMAIN]);
    });

    it('变更网站 and 注销网站 take the licence number as the applicant types it', async () => {
      // Spaces, lower case and full-width dashes, as copied from a footer: the policy's parser reads them.
      const typed = ' 粤b2－20090059 －5 ';
      const change = await changeWebsite({
        ...world.deps(at(4 * HOUR)),
        actor: LIN,
        websiteNumber: typed,
        input: { ...website(DOMAIN, '深圳示例网络产品网站'), domains: [DOMAIN] },
      });
      assert.equal(change.changeOf, `${LICENCE}-5`);
      await providerReview({
        ...world.deps(at(5 * HOUR)),
        actor: REVIEWER,
        applicationId: change.id,
        decision: { decision: 'approve' },
      });
      const code = await smsCode(world, change.id, WEBSITE_LEADER_PHONE);
      await verifySms({
        ...world.deps(at(6 * HOUR)),
        actor: LIN,
        applicationId: change.id,
        input: { phone: WEBSITE_LEADER_PHONE, code },
      });
      const approved = await bureauReview({
        ...world.deps(at(7 * HOUR)),
        actor: BUREAU,
        applicationId: change.id,
        decision: { decision: 'approve' },
      });
      assert.deepEqual(approved.websites, [
        { website: 0, number: `${LICENCE}-5`, domains: [DOMAIN], kind: 'changed' },
      ]);

      // A cross-region licence names no filing: not found, whoever asks.
      await assert.rejects(
        cancelWebsite({ ...world.deps(at(8 * HOUR)), actor: LIN, websiteNumber: 'B2-20090059-5' }),
        refusal('NOT_FOUND'),
      );
      const cancelled = await cancelWebsite({
        ...world.deps(at(8 * HOUR)),
        actor: LIN,
        websiteNumber: '粤Ｂ２－２００９００５９－５',
      });
      assert.deepEqual(cancelled, { number: `${LICENCE}-5`, subjectCancelled: LICENCE });
      assert.deepEqual(await world.gateway.publicQuery({ by: 'number', number: LICENCE }), []);
    });
  });
}
