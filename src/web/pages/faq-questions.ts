/**
 * The seed FAQ's questions (/work/shared/reference/seed-domain-faq.zh.md, a hosting provider's 2018
 * FAQ, and its English summary), in beian's words. The rule table's `faq` field names these ids; the
 * FAQ page lists, under each question, the finding codes that answer it. Where newer rules supersede
 * the 2018 text (Q3's ten domains per website), the answer says so.
 */
import type { Localized } from '../kit/index.ts';

export type FaqQuestion = {
  /** `Q1`…`Q9`; sub-causes of Q1 are `Q1a`…`Q1f`. */
  id: string;
  question: Localized;
  answer: Localized;
  /** Q1's causes, each answered by codes of its own. */
  items?: readonly { id: string; text: Localized }[];
};

export const FAQ_QUESTIONS: readonly FaqQuestion[] = [
  {
    id: 'Q1',
    question: { zh: '为什么我的网站域名核验没通过？', en: 'Why did my domain fail domain verification?' },
    answer: { zh: '可能是以下一项或多项原因：', en: 'One or more of these:' },
    items: [
      {
        id: 'Q1a',
        text: {
          zh: '域名后缀未获工信部批复：这类域名不能备案，只能换用已获批复后缀的域名。',
          en: 'The suffix is not approved by MIIT: such domains cannot be filed; switch to an approved one.',
        },
      },
      {
        id: 'Q1b',
        text: {
          zh: '域名注册服务机构未获工信部批复：请联系注册商核实，通常需转入获批的注册商。',
          en: 'The registrar is not approved by MIIT: ask the registrar; usually the domain must be transferred.',
        },
      },
      {
        id: 'Q1c',
        text: { zh: '域名已过注册有效期：请续费。', en: 'The registration has expired: renew it.' },
      },
      {
        id: 'Q1d',
        text: {
          zh: '域名未完成实名认证：请完成认证，且实名信息与备案主体一致。',
          en: 'No real-name verification: complete it, with the same data as the filing subject.',
        },
      },
      {
        id: 'Q1e',
        text: {
          zh: '已实名认证但尚未上报入库工信部系统：约需 2 个工作日，请向注册商确认已上报后再提交。',
          en: 'Verified but not yet reported to MIIT: this takes about 2 working days; confirm with the registrar, then submit.',
        },
      },
      {
        id: 'Q1f',
        text: {
          zh: '备案主体信息与域名实名信息不一致：修改其中一方，使二者一致。',
          en: "The filing subject differs from the domain's real-name data: change one of them to match.",
        },
      },
    ],
  },
  {
    id: 'Q2',
    question: {
      zh: '域名不是以我自己的信息注册的，备案时该怎么办？',
      en: 'The domain is not registered under my own identity. What now?',
    },
    answer: {
      zh: '管局核对域名所有者与备案主办单位是否一致。请先在注册商处把域名过户给自己。自 2018 年 1 月 1 日起，只有在工信部批复的境内注册商处注册的已批复域名才能备案；注册商的国际站属于境外注册商。',
      en: "The bureau checks that the domain's owner is the filing subject. Transfer the domain to yourself at the registrar first. Since 2018-01-01 only approved domains registered with MIIT-approved registrars in mainland China can be filed; a registrar's international site is a foreign registrar.",
    },
  },
  {
    id: 'Q3',
    question: {
      zh: '多个域名指向同一网站如何备案？',
      en: 'Several domains point to one website. How do I file?',
    },
    answer: {
      zh: '在备案类型验证页面只填写其中一个域名，其余域名在填写网站信息时用“继续增加域名”添加。每个网站可带的域名数由各省政策决定（2018 年的资料称多数省份 10 个；2019 年 4 月起全国按一个网站一个域名办理，以系统当前的政策数据为准）。指向不同网站的域名，请用“保存，并继续添加网站”分别添加。',
      en: 'Enter only one of them on the filing-type check; add the others with "继续增加域名" (add another domain) while filling in the website. How many domains one website may carry is provincial policy (the 2018 text says 10 in most provinces; since April 2019 one domain per website nationwide — the policy data in force decides). Domains of different websites: use "保存，并继续添加网站" (save and add another website).',
    },
  },
  {
    id: 'Q4',
    question: { zh: '二级域名是否需要备案？', en: 'Do subdomains need filing?' },
    answer: {
      zh: '备案的是可注册域名（如 example.com）。它备案成功后，其下的子域名无需另行备案。若它已在其他接入商备案，请在本接入商办理接入备案；若它尚未备案，须先为它备案。',
      en: 'Filing is for the registrable domain (such as example.com); once it is filed its subdomains need no filing of their own. If it is filed through another provider, file an access filing here; if it is not filed at all, file it first.',
    },
  },
  {
    id: 'Q5',
    question: {
      zh: '国别域名和中国大陆境外域名能否提交备案？',
      en: 'Can country-code domains or domains from outside mainland China be filed?',
    },
    answer: {
      zh: '不能。只有国家批复的注册机构注册的已批复域名才能备案。',
      en: 'No. Only approved domains registered with nationally approved registrars can be filed.',
    },
  },
  {
    id: 'Q6',
    question: { zh: '如何获取域名证书？', en: 'How do I get a domain certificate?' },
    answer: {
      zh: '部分管局要求为每个备案域名提供域名证书，企业的域名证书须加盖公章。请在注册商的域名控制台中找到该域名，进入基本信息，点击“域名证书打印”下载。',
      en: 'Some bureaus require a certificate for each filed domain; an enterprise\'s must bear the company seal. Download it in the registrar\'s domain console: find the domain → basic information → "域名证书打印" (print domain certificate).',
    },
  },
  {
    id: 'Q7',
    question: {
      zh: '我新购买的域名存在工信部备案号怎么办？',
      en: 'My newly bought domain already has an MIIT filing number. What now?',
    },
    answer: {
      zh: '这是前一位持有者办理的备案。请在工信部备案查询中核实，向备案号所属省份的管局下载《备案注销申请表》线下办理注销，注销后即可重新备案。',
      en: "The previous holder filed it. Look it up in MIIT's public query, get the cancellation form from the bureau of the number's province and have the filing cancelled offline; then it can be filed again.",
    },
  },
  {
    id: 'Q8',
    question: { zh: '提示“域名不支持备案”怎么办？', en: '"This domain does not support filing": what now?' },
    answer: {
      zh: '只有工信部收录的域名后缀才能备案。后缀无法备案时，可以把网站放在中国大陆以外的服务器上，这无需备案。',
      en: 'Only suffixes MIIT lists can be filed. If the suffix cannot be, serve the website from outside mainland China, which needs no filing.',
    },
  },
  {
    id: 'Q9',
    question: {
      zh: '提交时提示“该域名对应的主体信息在系统中已经存在，请登录对应账号进行接入操作”怎么办？',
      en: 'On submission: "the subject for this domain already exists in the system; log in to that account". What now?',
    },
    answer: {
      zh: '该主体已由另一个账号提交过备案。请登录当初提交的账号，在该主体下为这个域名办理备案；如需改由本账号管理，可在“我的备案”中申请转移备案，由主体负责人用手机验证码确认。',
      en: "Another account already filed this subject. Sign in to the account that filed it and file the domain under that subject; to manage it from this account instead, request a filing transfer from My filings, which the subject's responsible person confirms with a code sent to their phone.",
    },
  },
];
