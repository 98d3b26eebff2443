import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cancelAccess, cancelWebsite, removeShellWebsite } from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import { fileThrough, refusal } from './filing-steps.ts';
import { actor, at, BUREAU, DAY, LI_LEI, openWorld, type World } from './workflow-fixture.ts';

const HAN = actor('han.meimei');
const S2_WEBSITE = '京ICP备2021012345号-1';

for (const dialect of testDialects()) {
  describe(`空壳网站 and numbers (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    before(async () => {
      world = await openWorld(() => dialect.open());
    });
    after(() => world?.database.destroy());

    const shellSince = async (number: string) =>
      (
        await world.database.kysely
          .selectFrom('filed_website')
          .select('shell_since')
          .where('number', '=', number)
          .executeTakeFirst()
      )?.shell_since;

    it('cancelling the last provider leaves a 空壳网站 that only the bureau deletes', async () => {
      const now = at(DAY);
      const access = await cancelAccess({ ...world.deps(now), actor: HAN, websiteNumber: S2_WEBSITE });
      assert.deepEqual(access, { number: S2_WEBSITE, providers: [], shell: true });
      assert.equal(await shellSince(S2_WEBSITE), now.toISOString());
      // Still filed (the number stays valid) until the bureau deletes it.
      assert.equal((await world.gateway.publicQuery({ by: 'number', number: S2_WEBSITE })).length, 1);
      const audit = await world.database.kysely
        .selectFrom('audit_event')
        .select('data')
        .where('action', '=', 'filing.cancel-access')
        .executeTakeFirstOrThrow();
      assert.equal((JSON.parse(audit.data) as { shell?: boolean }).shell, true);

      const d = { ...world.deps(at(30 * DAY)), websiteNumber: S2_WEBSITE };
      await assert.rejects(removeShellWebsite({ ...d, actor: HAN }), refusal('FORBIDDEN'));
      assert.deepEqual(await removeShellWebsite({ ...d, actor: BUREAU }), {
        number: S2_WEBSITE,
        shellSince: now.toISOString(),
      });
      assert.deepEqual(await world.gateway.publicQuery({ by: 'number', number: S2_WEBSITE }), []);
      await assert.rejects(removeShellWebsite({ ...d, actor: BUREAU }), refusal('NOT_FOUND'));
    });

    it('a hosted website is no shell: the bureau cannot delete it', async () => {
      const filed = await fileThrough(world, 'demo-ok.cn', at(2 * DAY));
      const number = filed.websites[0]?.number ?? '';
      assert.equal(await shellSince(number), null);
      await assert.rejects(
        removeShellWebsite({ ...world.deps(at(3 * DAY)), actor: BUREAU, websiteNumber: number }),
        refusal('NOT_FOUND'),
      );
    });

    it('a cancelled website number is never issued again when the subject files a new website', async () => {
      const subject = await world.database.kysely
        .selectFrom('filed_website as w')
        .innerJoin('filed_subject as s', 's.id', 'w.subject_id')
        .select(['w.number', 's.subject_number'])
        .where('s.account', '=', 'li.lei')
        .where('s.state', '=', 'filed')
        .executeTakeFirstOrThrow();
      assert.equal(subject.number, `${subject.subject_number ?? ''}-1`);
      // A second website first, so that cancelling -1 leaves the subject filed (its only website would
      // take the subject with it).
      const second = await fileThrough(world, '示例科技.中国', at(4 * DAY));
      assert.equal(second.websites[0]?.number, `${subject.subject_number ?? ''}-2`);
      const cancelled = await cancelWebsite({
        ...world.deps(at(5 * DAY)),
        actor: LI_LEI,
        websiteNumber: subject.number ?? '',
      });
      assert.equal(cancelled.subjectCancelled, null);
      // The same domain again gets the next sequence, never -1.
      const again = await fileThrough(world, 'demo-ok.cn', at(6 * DAY));
      assert.equal(again.application.filingType, 'add-website');
      assert.equal(again.websites[0]?.number, `${subject.subject_number ?? ''}-3`);
    });
  });
}
