/** 首页: what ICP filing is, the public tools, and shortcuts to what this account's role may do. */
import type { Localized } from '../kit/index.ts';
import { definePage, TERMS } from '../kit/index.ts';

const TEXT = {
  title: { zh: '网站备案', en: 'ICP website filing' },
  intro: {
    zh: '在中国内地的服务器上开办网站，须先向工业和信息化部（工信部）备案（ICP 备案），取得备案号后网站才能开通访问。备案由网站所在的接入商受理初审，再由主办单位所在省份的通信管理局（管局）审核。',
    en: "A website served from mainland China must be filed with the Ministry of Industry and Information Technology (MIIT) first (ICP filing); it may go live once it has a filing number. The hosting provider checks the application first, then the communications administration (bureau) of the subject's province reviews it.",
  },
  domainNote: {
    zh: '备案的域名要满足工信部的五项核验：后缀已获批准、注册商已获批准、在有效期内、已完成实名认证，且实名持有者与备案主体一致。提交之前，可以先用“备案类型验证”检查。',
    en: "A filed domain must pass MIIT's five checks: an approved suffix, an approved registrar, within its registration period, real-name verified, and the verified holder is the filing subject. Check it with the filing-type check before you apply.",
  },
  tools: { zh: '从这里开始', en: 'Start here' },
  precheck: TERMS.filingTypeCheck,
  precheckText: {
    zh: '输入省份、主体信息和一个域名，看到备案类型和每一项核验结果及处理办法。',
    en: 'Enter the province, the subject and one domain; see the filing type and every finding with what to do.',
  },
  query: TERMS.publicQuery,
  queryText: {
    zh: '按域名、备案号或主办单位名称查询已备案的网站。',
    en: 'Look up filed websites by domain, ICP number or subject name.',
  },
  rules: { zh: '核验规则', en: 'Rules' },
  rulesText: {
    zh: '每个核验代码的含义、处理办法和依据。',
    en: 'What every finding code means, what to do, and its sources.',
  },
  faq: { zh: '常见问题', en: 'FAQ' },
  faqText: {
    zh: '域名备案的常见问题，以及回答它们的核验代码。',
    en: 'Common questions about domains, and the codes that answer them.',
  },
  yours: { zh: '您可以', en: 'For your account' },
  signIn: { zh: '登录', en: 'Sign in' },
  register: { zh: '注册申请人账号', en: 'register an applicant account' },
  signInText: { zh: '以提交和查看备案申请。', en: 'to file and follow applications.' },
  or: { zh: '或', en: 'or' },
} satisfies Record<string, Localized>;

const PUBLIC_TOOLS = [
  { href: '/precheck', title: TEXT.precheck, text: TEXT.precheckText },
  { href: '/query', title: TEXT.query, text: TEXT.queryText },
  { href: '/rules', title: TEXT.rules, text: TEXT.rulesText },
  { href: '/faq', title: TEXT.faq, text: TEXT.faqText },
];

export const HOME_PAGES = [
  definePage({
    method: 'get',
    path: '/',
    access: 'anyone',
    nav: { label: { zh: '首页', en: 'Home' } },
    handle(p) {
      // Role-aware: the navigation's pages beyond the public ones are exactly what this role may open.
      const shortcuts = p.view.nav.filter((item) => !item.public);
      return p.render({
        title: TEXT.title,
        body: (
          <>
            <p class="lead">{p.t(TEXT.intro)}</p>
            <p>{p.t(TEXT.domainNote)}</p>
            {shortcuts.length > 0 && (
              <section aria-labelledby="home-yours">
                <h2 id="home-yours">{p.t(TEXT.yours)}</h2>
                <ul class="shortcuts">
                  {shortcuts.map((item) => (
                    <li>
                      <a href={item.href}>{p.t(item.label)}</a>
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {p.account === null && (
              <p class="notice">
                <a href="/login">{p.t(TEXT.signIn)}</a> {p.t(TEXT.or)}{' '}
                <a href="/register">{p.t(TEXT.register)}</a> {p.t(TEXT.signInText)}
              </p>
            )}
            <section aria-labelledby="home-tools">
              <h2 id="home-tools">{p.t(TEXT.tools)}</h2>
              <ul class="cards">
                {PUBLIC_TOOLS.map((tool) => (
                  <li class="card">
                    <h3>
                      <a href={tool.href}>{p.t(tool.title)}</a>
                    </h3>
                    <p>{p.t(tool.text)}</p>
                  </li>
                ))}
              </ul>
            </section>
          </>
        ),
      });
    },
  }),
];
