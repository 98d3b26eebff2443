import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  addDomain,
  addWebsite,
  createApplication,
  updateDraft,
  WorkflowError,
} from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import { refusal } from './filing-steps.ts';
import { auditTrail, LI_LEI, openWorld, S1, typeCheck, website, type World } from './workflow-fixture.ts';

/** Noon in Asia/Shanghai on the day before and the day 工信管函〔2019〕633号 took effect. */
const BEFORE = new Date('2019-04-21T04:00:00.000Z');
const FROM = new Date('2019-04-22T04:00:00.000Z');

const limitRefusal = (code: string, province: string, limit: number) => (error: unknown) => {
  assert.ok(error instanceof WorkflowError, String(error));
  assert.equal(error.code, 'VALIDATION_FAILED');
  const field = error.fields[0];
  assert.equal(field?.code, code);
  assert.match(field.message.zh, new RegExp(`${province}.* ${limit} 个`));
  assert.match(field.message.en, new RegExp(` ${limit} (domain|website)`));
  assert.equal(error.messages.zh, field.message.zh);
  return true;
};

for (const dialect of testDialects()) {
  describe(`继续增加域名 / 继续添加网站 (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    before(async () => {
      world = await openWorld(() => dialect.open());
    });
    after(() => world?.database.destroy());

    const draftIn = async (province: string, now: Date) => {
      const d = { ...world.deps(now), actor: LI_LEI };
      const input = { ...typeCheck(S1, 'demo-ok.cn'), province };
      return (await createApplication({ ...d, input })).application;
    };

    it('before 2019-04-22: Guangxi allows 1 domain per website, Beijing 10', async () => {
      const gx = await draftIn('广西', BEFORE);
      await assert.rejects(
        addDomain({
          ...world.deps(BEFORE),
          actor: LI_LEI,
          applicationId: gx.id,
          input: { website: 0, domain: 'demo-fresh.cn' },
        }),
        limitRefusal('TOO_MANY_DOMAINS_PER_WEBSITE', '广西', 1),
      );
      const bj = await draftIn('北京', BEFORE);
      const d = { ...world.deps(BEFORE), actor: LI_LEI, applicationId: bj.id };
      let last;
      for (let i = 1; i < 10; i += 1)
        last = await addDomain({ ...d, input: { website: 0, domain: `demo-many-${i}.cn` } });
      assert.equal((last?.application.websites[0]?.domains as string[] | undefined)?.length, 10);
      assert.equal(last?.check.path, 'websites.0.domains.9');
      assert.equal(last?.check.result.domain?.registrableAscii, 'demo-many-9.cn');
      await assert.rejects(
        addDomain({ ...d, input: { website: 0, domain: 'demo-many-10.cn' } }),
        limitRefusal('TOO_MANY_DOMAINS_PER_WEBSITE', '北京', 10),
      );
      const trail = await auditTrail(world, bj.id);
      assert.equal(trail.filter((e) => e.action === 'application.add-domain').length, 9);
    });

    it('from 2019-04-22: 1 domain per website in Beijing and Guangxi alike', async () => {
      for (const province of ['北京', '广西']) {
        const app = await draftIn(province, FROM);
        await assert.rejects(
          addDomain({
            ...world.deps(FROM),
            actor: LI_LEI,
            applicationId: app.id,
            input: { website: 0, domain: 'demo-fresh.cn' },
          }),
          limitRefusal('TOO_MANY_DOMAINS_PER_WEBSITE', province, 1),
        );
      }
    });

    it('adds websites where the bureau allows it (Beijing), refuses in Hubei (1 website per application)', async () => {
      const bj = await draftIn('北京', FROM);
      const added = await addWebsite({
        ...world.deps(FROM),
        actor: LI_LEI,
        applicationId: bj.id,
        input: { domain: 'www.demo-fresh.cn' },
      });
      assert.deepEqual(
        added.application.websites.map((w) => w.domains),
        [['demo-ok.cn'], ['demo-fresh.cn']],
      );
      assert.equal(added.check.path, 'websites.1.domains.0');
      assert.equal(added.application.version, bj.version + 1);
      await assert.rejects(
        addWebsite({
          ...world.deps(FROM),
          actor: LI_LEI,
          applicationId: bj.id,
          input: { domain: 'demo-ok.cn' },
        }),
        refusal('VALIDATION_FAILED'),
      );
      const hb = await draftIn('湖北', FROM);
      await assert.rejects(
        addWebsite({
          ...world.deps(FROM),
          actor: LI_LEI,
          applicationId: hb.id,
          input: { domain: 'demo-fresh.cn' },
        }),
        limitRefusal('TOO_MANY_WEBSITES_PER_APPLICATION', '湖北', 1),
      );
      const trail = await auditTrail(world, bj.id);
      assert.deepEqual(
        trail.map((e) => e.action),
        ['application.create', 'application.add-website'],
      );
    });

    it('updateDraft refuses a form over the limit, naming the province and the limit', async () => {
      const app = await draftIn('北京', FROM);
      const two = { ...website('demo-ok.cn'), domains: ['demo-ok.cn', 'demo-fresh.cn'] };
      await assert.rejects(
        updateDraft({
          ...world.deps(FROM),
          actor: LI_LEI,
          applicationId: app.id,
          form: { subject: { ...S1, province: '北京' }, websites: [two] },
        }),
        (error: unknown) => {
          assert.ok(error instanceof WorkflowError);
          assert.equal(error.code, 'VALIDATION_FAILED');
          const field = error.fields.find((f) => f.code === 'TOO_MANY_DOMAINS_PER_WEBSITE');
          assert.equal(field?.path, 'websites.0.domains');
          assert.match(field.message.zh, /北京.* 1 个域名/);
          return true;
        },
      );
    });

    it('refuses others’ drafts and bad input', async () => {
      const app = await draftIn('北京', FROM);
      const d = world.deps(FROM);
      await assert.rejects(
        addWebsite({
          ...d,
          actor: { account: 'zhang.wei', role: 'applicant' },
          applicationId: app.id,
          input: { domain: 'demo-fresh.cn' },
        }),
        refusal('NOT_FOUND'),
      );
      await assert.rejects(
        addWebsite({ ...d, actor: LI_LEI, applicationId: app.id, input: { domain: 'not a domain' } }),
        refusal('VALIDATION_FAILED'),
      );
      await assert.rejects(
        addDomain({
          ...d,
          actor: LI_LEI,
          applicationId: app.id,
          input: { website: 3, domain: 'demo-fresh.cn' },
        }),
        refusal('VALIDATION_FAILED'),
      );
    });
  });
}
