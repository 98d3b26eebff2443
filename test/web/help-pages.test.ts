/**
 * 帮助 and the wizard's 填写说明: the help page explains the process stage by stage and lists the field
 * rules of the field-error table, and every link of every help panel lands on an element that exists
 * (a rule of /rules, a question of /faq, a field rule or stage of /help, a section of /admin/policy).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FIELD_ERRORS } from '../../src/filing/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { STEP_HELP } from '../../src/web/pages/applicant-step-help.tsx';
import { STAGES, STAGE_LABELS } from '../../src/web/pages/applications/progress.tsx';
import type { Page, WebFixture } from './web-fixture.ts';
import { createWebFixture } from './web-fixture.ts';

describe('help pages', () => {
  let db: Database;
  let fx: WebFixture;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db);
  });
  after(() => db.destroy());

  it('explains the five stages and lists the field rules by their anchors', async () => {
    const help = await (await fx.browser()).get('/help');
    assert.equal(help.status, 200);
    for (const stage of STAGES) {
      assert.ok(help.tagWithId(`stage-${stage}`), stage);
      assert.ok(help.text.includes(STAGE_LABELS[stage].zh), stage);
    }
    for (const key of ['ADDRESS_PO_BOX', 'WEBSITE_NAME_TOO_FEW_CHINESE', 'HOME_URL_OTHER_DOMAIN'])
      assert.ok(help.tagWithId(key), key);
    // A template's placeholder is shown as what it stands for, boxed, not as `{word}`.
    assert.ok(help.text.includes(FIELD_ERRORS.ADDRESS_PO_BOX.zh.replace('{field}', ' 字段 ')));
    assert.doesNotMatch(help.text, /\{\w+\}/);
    const english = await (await fx.browser()).get('/help?lang=en');
    assert.ok(english.text.includes('The filing process') && english.text.includes('Field rules'));
  });

  it('links every help panel entry to something that exists', async () => {
    const visitor = await fx.browser('applicant');
    const pages = new Map<string, Page>();
    let links = 0;
    for (const [step, entries] of Object.entries(STEP_HELP)) {
      for (const entry of entries) {
        for (const link of entry.links) {
          const [path = '', anchor] = link.href.split('#');
          let page = pages.get(path);
          if (!page) {
            page = await visitor.get(path);
            assert.equal(page.status, 200, `${step}: ${path}`);
            pages.set(path, page);
          }
          if (anchor !== undefined) assert.ok(page.tagWithId(anchor), `${step}: ${link.href}`);
          links += 1;
        }
      }
    }
    assert.ok(links >= 15, `${links} links`);
  });
});
