/**
 * Every seed FAQ case of demo/walkthrough.json, asked on 备案类型验证 (/precheck) of the demo site as a
 * visitor would: each expected finding code appears with the rule table's remedy (zh by default), and
 * the derived filing type is the walkthrough's. With JavaScript the page answers in place through
 * /api/v1/precheck; one case is asked again with JavaScript off, where the form posts and the server
 * renders the same result.
 *
 * The Q3 cases (two domains of one website, as of a day in 2019) use the form's "更多选项", which the
 * server answers (app.js leaves those to the normal submit). The case without a subject cannot be
 * asked on the form, which requires one: it goes through the same API from the page (its cookies and
 * CSRF token), as app.js would send it.
 */
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CHECK_OPTIONS } from '../../src/cli/check-command.ts';
import { caseArgs, loadWalkthrough } from '../../src/cli/demo-command.ts';
import { RULES } from '../../src/rules/rule-table.ts';
import type { Rule } from '../../src/rules/types.ts';
import { FILING_TYPE_LABELS } from '../../src/web/kit/labels.ts';
import type { DemoSite, WatchedPage } from './harness.ts';
import {
  SKIP_BROWSER,
  assertClean,
  launchChromium,
  openPage,
  screenshot,
  signIn,
  startDemoSite,
  withFailureScreenshot,
} from './harness.ts';

const walkthrough = loadWalkthrough();

type Expect = (typeof walkthrough.cases)[number]['expect'][number];

/** One case as the page or the API is asked it. */
type Question = {
  title: string;
  inputs: string[];
  province?: string | undefined;
  subjectType?: string | undefined;
  subjectName?: string | undefined;
  subjectIdType?: string | undefined;
  subjectId?: string | undefined;
  account?: string | undefined;
  /** Set only for cases pinned to a date of their own (not the walkthrough's instant). */
  at?: string | undefined;
  oneWebsite: boolean;
  expect: Expect[];
};

function questionOf(index: number): Question {
  const item = walkthrough.cases[index];
  assert.ok(item);
  const args = caseArgs(walkthrough, index);
  const { values, positionals } = parseArgs({ args, options: CHECK_OPTIONS, allowPositionals: true });
  return {
    title: `${item.faq ? `${item.faq}: ` : ''}${item.title.zh}`,
    inputs: positionals,
    province: values.province,
    subjectType: values['subject-type'],
    subjectName: values['subject-name'],
    subjectIdType: values['subject-id-type'],
    subjectId: values['subject-id'],
    account: values.account,
    at: values.at === walkthrough.at ? undefined : values.at,
    oneWebsite: values['one-website'] ?? false,
    expect: item.expect,
  };
}

const QUESTIONS = walkthrough.cases.map((_, index) => questionOf(index));

/** What the form cannot ask: a check without a subject. */
const needsApi = (q: Question): boolean => q.subjectId === undefined;
/** What the form asks under "更多选项" (posted, not answered in place): one website, an as-of date. */
const advanced = (q: Question): boolean => !needsApi(q) && (q.at !== undefined || q.oneWebsite);

/**
 * What the web answers where the walkthrough (run by the operator's CLI, which sees every account)
 * says SUBJECT_IN_OTHER_ACCOUNT: the page tells that only to an account that controls the subject
 * (issue 12: no enumeration by credit code), and li.lei does not control S2, so she gets the filing
 * type the subject's filing here implies, 新增网站, and no account.
 */
function webExpect(expect: Expect | undefined): Expect | undefined {
  if (!expect?.codes.includes('SUBJECT_IN_OTHER_ACCOUNT')) return expect;
  return { ...expect, filingType: 'add-website', codes: [] };
}

/** The demo logins that own walkthrough accounts; other accounts are asked anonymously. */
const SIGNED_IN = new Set(['li.lei', 'han.meimei']);
const sessionOf = (q: Question): string => (q.account && SIGNED_IN.has(q.account) ? q.account : '');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The rule table's zh remedies of `code` (its own and its variants') as a pattern: `{variables}` match any text. */
function remedyPattern(code: string): RegExp {
  const rule: Rule | undefined = RULES.find((r) => r.code === code);
  assert.ok(rule, `no rule ${code}`);
  const remedies = [
    rule.remedy,
    ...Object.values(rule.variants ?? {}).flatMap((v) => (v.remedy ? [v.remedy] : [])),
  ];
  const patterns = remedies.map((remedy) =>
    remedy.zh
      .split(/\{\w+\}/)
      .map(escapeRegExp)
      .join('[\\s\\S]+?'),
  );
  return new RegExp(`^处理办法：(?:${patterns.join('|')})$`);
}

/** How the result shows the filing type: its label, or "cannot be determined". */
function filingTypeText(expect: Expect): RegExp {
  if (expect.filingType === null) return /^无法确定/;
  const label = FILING_TYPE_LABELS[expect.filingType as keyof typeof FILING_TYPE_LABELS];
  assert.ok(label, `no label for ${expect.filingType}`);
  return new RegExp(`^${escapeRegExp(label.zh)}`);
}

type Result = { filingType: string; remedies: Map<string, string> };

/** Reads the result sections of the page, one per domain: filing type, codes, each finding's remedy. */
async function readResults(page: Page, count: number): Promise<Result[]> {
  const sections = page.locator('#precheck-result section.check-result');
  await sections.nth(count - 1).waitFor();
  assert.equal(await sections.count(), count, 'one result per domain');
  const results: Result[] = [];
  for (const section of await sections.all()) {
    const filingType = (await section.locator('dl.summary-list dd').first().innerText()).trim();
    const remedies = new Map<string, string>();
    for (const finding of await section.locator('li.finding').all()) {
      const code = (await finding.locator('.finding-code code').innerText()).trim();
      remedies.set(code, (await finding.locator('.finding-remedy').innerText()).trim());
    }
    results.push({ filingType, remedies });
  }
  return results;
}

function assertResult(result: Result | undefined, expect: Expect | undefined, where: string) {
  assert.ok(result && expect, `${where}: no result`);
  assert.match(result.filingType, filingTypeText(expect), `${where}: filing type`);
  assertFindings(result.remedies, expect, where);
}

/** Exactly the expected codes, each with the rule table's remedy. */
function assertFindings(remedies: Map<string, string>, expect: Expect, where: string) {
  assert.deepEqual([...remedies.keys()].sort(), [...expect.codes].sort(), `${where}: codes`);
  for (const code of expect.codes) {
    assert.match(remedies.get(code) ?? '', remedyPattern(code), `${where}: remedy of ${code}`);
  }
}

/** The subject each page's form holds now: a case with the same subject only types its domain. */
const filledSubject = new WeakMap<Page, string>();

/** Fills the precheck form with a question's subject (unless already there) and one domain. */
async function fillForm(page: Page, q: Question, domain: string): Promise<void> {
  const province = q.province ?? '';
  const code = /^\d{6}$/.test(province) ? province : (provinceCodes.get(province) ?? province);
  const subject = JSON.stringify([code, q.subjectType, q.subjectIdType, q.subjectId, q.subjectName]);
  if (filledSubject.get(page) !== subject) {
    await page.getByLabel('备案省份').selectOption(code);
    await page.getByLabel('主办单位性质').selectOption(q.subjectType ?? '');
    await page.getByLabel('证件类型').selectOption(q.subjectIdType ?? '');
    await page.getByLabel('证件号码').fill(q.subjectId ?? '');
    await page.getByLabel('主办单位名称').fill(q.subjectName ?? '');
    filledSubject.set(page, subject);
  }
  await page.getByLabel('域名', { exact: true }).fill(domain);
}

let provinceCodes = new Map<string, string>();

describe('each seed question’s case on 备案类型验证', { skip: SKIP_BROWSER }, () => {
  let site: DemoSite;
  let browser: Browser;
  /** One tab per session: anonymous, li.lei, han.meimei. */
  const tabs = new Map<string, WatchedPage>();
  /** Main-frame navigations per tab since it opened /precheck: the inline answers make none. */
  const navigations = new Map<WatchedPage, number>();

  before(async () => {
    site = await startDemoSite();
    provinceCodes = new Map(site.policy.provinces.map((p) => [p.name, p.code]));
    browser = await launchChromium();
    for (const login of ['', ...SIGNED_IN]) {
      const tab = await openPage(browser, site, { viewport: { width: 1280, height: 900 } });
      if (login !== '') await signIn(tab.page, login);
      await tab.page.goto('/precheck');
      tabs.set(login, tab);
      navigations.set(tab, 0);
      tab.page.on('framenavigated', (frame) => {
        if (frame === tab.page.mainFrame()) navigations.set(tab, (navigations.get(tab) ?? 0) + 1);
      });
    }
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('the walkthrough asks every case through the form but one, which the form cannot ask', () => {
    // Guards the split below: a new case outside the simple form shows up here, not as a silent skip.
    assert.deepEqual(
      QUESTIONS.filter(advanced).map((q) => q.title),
      [
        'Q3: 广西，2019-04-22 之前：每个网站 1 个域名',
        'Q3: 其他省份（北京），2019-04-22 之前：每个网站最多 10 个域名',
        'Q3: 2019-04-22 起全国每个网站 1 个域名：其余用“保存，并继续添加网站”',
      ],
    );
    assert.deepEqual(
      QUESTIONS.filter(needsApi).map((q) => q.title),
      ['不提供主体：按实名持有者推断备案类型'],
    );
  });

  for (const q of QUESTIONS.filter((q) => !needsApi(q) && !advanced(q))) {
    const session = sessionOf(q);
    it(`${q.title} (form, ${session || 'not signed in'})`, async () => {
      const tab = tabs.get(session);
      assert.ok(tab);
      await withFailureScreenshot(tab, 'faq-case', async () => {
        const { page } = tab;
        for (const [i, domain] of q.inputs.entries()) {
          await fillForm(page, q, domain);
          // Answered in place: app.js sends the fields to the API (clearing the previous answer at
          // once) and renders the report; the page does not navigate.
          const [response] = await Promise.all([
            page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/precheck'),
            page.getByRole('button', { name: '验证', exact: true }).click(),
          ]);
          assert.equal(response.status(), 200);
          const [result] = await readResults(page, 1);
          assertResult(result, webExpect(q.expect[i]), domain);
        }
        assert.equal(navigations.get(tab), 0, 'the page was left instead of answering in place');
      });
    });
  }

  for (const q of QUESTIONS.filter(advanced)) {
    it(`${q.title} (form with 更多选项: other domains of the website, as-of date)`, async () => {
      const tab = await openPage(browser, site, { viewport: { width: 1280, height: 900 } });
      await withFailureScreenshot(tab, 'faq-case-advanced', async () => {
        const { page } = tab;
        await page.goto('/precheck');
        const [domain = '', ...more] = q.inputs;
        await fillForm(page, q, domain);
        await page.getByText('更多选项').click();
        await page.getByLabel('同一网站的其他域名').fill(more.join('\n'));
        await page.getByLabel('核验日期').fill(q.at?.slice(0, 10) ?? '');
        const [response] = await Promise.all([
          page.waitForResponse(
            (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/precheck',
          ),
          page.getByRole('button', { name: '验证', exact: true }).click(),
        ]);
        assert.equal(response.status(), 200);
        const results = await readResults(page, q.inputs.length);
        q.inputs.forEach((input, i) => assertResult(results[i], q.expect[i], input));
        // The answer says which day it was evaluated on.
        assert.ok((await page.locator('#precheck-result').innerText()).includes(q.at?.slice(0, 10) ?? '?'));
        if (q.expect.some((e) => e.codes.length > 0))
          await screenshot(page, `precheck-as-of-${q.at?.slice(0, 10)}`, 1280);
      });
      assertClean(site, tab);
      await tab.context.close();
    });
  }

  for (const q of QUESTIONS.filter(needsApi)) {
    it(`${q.title} (API from the page: the form requires a subject)`, async () => {
      const tab = tabs.get(sessionOf(q));
      assert.ok(tab);
      const { page } = tab;
      const csrf = await page.locator('main input[name="_csrf"]').inputValue();
      const response = await page.request.post('/api/v1/precheck', {
        headers: { 'X-CSRF-Token': csrf },
        data: {
          inputs: q.inputs,
          province: q.province,
          subjectType: q.subjectType,
          subjectName: q.subjectName,
          subjectIdType: q.subjectIdType,
          subjectId: q.subjectId,
          at: q.at,
          oneWebsite: q.oneWebsite,
        },
      });
      assert.equal(response.status(), 200, await response.text());
      const report = (await response.json()) as {
        results: {
          filingType: string | null;
          findings: { code: string; remedy: { zh: string } }[];
        }[];
      };
      assert.equal(report.results.length, q.expect.length);
      report.results.forEach((result, i) => {
        const expect = q.expect[i] as Expect;
        assert.equal(result.filingType, expect.filingType, `${q.inputs[i]}: filing type`);
        const remedies = new Map(result.findings.map((f) => [f.code, `处理办法：${f.remedy.zh}`]));
        assertFindings(remedies, expect, q.inputs[i] ?? '');
      });
    });
  }

  it('works without JavaScript: the form posts and the server renders the result', async () => {
    const tab = await openPage(browser, site, {
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    await withFailureScreenshot(tab, 'faq-no-js', async () => {
      const { page } = tab;
      // Q6: the Jiangsu bureau requires a domain certificate (no account involved).
      const q = QUESTIONS.find((x) => x.inputs[0] === 'demo-js.cn');
      assert.ok(q);
      await page.goto('/precheck');
      await fillForm(page, q, 'demo-js.cn');
      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/precheck',
        ),
        page.getByRole('button', { name: '验证', exact: true }).click(),
      ]);
      assert.equal(response.status(), 200);
      const [result] = await readResults(page, 1);
      assertResult(result, q.expect[0], 'demo-js.cn without JavaScript');
      // The form keeps what was typed, so the next domain is one change away.
      assert.equal(await page.getByLabel('证件号码').inputValue(), q.subjectId);
      await screenshot(page, 'precheck-no-js-result', 1280);
    });
    assertClean(site, tab, ...tabs.values());
  });
});
