/**
 * The public pages: 备案类型验证 (result, field errors, account binding), the public query, the rules
 * and FAQ generated from the rule table, the policy data with its sources and the operator's
 * overrides, and the home page's role-aware shortcuts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { importFilings } from '../../src/imports/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import { MONITOR_RULES, RULES } from '../../src/rules/index.ts';
import type { Rule } from '../../src/rules/types.ts';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { FAQ_QUESTIONS } from '../../src/web/pages/faq-questions.ts';
import { PLACEHOLDER_LABELS, codesAnswering } from '../../src/web/pages/rules-pages.tsx';
import type { WebFixture } from './web-fixture.ts';
import { createTestAccount } from '../support/app-fixture.ts';
import { PASSWORD, Page, createWebFixture } from './web-fixture.ts';

const TABLE: readonly Rule[] = RULES;

/** The S2 subject of the demo data, filed through this provider under account han.meimei. */
const S2 = {
  province: '110000',
  subjectType: 'enterprise',
  subjectIdType: 'uscc',
  subjectId: '91110108MA01AB2C3T',
};

const findingCodes = (page: Page) => [...page.html.matchAll(/href="\/rules#([A-Z_]+)"/g)].map((m) => m[1]);

describe('public pages', () => {
  let db: Database;
  let fx: WebFixture;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db);
    await createTestAccount(db, { login: 'han.meimei', displayName: '韩梅梅', role: 'applicant' });
  });
  after(() => db.destroy());

  describe('备案类型验证', () => {
    it('shows the derived filing type and every finding with its remedy', async () => {
      const visitor = await fx.browser();
      const form = await visitor.get('/precheck');
      assert.match(form.html, /<option value="450000">广西（桂）<\/option>/);
      assert.match(
        form.html,
        /<form action="\/precheck" method="post" class="form" novalidate="" data-precheck="" data-account="">/,
      );
      const ok = await visitor.post('/precheck', {
        province: '330000',
        subjectType: 'enterprise',
        subjectIdType: 'uscc',
        subjectId: '91330106MA2B3C4D5D',
        subjectName: '杭州示例科技有限公司',
        domain: 'www.demo-ok.cn',
      });
      assert.equal(ok.status, 200);
      assert.match(ok.html, /<p class="verdict verdict-ok">可以备案<\/p>/);
      assert.match(ok.html, /<dt>备案类型<\/dt><dd>首次备案<\/dd>/);
      // A first filing rests on the filings known here: the page says so and where to check.
      assert.match(
        ok.html,
        /<dt>判断依据<\/dt><dd class="filing-type-basis">本系统已知的备案中没有该主体和域名；已有备案号的，请在工信部备案查询（beian\.miit\.gov\.cn）核实<\/dd>/,
      );
      assert.ok(findingCodes(ok).includes('SUBDOMAIN_INPUT'), findingCodes(ok).join());
      assert.doesNotMatch(ok.html, /tag-error/);
      assert.match(ok.html, /<span class="tag tag-info">提示<\/span>/);
      assert.match(ok.html, /处理办法：<\/strong>备案时只填写 demo-ok\.cn/);
      assert.equal(ok.inputValue('domain'), 'www.demo-ok.cn', 'the form keeps what was checked');
    });

    it('checks other domains of one website as of a date: Guangxi before and after 2019-04-22 (Q3)', async () => {
      const visitor = await fx.browser();
      await visitor.get('/precheck');
      const guangxi = {
        province: '450000',
        subjectType: 'enterprise',
        subjectIdType: 'uscc',
        subjectId: '91450100MA5L6M7N8B',
        subjectName: '南宁示例商贸有限公司',
        domain: 'demo-gx-a.cn',
        moreDomains: 'demo-gx-b.cn\n',
      };
      const before = await visitor.post('/precheck', { ...guangxi, asOf: '2019-04-01' });
      assert.equal(before.status, 200);
      assert.deepEqual(findingCodes(before), ['TOO_MANY_DOMAINS_PER_WEBSITE'], 'Guangxi: 1 per website');
      assert.match(before.html, /<dd>2019-04-01 12:00<\/dd>/, 'the instant checked, in Beijing time');
      const beijing = await visitor.post('/precheck', {
        ...guangxi,
        province: '110000',
        asOf: '2019-04-01',
      });
      assert.deepEqual(findingCodes(beijing), [], 'elsewhere up to 10 until 2019-04-21');
      const after = await visitor.post('/precheck', { ...guangxi, province: '110000', asOf: '2019-05-01' });
      assert.deepEqual(findingCodes(after), ['TOO_MANY_DOMAINS_PER_WEBSITE'], '1 everywhere from 2019-04-22');
      const bad = await visitor.post('/precheck', { ...guangxi, asOf: '2019-13-45' });
      assert.equal(bad.status, 422);
      assert.match(bad.html, /核验日期应为 YYYY-MM-DD 格式的日期/);
      const tooMany = await visitor.post('/precheck', {
        ...guangxi,
        moreDomains: Array.from({ length: 10 }, (_, i) => `demo-${i}.cn`).join('\n'),
      });
      assert.equal(tooMany.status, 422);
      assert.match(tooMany.html, /最多 9 个/);
    });

    it('binds the check to the signed-in account (Q9) and checks anonymously without one', async () => {
      const anonymous = await fx.browser();
      await anonymous.get('/precheck');
      const asNobody = await anonymous.post('/precheck', { ...S2, domain: 'demo-s2-new.cn' });
      // Not whether the subject has an account here (issue 12): the filing type it would get.
      assert.ok(!findingCodes(asNobody).includes('SUBJECT_IN_OTHER_ACCOUNT'), findingCodes(asNobody).join());
      assert.match(asNobody.html, /<dt>备案类型<\/dt><dd>新增网站<\/dd>/);
      assert.match(asNobody.html, /未登录/);

      const han = await fx.browser();
      await han.get('/login');
      await han.post('/login', { login: 'han.meimei', password: PASSWORD });
      const page = await han.get('/precheck');
      assert.match(page.html, /data-account="han\.meimei"/);
      const asOwner = await han.post('/precheck', { ...S2, domain: 'demo-s2-new.cn' });
      assert.ok(!findingCodes(asOwner).includes('SUBJECT_IN_OTHER_ACCOUNT'), findingCodes(asOwner).join());
      assert.match(asOwner.html, /<dt>备案类型<\/dt><dd>新增网站<\/dd>/);
    });

    it('ties missing and unknown values to their fields with 422', async () => {
      const visitor = await fx.browser();
      await visitor.get('/precheck');
      const empty = await visitor.post('/precheck', { subjectName: '留下的名称' });
      assert.equal(empty.status, 422);
      for (const field of ['province', 'subjectType', 'subjectIdType', 'subjectId', 'domain']) {
        const tag = empty.tagWithId(`f-${field}`) ?? '';
        assert.equal(Page.attribute(tag, 'aria-invalid'), 'true', field);
        assert.ok(empty.tagWithId(`f-${field}-error`), `${field} error element`);
        assert.match(empty.html, new RegExp(`<a href="#f-${field}">`), field);
      }
      assert.equal(empty.inputValue('subjectName'), '留下的名称');
      assert.match(empty.html, /<title>错误：备案类型验证 – beian<\/title>/);

      const unknown = await visitor.post('/precheck', {
        ...S2,
        province: 'atlantis',
        subjectType: 'pirate',
        domain: 'a.cn',
      });
      assert.equal(unknown.status, 422);
      assert.match(unknown.html, /<a href="#f-subjectType">主办单位性质不在可选范围内<\/a>/);
      const province = await visitor.post('/precheck', { ...S2, province: 'atlantis', domain: 'a.cn' });
      assert.equal(province.status, 422);
      assert.match(province.html, /<a href="#f-province">省份“atlantis”无法识别/);
    });

    it('renders English on ?lang=en, labels for the script included', async () => {
      const visitor = await fx.browser();
      const page = await visitor.get('/precheck?lang=en');
      assert.match(
        page.html,
        /<label class="field-label" for="f-subjectId">Subject certificate number<\/label>/,
      );
      const labels = Page.attribute(page.tagWithId('precheck-result') ?? '', 'data-labels') ?? '';
      const parsed = JSON.parse(labels) as { lang: string; filingTypes: Record<string, string> };
      assert.equal(parsed.lang, 'en');
      assert.equal(parsed.filingTypes['first-filing'], 'first filing (首次备案)');
    });
  });

  describe('备案查询', () => {
    it('finds a filed website by domain, ICP number and full subject name', async () => {
      const visitor = await fx.browser();
      for (const query of [
        'by=domain&q=www.demo-filed-here.cn',
        `by=number&q=${encodeURIComponent('京ICP备2021012345号-1')}`,
        `by=number&q=${encodeURIComponent('京ICP备2021012345号')}`,
        `by=subject&q=${encodeURIComponent('北京示例信息技术有限公司')}`,
      ]) {
        const page = await visitor.get(`/query?${query}`);
        assert.equal(page.status, 200, query);
        assert.match(page.html, /<caption>1 条记录<\/caption>/, query);
        assert.match(page.html, /<bdi>北京示例信息技术有限公司<\/bdi>/, query);
        assert.match(
          page.html,
          /<td class="nowrap" data-label="网站备案号">京ICP备2021012345号-1<\/td>/,
          query,
        );
        assert.match(page.html, /<bdi class="domain">demo-filed-here\.cn<\/bdi>/, query);
      }
    });

    it('recognises a domain, an ICP number or a subject name typed without choosing, and keeps the choice', async () => {
      const visitor = await fx.browser();
      for (const [q, kind] of [
        ['demo-filed-here.cn', '域名'],
        ['https://www.demo-filed-here.cn/about', '域名'],
        ['京ICP备2021012345号-1', '备案号'],
        ['京ICP备2021012345号', '备案号'],
        ['北京示例信息技术有限公司', '主办单位名称'],
      ] as const) {
        const page = await visitor.get(`/query?q=${encodeURIComponent(q)}`);
        assert.equal(page.status, 200, q);
        assert.ok(page.text.includes(`按${kind}查询（自动识别）`), `${q}: ${kind}`);
        assert.match(page.html, /<caption>1 条记录<\/caption>/, q);
        // The other readings are one click away, as explicit choices.
        assert.ok(page.html.includes(`q=${encodeURIComponent(q)}">不对？改为按`), q);
      }
      // A mistyped number is read as one and refused with the parser's reason, not searched as a name.
      const typo = await visitor.get(`/query?q=${encodeURIComponent('京ICP备12')}`);
      assert.equal(typo.status, 422);
      assert.ok(typo.text.includes('「京ICP备12」'), typo.text.slice(0, 2000));
      // An explicit choice is obeyed: the domain searched as a subject name finds nothing.
      const asName = await visitor.get('/query?by=subject&q=demo-filed-here.cn');
      assert.equal(asName.status, 200);
      assert.ok(asName.text.includes('按主办单位名称查询') && !asName.text.includes('自动识别）'));
      assert.match(asName.html, /没有查到备案信息。/);
      // The form offers 自动识别 first, checked by default.
      const blank = await visitor.get('/query');
      assert.match(
        blank.html,
        /<input type="radio" id="f-by" name="by" value="auto" checked=""\/><label for="f-by">自动识别<\/label>/,
      );
    });

    it('finds a licence holder by its licence number, and says why a licence without 简称 is none', async () => {
      const line = {
        subjectNumber: '京ICP证030173号',
        province: '110000',
        subject: {
          name: '北京许可证示例有限公司',
          type: 'enterprise',
          idType: 'uscc',
          idNumber: '91110000LICENCE01',
        },
        provider: 'other',
        websites: [{ number: '京ICP证030173号-1', domains: ['licence-web.cn'] }],
      };
      const summary = await importFilings({
        db,
        policy: fx.policy,
        format: 'jsonl',
        input: Readable.from([JSON.stringify(line)]),
      });
      assert.deepEqual(summary.errors, []);
      const visitor = await fx.browser();
      for (const q of ['京ICP证030173号-1', '京ICP证030173号', ' 京ICP证 030173号－1']) {
        const page = await visitor.get(`/query?by=number&q=${encodeURIComponent(q)}`);
        assert.equal(page.status, 200, q);
        assert.match(page.html, /<caption>1 条记录<\/caption>/, q);
        assert.match(page.html, /<td class="nowrap" data-label="网站备案号">京ICP证030173号-1<\/td>/, q);
      }
      const cross = await visitor.get(`/query?by=number&q=${encodeURIComponent('A2.B1.B2-20090001')}`);
      assert.equal(cross.status, 422);
      assert.match(cross.html, /「A2\.B1\.B2-20090001」是不带省份简称的跨地区许可证号/);
      // An app's number (APP备案, `X` for a mini program) is searched among the filed apps.
      const en = await visitor.get(`/query?by=number&q=${encodeURIComponent('粤B2-20090059-1626X')}&lang=en`);
      assert.equal(en.status, 200);
      assert.match(en.html, /No filing found\./);
    });

    it('says so when nothing is filed, and refuses malformed queries field by field', async () => {
      const visitor = await fx.browser();
      const none = await visitor.get('/query?by=subject&q=北京示例');
      assert.equal(none.status, 200);
      assert.match(none.html, /没有查到备案信息。/, 'a prefix of a name finds nothing');
      const blank = await visitor.get('/query');
      assert.equal(blank.status, 200);
      assert.doesNotMatch(blank.html, /查询结果/);
      const empty = await visitor.get('/query?by=domain&q=');
      assert.equal(empty.status, 422);
      assert.match(empty.html, /<a href="#f-q">请填写查询内容<\/a>/);
      const number = await visitor.get('/query?by=number&q=ICP123');
      assert.equal(number.status, 422);
      assert.match(
        number.html,
        /「ICP123」不是备案号（应为 京ICP备2021000001号、京ICP证030173号 或 粤B2-20090059/,
      );
      const by = await visitor.get('/query?by=everything&q=x');
      assert.equal(by.status, 422);
      assert.match(by.html, /<a href="#f-by">请选择查询方式<\/a>/);
      assert.ok(by.tagWithId('f-by'), 'the summary link has a target');
    });
  });

  describe('rules and FAQ', () => {
    it('lists every rule with its anchor, texts, sources and FAQ links', async () => {
      const page = await (await fx.browser()).get('/rules');
      for (const rule of TABLE) {
        assert.ok(page.tagWithId(rule.code), rule.code);
        assert.match(
          page.html,
          new RegExp(`<a href="#${rule.code}"><code>${rule.code}</code></a>`),
          rule.code,
        );
        for (const id of rule.faq)
          assert.match(page.html, new RegExp(`<a href="/faq#${id}">${id}</a>`), rule.code);
        for (const source of rule.sources)
          assert.ok(page.text.includes(source.title), `${rule.code}: ${source.title}`);
      }
      // A variant is shown with when it applies: one domain per website files the rest as websites.
      const tooMany = page.html.slice(page.html.indexOf('id="TOO_MANY_DOMAINS_PER_WEBSITE"'));
      assert.match(tooMany, /另一种情形 <code>limit-one<\/code>/);
      assert.match(tooMany.slice(0, tooMany.indexOf('</section>')), /不要用“继续增加域名”/);
      // Placeholders are shown as what they stand for.
      assert.match(page.html, /<var class="placeholder" title="\{registrable\}">可注册域名<\/var>/);
      assert.doesNotMatch(page.text, /\{[a-zA-Z]+\}(?![^<]*")/, 'no raw {placeholder} left in the text');
    });

    it('lists the compliance monitor codes beside the engine’s, with texts and sources, in both languages', async () => {
      const browser = await fx.browser();
      const page = await browser.get('/rules');
      assert.ok(page.tagWithId('monitor-codes'), 'the monitor section');
      assert.match(page.html, /<a href="#monitor-codes">合规巡检代码<\/a>/);
      const section = page.html.slice(page.html.indexOf('id="monitor-codes"'));
      for (const rule of MONITOR_RULES) {
        assert.ok(page.tagWithId(rule.code), rule.code);
        assert.match(section, new RegExp(`<a href="#${rule.code}"><code>${rule.code}</code></a>`), rule.code);
        assert.ok(section.includes(rule.when.zh), rule.code);
        for (const source of rule.sources)
          assert.ok(section.includes(source.title), `${rule.code}: ${source.title}`);
      }
      // The monitor's {kind} is a kind of page, not the engine's suffix kind.
      const parked = section.slice(section.indexOf('id="SITE_PARKED"'));
      assert.match(parked.slice(0, parked.indexOf('</section>')), /title="\{kind\}">页面类型<\/var>/);
      assert.doesNotMatch(section.replace(/title="[^"]*"/g, ''), /\{[a-zA-Z]+\}/, 'no raw placeholder');
      const en = await browser.get('/rules?lang=en');
      assert.ok(en.text.includes('Compliance monitor codes'));
      assert.ok(en.text.includes(MONITOR_RULES[0]?.when.en ?? '?'));
    });

    it('names every template variable of the rule table', () => {
      const names = new Set<string>();
      for (const rule of [...TABLE, ...MONITOR_RULES]) {
        const texts = [
          rule.message,
          rule.remedy,
          ...Object.values(('variants' in rule ? rule.variants : undefined) ?? {}).flatMap((v) => [
            v.message,
            v.remedy,
          ]),
        ];
        for (const text of texts.flatMap((t) => (t ? [t.zh, t.en] : []))) {
          for (const match of text.matchAll(/\{(\w+)\}/g)) names.add(match[1] as string);
        }
      }
      assert.deepEqual(
        [...names].filter((name) => !PLACEHOLDER_LABELS[name]),
        [],
      );
    });

    it('answers each seed FAQ question with the codes whose rule names it', async () => {
      const page = await (await fx.browser()).get('/faq?lang=en');
      const ids = FAQ_QUESTIONS.flatMap((q) => [q.id, ...(q.items ?? []).map((item) => item.id)]);
      // Every FAQ id a rule cites exists on the page.
      for (const rule of TABLE)
        for (const id of rule.faq) assert.ok(ids.includes(id), `${rule.code} cites ${id}`);
      for (const id of ids) assert.ok(page.tagWithId(id), id);
      for (const question of FAQ_QUESTIONS) {
        const section = page.html.slice(page.html.indexOf(`id="${question.id}"`));
        const end = section.indexOf('</section>');
        for (const id of [question.id, ...(question.items ?? []).map((item) => item.id)]) {
          for (const code of codesAnswering(id)) {
            assert.ok(section.slice(0, end).includes(`href="/rules#${code}"`), `${id} → ${code}`);
          }
        }
      }
      assert.deepEqual(codesAnswering('Q9'), ['SUBJECT_IN_OTHER_ACCOUNT']);
      assert.match(page.html, /Do subdomains need filing\?/);
    });
  });

  describe('policy data', () => {
    it('shows the data in force with sources, and the operator’s overrides by file name', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'beian-web-'));
      const file = join(dir, 'operator-overrides.json');
      writeFileSync(
        file,
        JSON.stringify({
          suffixes: {
            add: [
              {
                suffix: 'org',
                ascii: 'org',
                kind: 'gtld',
                status: 'approved',
                approved: true,
                confidence: 'high',
                sources: [{ title: 'domain.miit.gov.cn, checked by the operator', date: '2026-12-01' }],
              },
            ],
          },
        }),
      );
      const overriddenDb = await openDatabase({ path: ':memory:' });
      try {
        const overridden = await createWebFixture(overriddenDb, {
          policy: loadPolicy({ overridesFile: file }),
        });
        const page = await (await overridden.browser()).get('/admin/policy');
        assert.equal(page.status, 200);
        assert.match(page.html, /覆盖文件: <code>operator-overrides\.json<\/code>/);
        assert.ok(!page.html.includes(dir), 'the server path is not shown');
        assert.match(page.html, /<li>suffix org replaced \(approved; was not approved\)<\/li>/);
        assert.match(page.text, /domain\.miit\.gov\.cn, checked by the operator \(2026-12-01\)/);
        assert.ok(
          page.text.includes(overridden.policy.provenance.dataVersion) || page.html.includes('<code>'),
        );
      } finally {
        await overriddenDb.destroy();
      }

      const plain = await (await fx.browser()).get('/admin/policy');
      assert.match(plain.html, /未使用覆盖文件/);
      assert.ok(plain.html.includes(`<code>${fx.policy.provenance.dataVersion}</code>`));
      for (const section of [
        'overrides',
        'policies',
        'entries',
        'suffixes',
        'restricted',
        'registrars',
        'provinces',
      ]) {
        assert.ok(plain.tagWithId(section), section);
      }
      // The calendar's years are shown, and from 60 days before its last day the operator is told to add
      // the next year (the State Council notice comes out in November or December).
      assert.match(plain.html, /<dt>工作日历<\/dt><dd>2018–2026 年<\/dd>/);
      const saved = fx.clock.now;
      try {
        fx.clock.now = new Date('2026-10-01T12:00:00+08:00');
        const early = await (await fx.browser()).get('/admin/policy');
        assert.ok(!early.text.includes('工作日历只覆盖到'), 'no warning three months ahead');
        fx.clock.now = new Date('2026-12-06T12:00:00+08:00');
        const late = await (await fx.browser()).get('/admin/policy');
        assert.match(late.text, /工作日历只覆盖到 2026 年 12 月 31 日（还剩 25 天）/);
        fx.clock.now = new Date('2027-01-02T12:00:00+08:00');
        const past = await (await fx.browser()).get('/admin/policy');
        assert.match(past.text, /工作日历只覆盖到 2026 年 12 月 31 日，今天已超出/);
      } finally {
        fx.clock.now = saved;
      }
      // An approval is dated: the suffix table says from when .xyz can be filed.
      const suffixes = plain.html.slice(
        plain.html.indexOf('id="suffixes"'),
        plain.html.indexOf('id="restricted"'),
      );
      assert.match(suffixes, /\.xyz<\/th>.*?是<\/span><span class="muted nowrap"> 自 2016-12-05 起<\/span>/s);
      // One row per province plus the national row, each naming the entry that decided it.
      const rows = plain.html.slice(plain.html.indexOf('id="policies"'), plain.html.indexOf('id="entries"'));
      assert.equal((rows.match(/<th scope="row">/g) ?? []).length, fx.policy.provinces.length + 1);
      assert.match(rows, /<th scope="row">广西<\/th>/);
      // 四川 files as 蜀ICP备 but licenses as 川B2-: both 简称 are shown with the province.
      assert.match(
        plain.html,
        /<td data-label="备案号前缀">蜀<span class="muted"> \(许可证号另用 川\)<\/span><\/td>/,
      );
    });
  });

  describe('home', () => {
    it('offers each role its own shortcuts besides the public tools', async () => {
      const anonymous = await (await fx.browser()).get('/');
      assert.match(anonymous.html, /<a href="\/register">注册申请人账号<\/a>/);
      assert.doesNotMatch(anonymous.html, /id="home-yours"/);
      const admin = await (await fx.browser('admin')).get('/');
      assert.match(admin.html, /<ul class="shortcuts">.*<a href="\/admin\/users">用户管理<\/a>/s);
      for (const path of ['/precheck', '/query', '/rules', '/faq'])
        assert.match(admin.html, new RegExp(`<a href="${path}">`));
    });
  });
});
