/**
 * A newcomer's first filing, from registration to the ICP number, entirely in the browser across the
 * three roles (issue 5): the applicant registers, checks the filing type and fills the wizard (the
 * second domain is refused on the first website — one domain per website since 2019-04-22 — and
 * filed as a second website, the remedy the refusal names); the provider's reviewer approves; the
 * codes MIIT texted are read in the sandbox outbox and entered by the applicant; the bureau approves;
 * the applicant's filings show the numbers and the public query finds them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DemoSite, WatchedPage } from './harness.ts';
import { fillPerson } from './walk-steps.ts';
import {
  SKIP_BROWSER,
  assertClean,
  flashText,
  landedOn,
  launchChromium,
  openPage,
  screenshot,
  signIn,
  signOut,
  startDemoSite,
  withFailureScreenshot,
} from './harness.ts';
import { NEWCOMER, registerNewcomerDomains } from './newcomer.ts';

const WIDTH = 1280;

/** Fills website `index` (1-based as on the page) apart from its domain, which the wizard holds. */
async function fillWebsite(page: Page, index: number, website: (typeof NEWCOMER.websites)[number]) {
  const group = page.getByRole('group', { name: `网站 ${index}`, exact: true });
  await group.getByLabel('网站名称', { exact: true }).fill(website.name);
  await group.getByLabel('网站首页 URL', { exact: true }).fill(`https://www.${website.domain}/`);
  await group.getByLabel('单位门户网站', { exact: true }).check();
  await fillPerson(group.getByRole('group', { name: '网站负责人' }), website.leader);
}

/** The SMS codes of an application in the sandbox outbox (as a bureau reviewer sees it): phone → code. */
async function outboxCodes(page: Page, applicationId: number): Promise<Map<string, string>> {
  await page.goto(`/sandbox/sms?applicationId=${applicationId}`);
  const rows = await page.locator('table.outbox-table tbody tr').all();
  const codes = new Map<string, string>();
  // Newest first: the first message for a phone is its current code.
  for (const row of rows) {
    const phone = (await row.locator('td').nth(2).innerText()).trim();
    const code = /验证码：?\s*(\d{6})/.exec(await row.locator('td.sms-body').innerText())?.[1];
    if (code !== undefined && !codes.has(phone)) codes.set(phone, code);
  }
  return codes;
}

describe('a newcomer’s first filing, in the browser', { skip: SKIP_BROWSER }, () => {
  let site: DemoSite;
  let browser: Browser;
  let tab: WatchedPage;

  before(async () => {
    site = await startDemoSite();
    await registerNewcomerDomains(site, NEWCOMER);
    browser = await launchChromium();
    tab = await openPage(browser, site, { viewport: { width: WIDTH, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('goes from registration to an ICP number across applicant, provider and bureau', () =>
    withFailureScreenshot(tab, 'first-filing', async () => {
      const { page } = tab;
      const { subject, websites } = NEWCOMER;
      const [first, second] = websites;
      assert.ok(first && second);

      // 1. Registration, from the header link.
      await page.goto('/');
      await page.locator('.site-header').getByRole('link', { name: '注册', exact: true }).click();
      await landedOn(page, '/register');
      await page.getByLabel('账号名').fill(NEWCOMER.login);
      await page.getByLabel('姓名或称呼').fill(NEWCOMER.displayName);
      await page.getByLabel('密码', { exact: true }).fill(NEWCOMER.password);
      await page.getByLabel('再次输入密码').fill(NEWCOMER.password);
      await screenshot(page, 'flow-01-register', WIDTH);
      await page.getByRole('button', { name: '注册并登录' }).click();
      await landedOn(page, '/');
      assert.match(await flashText(page), /账号已创建/);
      assert.equal(await page.locator('.site-header .who bdi').innerText(), NEWCOMER.displayName);

      // 2. 备案类型验证 through "new application".
      await page
        .getByRole('navigation', { name: '主导航' })
        .getByRole('link', { name: '我的备案申请' })
        .click();
      await landedOn(page, '/applications');
      await page.getByRole('link', { name: '新建备案申请' }).first().click();
      await landedOn(page, '/applications/new');
      await page.getByLabel('备案省份').selectOption({ label: subject.province.label });
      await page.getByLabel('主办单位性质').selectOption({ label: '企业' });
      await page.getByLabel('主办单位证件类型').selectOption({ label: '统一社会信用代码' });
      await page.getByLabel('主办单位证件号码').fill(subject.idNumber);
      await page.getByLabel('主办单位名称').fill(subject.name);
      await page.getByLabel('域名', { exact: true }).fill(first.domain);
      await screenshot(page, 'flow-02-new-application', WIDTH);
      await page.getByRole('button', { name: '验证并开始填写' }).click();
      await landedOn(page, /^\/applications\/\d+\/subject$/);
      const id = Number(/\/applications\/(\d+)\//.exec(page.url())?.[1]);
      assert.match(await flashText(page), /首次备案/);

      // 3. 填写主体信息: what the check step asked is filled in already.
      assert.equal(await page.getByLabel('主办单位证件号码').inputValue(), subject.idNumber);
      assert.equal(await page.getByLabel('主办单位名称').inputValue(), subject.name);
      await page.getByLabel('备案省份').selectOption({ label: subject.province.label });
      await page.getByLabel('证件住所').fill(subject.certificateAddress);
      await page.getByLabel('通讯地址').fill(subject.mailingAddress);
      await fillPerson(page.getByRole('group', { name: '主体负责人' }), subject.leader);
      await screenshot(page, 'flow-03-subject', WIDTH);
      await page.getByRole('button', { name: '保存并继续' }).click();
      await landedOn(page, `/applications/${id}/websites`);

      // 4. 填写网站信息: the domain checked in step 2 is there. Zhejiang's policy in force is one domain
      // per website (nationwide since 2019-04-22), so the page says so up front and offers no
      // "继续增加域名"; the second domain goes in as a website of its own.
      const website1 = page.getByRole('group', { name: '网站 1', exact: true });
      assert.equal(await website1.getByLabel('域名 1', { exact: true }).inputValue(), first.domain);
      await page.getByText('按现行政策，每个网站只能有 1 个域名').waitFor();
      assert.equal(await page.getByRole('button', { name: '继续增加域名' }).count(), 0);
      assert.equal(await website1.getByLabel('增加的域名').count(), 0);
      await fillWebsite(page, 1, first);
      await screenshot(page, 'flow-04-websites-one-domain-per-website', WIDTH);
      await page.getByLabel('新网站的域名').fill(second.domain);
      await page.getByRole('button', { name: '保存，并继续添加网站' }).click();
      await page.getByRole('group', { name: '网站 2', exact: true }).waitFor();
      assert.match(await flashText(page), new RegExp(`已保存，并添加了网站：${second.domain}`));
      // Website 1 was saved with the addition.
      assert.equal(await website1.getByLabel('网站名称').inputValue(), first.name);
      await fillWebsite(page, 2, second);
      await page.getByRole('button', { name: '保存并继续', exact: true }).last().click();
      await landedOn(page, `/applications/${id}/apps`);
      // 4b. Apps (APP备案): none in this filing; saving goes on to the documents.
      await page.getByRole('button', { name: '保存，下一步', exact: true }).click();
      await landedOn(page, `/applications/${id}/documents`);

      // 5. Documents: Zhejiang requires none; a small PDF goes along anyway, uploaded by the browser.
      await page.getByLabel('材料类型').selectOption({ label: '其他材料' });
      await page.getByLabel('文件', { exact: true }).setInputFiles({
        name: '补充说明.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
      });
      await page.getByRole('button', { name: '上传', exact: true }).click();
      await page.getByRole('cell', { name: '补充说明.pdf', exact: true }).waitFor();
      assert.match(await flashText(page), /已上传：补充说明\.pdf/);
      await screenshot(page, 'flow-05-documents', WIDTH);
      await page.getByRole('link', { name: '下一步：确认并提交' }).click();
      await landedOn(page, `/applications/${id}/review`);

      // 6. Review and submit.
      await page.getByText('核验通过，可以提交。').waitFor();
      await screenshot(page, 'flow-06-review', WIDTH);
      await page.getByRole('button', { name: '提交初审' }).click();
      await landedOn(page, `/applications/${id}`);
      assert.match(await flashText(page), /已提交/);
      // The step bar: 填写 done, 初审 current, and what comes next.
      const current = page.locator('.progress-step[aria-current="step"] .progress-label');
      assert.equal(await current.innerText(), '初审');
      assert.match(await page.locator('.progress-next').innerText(), /接入商正在初审/);
      await signOut(page);

      // 7. The provider's reviewer approves from the queue.
      await signIn(page, 'demo.reviewer');
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '初审' }).click();
      await landedOn(page, '/review');
      await page.locator(`a[href="/review/${id}"]`).click();
      await landedOn(page, `/review/${id}`);
      await screenshot(page, 'flow-07-provider-review', WIDTH);
      // Approving is confirmed first: unticked, the page says so and nothing is decided.
      await page.getByRole('button', { name: '通过初审' }).click();
      await page.locator('#f-confirm-error').waitFor();
      await page.getByLabel('我已核对申请信息、核验结果和备案材料，确认通过').check();
      await page.getByRole('button', { name: '通过初审' }).click();
      await page.locator('main .flash').waitFor();
      assert.match(await flashText(page), new RegExp(`已通过初审：申请 #${id}`));
      await signOut(page);

      // 8. The codes MIIT texted, read in the sandbox outbox.
      await signIn(page, 'demo.bureau');
      const codes = await outboxCodes(page, id);
      await screenshot(page, 'flow-08-sms-outbox', WIDTH);
      assert.deepEqual([...codes.keys()].sort(), [subject.leader.mobile, first.leader.mobile].sort());
      await signOut(page);

      // 9. The applicant enters them.
      await signIn(page, NEWCOMER.login, NEWCOMER.password);
      await page.goto(`/applications/${id}`);
      await page.getByRole('link', { name: '短信核验' }).first().click();
      await landedOn(page, `/applications/${id}/sms`);
      for (const [phone, code] of codes) {
        const masked = `${phone.slice(0, 3)}****${phone.slice(7)}`;
        await page.getByLabel(`发送到 ${masked} 的验证码`).fill(code);
      }
      await screenshot(page, 'flow-09-sms', WIDTH);
      await page.getByRole('button', { name: '提交验证码' }).click();
      await landedOn(page, `/applications/${id}`);
      assert.match(await flashText(page), /短信核验已完成/);
      await signOut(page);

      // 10. The bureau approves and the numbers are issued.
      await signIn(page, 'demo.bureau');
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管局审核' }).click();
      await landedOn(page, '/bureau');
      await page.locator(`a[href="/bureau/${id}"]`).click();
      await landedOn(page, `/bureau/${id}`);
      await page.getByLabel('我已核对申请信息、核验结果和备案材料，确认通过').check();
      await page.getByRole('button', { name: '通过，签发备案号' }).click();
      await page.locator('main .flash').waitFor();
      const issued = await flashText(page);
      await screenshot(page, 'flow-10-bureau-approved', WIDTH);
      const year = new Date().getFullYear();
      const numberPattern = new RegExp(`${subject.province.icpPrefix}ICP备(${year}|${year + 1})\\d{6}号`);
      const subjectNumber = numberPattern.exec(issued)?.[0];
      assert.ok(subjectNumber, issued);
      await signOut(page);

      // 11. The applicant's filings show the subject number and one number per website.
      await signIn(page, NEWCOMER.login, NEWCOMER.password);
      await page
        .getByRole('navigation', { name: '主导航' })
        .getByRole('link', { name: '我的备案', exact: true })
        .click();
      await landedOn(page, '/filings');
      const filings = await page.locator('main').innerText();
      assert.ok(filings.includes(subjectNumber), filings);
      assert.ok(filings.includes(`${subjectNumber}-1`), filings);
      assert.ok(filings.includes(`${subjectNumber}-2`), filings);
      assert.ok(filings.includes(first.domain) && filings.includes(second.domain), filings);
      await screenshot(page, 'flow-11-filings', WIDTH);
      await signOut(page);

      // 12. Anyone finds the website by its domain, typed without saying it is one.
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '备案查询' }).click();
      await landedOn(page, '/query');
      await page.getByLabel('查询内容').fill(second.domain);
      await page.getByRole('button', { name: '查询', exact: true }).click();
      await page.getByText(`${subjectNumber}-2`).first().waitFor();
      const query = await page.locator('main').innerText();
      assert.ok(query.includes(subject.name), query);
      assert.ok(query.includes('按域名查询（自动识别）'), query);
      await screenshot(page, 'flow-12-query', WIDTH);

      assertClean(site, tab);
    }));
});
