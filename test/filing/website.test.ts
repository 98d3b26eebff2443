import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFields } from '../../src/filing/field-errors.ts';
import { makeFilingFormSchema, makeWebsiteSchema, websiteNameIssues } from '../../src/filing/website.ts';
import { loadPolicy, type SubjectType } from '../../src/policy/index.ts';
import { domainToASCII } from 'node:url';
import { ENTERPRISE, PERSON } from './form-fixtures.ts';

const policy = loadPolicy();
const websiteSchema = makeWebsiteSchema({ today: '2026-11-28' });
const formSchema = makeFilingFormSchema({ findProvince: (q) => policy.findProvince(q), today: '2026-11-28' });

const WEBSITE = {
  name: '示例科技官方网站',
  domains: ['demo-ok.cn'],
  homeUrl: 'https://www.demo-ok.cn/',
  serviceContent: ['organisation-portal'],
  responsiblePerson: PERSON,
};
const INDIVIDUAL = {
  ...ENTERPRISE,
  type: 'individual',
  idType: 'resident-id',
  idNumber: '11010519491231002X',
  name: '王小明',
};

function codes(schema: typeof websiteSchema | typeof formSchema, input: unknown): string[] {
  const r = parseFields(schema, input);
  return r.ok ? [] : r.errors.map((e) => `${e.path}:${e.code}`);
}
const nameCodes = (name: string, type: SubjectType | null, hasPreApproval = false): string[] =>
  websiteNameIssues(name, type, hasPreApproval).map((i) => i.code);

describe('website schema (网站)', () => {
  it('accepts a website and stores registrable A-labels and a normalised URL', () => {
    const r = parseFields(websiteSchema, {
      ...WEBSITE,
      domains: ['示例科技.中国', 'DEMO-OK.CN'],
      homeUrl: 'www.示例科技.中国',
    });
    assert.equal(r.ok, true);
    if (!r.ok) return;
    const ascii = domainToASCII('示例科技.中国');
    assert.deepEqual(r.value.domains, [ascii, 'demo-ok.cn']);
    assert.equal(r.value.homeUrl, `http://www.${ascii}/`);
    assert.deepEqual(r.value.preApprovals, []);
  });

  const rules: [string, Record<string, unknown>, string[]][] = [
    ['no domain', { domains: [] }, ['domains:TOO_SHORT']],
    ['a subdomain', { domains: ['www.demo-ok.cn'] }, ['domains.0:DOMAIN_NOT_REGISTRABLE']],
    ['an IP address', { domains: ['demo-ok.cn', '1.2.3.4'] }, ['domains.1:DOMAIN_INVALID']],
    ['the same domain twice', { domains: ['demo-ok.cn', 'Demo-OK.cn'] }, ['domains.1:DOMAIN_DUPLICATE']],
    [
      'a home page on another domain',
      { homeUrl: 'https://demo-other.cn/' },
      ['homeUrl:HOME_URL_OTHER_DOMAIN'],
    ],
    ['a home page that is not http', { homeUrl: 'ftp://demo-ok.cn/' }, ['homeUrl:HOME_URL_INVALID']],
    ['no service content', { serviceContent: [] }, ['serviceContent:TOO_SHORT']],
    [
      'six service contents',
      { serviceContent: ['blog', 'jobs', 'music', 'games', 'images', 'other'] },
      ['serviceContent:TOO_LONG'],
    ],
    ['an unknown service content', { serviceContent: ['casino'] }, ['serviceContent.0:INVALID_VALUE']],
    [
      'a repeated service content',
      { serviceContent: ['blog', 'blog'] },
      ['serviceContent.1:SERVICE_CONTENT_DUPLICATE'],
    ],
    ['news without its pre-approval', { serviceContent: ['news'] }, ['preApprovals:PRE_APPROVAL_REQUIRED']],
    [
      'banking with a news approval only',
      { serviceContent: ['banking'], preApprovals: [{ type: 'news', number: '京新办2020-1' }] },
      ['preApprovals:PRE_APPROVAL_REQUIRED'],
    ],
    [
      'a one-character approval number',
      { serviceContent: ['news'], preApprovals: [{ type: 'news', number: '1' }] },
      ['preApprovals.0.number:TOO_SHORT'],
    ],
    ['remarks over 200 characters', { remarks: '备'.repeat(201) }, ['remarks:TOO_LONG']],
    [
      'a bad responsible person mobile',
      { responsiblePerson: { ...PERSON, mobile: '110' } },
      ['responsiblePerson.mobile:MOBILE_INVALID'],
    ],
  ];
  for (const [what, change, expected] of rules) {
    it(`refuses ${what}`, () => assert.deepEqual(codes(websiteSchema, { ...WEBSITE, ...change }), expected));
  }
  it('accepts news with its pre-approval', () => {
    const website = {
      ...WEBSITE,
      serviceContent: ['news'],
      preApprovals: [{ type: 'news', number: '京新办2020-1' }],
    };
    assert.deepEqual(codes(websiteSchema, website), []);
  });
});

describe('website names (网站名称, Tencent Cloud 常见驳回原因及其处理, QingCloud 网站名称)', () => {
  const table: [string, SubjectType | null, string[]][] = [
    ['示例科技官方网站', 'enterprise', []],
    ['小明读书笔记', 'individual', []],
    ['ABC科技', null, ['WEBSITE_NAME_TOO_FEW_CHINESE']], // two Chinese characters
    ['12345', null, ['WEBSITE_NAME_TOO_FEW_CHINESE']],
    ['ExampleSite', null, ['WEBSITE_NAME_TOO_FEW_CHINESE']],
    ['demo-ok.cn', null, ['WEBSITE_NAME_IS_DOMAIN']],
    ['示例科技！官网', null, ['WEBSITE_NAME_SYMBOLS']],
    ['示例 科技官网', null, ['WEBSITE_NAME_SYMBOLS']],
    ['ＡＢＣ示例科技', null, []], // full-width letters fold to letters
    ['赌博游戏大全', null, ['WEBSITE_NAME_SENSITIVE']],
    ['中国示例科技网', 'enterprise', ['WEBSITE_NAME_NATIONAL_WORD']],
    ['全国示例协会网', 'social-group', ['WEBSITE_NAME_NATIONAL_WORD']],
    ['中国示例研究院', 'institution', []], // may be a national-level unit
    ['示例中国科技网', 'enterprise', []], // a prefix rule for organisations
    ['示例科技论坛', 'enterprise', ['WEBSITE_NAME_NEEDS_PRE_APPROVAL']],
    ['小明的中国菜谱', 'individual', ['WEBSITE_NAME_NATIONAL_WORD']],
    ['小明的博客', 'individual', ['WEBSITE_NAME_PERSONAL_WORD']],
    ['小明维权记录', 'individual', ['WEBSITE_NAME_NATIONAL_WORD']],
    ['小明官网啊', 'individual', ['WEBSITE_NAME_PERSONAL_WORD']],
  ];
  for (const [name, type, expected] of table) {
    it(`${name} (${type ?? 'nature unknown'}) → ${expected.join(', ') || 'ok'}`, () =>
      assert.deepEqual(nameCodes(name, type), expected));
  }
  it('an enterprise name with 论坛 passes with a pre-approval', () => {
    assert.deepEqual(nameCodes('示例科技论坛', 'enterprise', true), []);
  });
});

describe('filing form (主体 + 网站)', () => {
  it('accepts the demo enterprise with two websites', () => {
    const second = {
      ...WEBSITE,
      name: '示例科技商城',
      domains: ['示例科技.中国'],
      homeUrl: 'http://示例科技.中国',
      serviceContent: ['shopping'],
    };
    assert.deepEqual(codes(formSchema, { subject: ENTERPRISE, websites: [WEBSITE, second] }), []);
  });

  it('applies the personal-site rules when the subject is an individual', () => {
    const website = {
      ...WEBSITE,
      name: '小明的博客',
      serviceContent: ['organisation-portal', 'news'],
      preApprovals: [{ type: 'news', number: '京新办2020-1' }],
    };
    assert.deepEqual(codes(formSchema, { subject: INDIVIDUAL, websites: [website] }), [
      'websites.0.name:WEBSITE_NAME_PERSONAL_WORD',
      'websites.0.preApprovals:PRE_APPROVAL_PERSONAL',
      'websites.0.serviceContent.0:SERVICE_CONTENT_PERSONAL',
      'websites.0.serviceContent.1:SERVICE_CONTENT_PERSONAL',
    ]);
  });

  it('refuses a domain listed in two websites, at the second one', () => {
    const second = { ...WEBSITE, name: '示例科技商城', domains: ['示例科技.中国', 'DEMO-OK.cn'] };
    assert.deepEqual(codes(formSchema, { subject: ENTERPRISE, websites: [WEBSITE, second] }), [
      'websites.1.domains.1:DOMAIN_IN_OTHER_WEBSITE',
    ]);
  });

  it('names nested paths for a form (websites.0.domains.1)', () => {
    const r = parseFields(formSchema, {
      subject: ENTERPRISE,
      websites: [{ ...WEBSITE, domains: ['demo-ok.cn', 'www.demo-x.cn'] }],
    });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.errors, [
      {
        path: 'websites.0.domains.1',
        code: 'DOMAIN_NOT_REGISTRABLE',
        message: {
          zh: '请填写主域名 demo-x.cn：备案主域名后，其子域名无需单独备案',
          en: 'Enter the registrable domain demo-x.cn: filing it covers its subdomains',
        },
      },
    ]);
  });

  it('takes no website (an application of apps only: the submit asks for an app) and never throws on garbage', () => {
    assert.deepEqual(codes(formSchema, { subject: ENTERPRISE, websites: [] }), []);
    for (const input of [
      null,
      1,
      { subject: null, websites: [null, 'x'] },
      { websites: [{ domains: [1] }] },
    ]) {
      assert.equal(parseFields(formSchema, input).ok, false);
    }
  });
});
