/**
 * The rule table: every finding code with its severity, texts and sources. docs/rules.md is generated
 * from this table (`npm run rules:doc`) and a test fails when the file is stale.
 *
 * Texts are templates: `{name}` is filled from the finding's variables (see render.ts). Remedies carry
 * the seed FAQ's advice (shared/reference/seed-domain-faq) in beian's own words.
 */
import type { Source } from '../policy/index.ts';
import type { Rule } from './types.ts';

const SEED_FAQ: Source = { title: '域名备案常见问题 (seed FAQ, a hosting provider, 2018)', date: '2018' };
const MIIT_264: Source = {
  title: '工信部信管〔2017〕264号 关于规范互联网信息服务使用域名的通知',
  date: '2017-11-27',
};
const MIIT_2018_7: Source = {
  title: '工业和信息化部公告 2018年第7号《中国互联网域名体系》',
  date: '2018-01-29',
};
const MIIT_2019_633: Source = {
  title: '工信管函〔2019〕633号 关于调整非经营性互联网信息服务备案编号规则的通知',
  date: '2019-04-22',
};
const WEST_ORG_FILED: Source = {
  title:
    '西部数码 knowledge base, org域名不能备案影响使用吗 (quotes 264号: from 2018-01-01 for 新增备案、新增网站、新增域名、变更备案 of websites filed since; 原有org域名已经备案的，不会影响使用，可以继续使用备案号)',
  url: 'https://west.cn/docs/57418.html',
};
const NIAOYUN_SCOPE: Source = {
  title:
    '鸟云 documentation on 264号: 域名核验范围 by filing type (新增接入 and 变更备案 verify filings approved from 2018-01-01)',
  url: 'https://niaoyun.com/docs/16771.html',
  date: '2019-04-17',
};
const GOV_2018_55: Source = {
  title: '国办函〔2018〕55号 国务院办公厅关于加强政府网站域名管理的通知',
  date: '2018-09-06',
};
const MIIT_DOMAIN_PLATFORM: Source = {
  title:
    '工业和信息化部 域名信息服务平台 (domain.miit.gov.cn): approved registrars (域名注册服务机构) and the suffixes each may register, linked from registrars’ licence footers (help.aliyun.com: 浙D3-20210002); not retrievable for the data snapshot',
  url: 'https://domain.miit.gov.cn',
};
const MIIT_DOMAIN_LIST: Source = {
  title:
    'Huawei Cloud ICP knowledge base (备案域名咨询, .xx域名可以备案吗): 工信部批复的域名注册商及批复的域名后缀，可以参考工信部域名查询网站 domain.miit.gov.cn 进行查询',
  url: 'https://domain.miit.gov.cn/',
  date: '2025-12-31',
};
const HUAWEI_REAL_NAME_SYNC: Source = {
  title:
    'Huawei Cloud ICP FAQ 备案主体与域名实名认证信息不一致，可以吗: 域名实名认证信息同步至管局需要3~5个工作日，建议实名认证成功满3个工作日后再提交备案',
  url: 'https://support.huaweicloud.com/topic/243453-2-Y',
  date: '2025-12-31',
};
const HUAWEI_GUANGDONG: Source = {
  title:
    'Huawei Cloud ICP 广东管局要求 (excerpt): an individual with more than 5 domains of different prefixes provides a domain certificate for each domain and a 网站建设方案书',
  url: 'https://support.huaweicloud.com/topic/461366-4-Z',
};
const MIIT_2023_105: Source = {
  title:
    '工信部信管〔2023〕105号 工业和信息化部关于开展移动互联网应用程序备案工作的通知 (as relayed: 嘉应学院 2024-03-11, wwyb.cn 2023-08-08; data/app-filing.json)',
  url: 'https://www.miit.gov.cn/zwgk/zcwj/wjfb/tz/art/2023/art_920db564162e4312916a01bed6540ad8.html',
  date: '2023-08-04',
};
const ALIYUN_APP_FEATURES: Source = {
  title: 'Alibaba Cloud: 安卓应用获取App特征信息指导 (包名是应用的唯一标识; 公钥与签名MD5)',
  url: 'https://help.aliyun.com/wordpower/644152-1.html',
};
const ALIYUN_APP_ICP_NAME: Source = {
  title:
    'Alibaba Cloud SMS CreateSmsAppIcpRecord: APP-ICP 备案 服务名称 and 主办单位名称 must match the filing',
  url: 'https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-createsmsappicprecord',
};
const MIIT_PUBLIC_QUERY: Source = {
  title: 'ICP/IP地址/域名信息备案管理系统, public query (工信部备案查询)',
  url: 'https://beian.miit.gov.cn/',
};
const HUAWEI_KB: Source = {
  title: 'Huawei Cloud ICP knowledge base (备案域名咨询 / 错误提示FAQ)',
  url: 'https://support.huaweicloud.com/topic/243453-2-Y',
  date: '2026-07-02',
};
const RFC_1035: Source = {
  title: 'RFC 1035, RFC 5890–5891 (IDNA2008), UTS #46',
  url: 'https://www.rfc-editor.org/rfc/rfc5891',
};
const EPP_STATUS: Source = {
  title: 'RFC 5731 §2.3 (EPP domain status: hold, pending delete), RFC 8056 (EPP status in RDAP)',
  url: 'https://www.rfc-editor.org/rfc/rfc8056',
};
const EPP_GRACE: Source = {
  title: 'RFC 3915 (EPP grace periods: auto-renew, redemption, pending restore)',
  url: 'https://www.rfc-editor.org/rfc/rfc3915',
};
const ICANN_AUTO_RENEW: Source = {
  title:
    'ICANN gTLD Registry Agreement, Auto-Renew Grace Period (up to 45 days); ICANN Expired Registration Recovery Policy',
  url: 'https://www.icann.org/resources/pages/errp-2013-02-28-en',
};
const RDAP: Source = {
  title: 'RFC 9083 (RDAP responses), RFC 9537 (redacted registration data), RFC 7480 (RDAP over HTTP)',
  url: 'https://www.rfc-editor.org/rfc/rfc9083',
};
const PROVIDER_TYPES: Source = {
  title:
    'Provider filing-type tables: Alibaba Cloud ICP备案类型, Volcengine (docs/6428/68774), Tencent Cloud 验证备案信息',
  url: 'https://help.aliyun.com/zh/icp-filing/basic-icp-service/user-guide/icp-filing-application-overview',
};

export const RULES = [
  {
    code: 'DOMAIN_INVALID',
    severity: 'error',
    faq: [],
    when: {
      zh: '输入在规范化后不是有效的域名',
      en: 'the input is not a syntactically valid domain name after normalisation',
    },
    message: {
      zh: '“{input}”不是可以备案的域名：{reason}。',
      en: '"{input}" is not a domain name that can be filed: {reason}.',
    },
    remedy: {
      zh: '请填写要备案的域名，例如 example.cn 或 例子.中国（可以粘贴网址；IP 地址、内部名称和测试用名称不能备案）。',
      en: 'Enter the domain to file, such as example.cn or 例子.中国 (a URL is fine; IP addresses, internal and test names cannot be filed).',
    },
    sources: [RFC_1035, MIIT_2018_7],
  },
  {
    code: 'SUFFIX_NOT_APPROVED',
    severity: 'error',
    faq: ['Q1a', 'Q5', 'Q8'],
    when: {
      zh: '后缀不在评估时工信部批准的后缀名单中（包括国别域名和境外后缀）',
      en: 'the suffix is not on the MIIT-approved list in force (covers ccTLDs and foreign suffixes)',
    },
    message: {
      zh: '域名后缀 .{suffix}（{kind}）不在工信部批准可备案的后缀中{status}。',
      en: 'The suffix .{suffix} ({kind}) is not on the list of suffixes MIIT approved for filing{status}.',
    },
    remedy: {
      zh: '请向注册商确认：工信部按注册商逐一批准其可以注册的后缀，要能备案，后缀和注册商都须获批（可在工信部域名信息查询网站 domain.miit.gov.cn 核实）。如果 .{suffix} 确实不能备案，请换用工信部批准后缀的域名（如 .cn、.中国、.com）；网站不放在中国内地的服务器上则无需备案。',
      en: "Check with the registrar: MIIT approves, registrar by registrar, the suffixes each may register, and filing needs the suffix approved for the domain's registrar (MIIT's domain site, domain.miit.gov.cn, lists both). If .{suffix} really cannot be filed, switch to a domain with an approved suffix (such as .cn, .中国, .com); a website served from outside mainland China needs no filing.",
    },
    sources: [MIIT_264, MIIT_2018_7, SEED_FAQ, MIIT_DOMAIN_LIST],
  },
  {
    code: 'SUFFIX_RESTRICTED',
    severity: 'error',
    faq: [],
    when: {
      zh: '后缀专供其他性质的主体使用（.gov.cn/.政务 党政机关；.公益 非营利机构；.mil.cn 国防）',
      en: 'the suffix is reserved for another kind of subject (.gov.cn/.政务 government; .公益 non-profit; .mil.cn military)',
    },
    message: {
      zh: '.{suffix} 仅供{allowed}使用，而备案主体性质是{subjectType}。',
      en: ".{suffix} is reserved for these kinds of subject: {allowed}; the filing subject's nature is {subjectType}.",
    },
    remedy: {
      zh: '请使用与主体性质相符的域名：党政机关用 .gov.cn 或 .政务，非营利机构可用 .公益，其他主体请换用普通后缀的域名。',
      en: 'Use a domain that fits the subject: government bodies use .gov.cn or .政务, non-profits may use .公益, other subjects a general suffix.',
    },
    sources: [MIIT_2018_7, GOV_2018_55],
  },
  {
    code: 'GOVERNMENT_SUFFIX_REQUIRED',
    severity: 'error',
    faq: [],
    when: {
      zh: '党政机关主体使用了 .gov.cn / .政务 以外的域名',
      en: 'a government subject files a domain outside .gov.cn / .政务',
    },
    message: {
      zh: '党政机关网站只能使用 .gov.cn 或 .政务 域名，{registrable} 不是。',
      en: 'Government websites may only use .gov.cn or .政务 domains; {registrable} is neither.',
    },
    remedy: {
      zh: '请按国办函〔2018〕55号，向主管部门申请 .gov.cn（英文）或 .政务（中文）域名后再备案。',
      en: 'Per 国办函〔2018〕55号, obtain a .gov.cn (English) or .政务 (Chinese) domain through the competent authority, then file it.',
    },
    sources: [GOV_2018_55],
  },
  {
    code: 'SUBDOMAIN_INPUT',
    severity: 'info',
    faq: ['Q4'],
    when: {
      zh: '输入的是子域名；备案针对其可注册域名',
      en: 'the input was a subdomain; filing is for its registrable domain',
    },
    message: {
      zh: '{unicode} 是 {registrable} 的子域名，备案的对象是 {registrable}。',
      en: '{unicode} is a subdomain of {registrable}; it is {registrable} that gets filed.',
    },
    remedy: {
      zh: '备案时只填写 {registrable}（不要填 www 或其他前缀）；它备案通过后，其下的子域名无需另行备案。',
      en: 'Enter only {registrable} when filing (no www or other prefix); once it is filed, its subdomains need no filing of their own.',
    },
    sources: [SEED_FAQ, HUAWEI_KB],
  },
  {
    code: 'DOMAIN_NOT_REGISTERED',
    severity: 'error',
    faq: [],
    when: {
      zh: '本次查询的事实来源中都没有该可注册域名的注册记录；证据 consulted 列出查询了哪些来源，publicLookup 说明是否查询了公开注册信息',
      en: 'no registration record for the registrable domain in any facts source consulted; evidence lists them (consulted) and says whether public registration data was asked (publicLookup)',
    },
    message: {
      zh: '这里查询的域名数据中没有 {registrable} 的注册记录。查询了：{consulted}。',
      en: 'No registration record for {registrable} in the domain data consulted here: {consulted}.',
    },
    remedy: {
      zh: '这只说明本系统的数据里没有它，不代表域名未注册。请核对拼写。如果域名已注册：注册商上报（或运营方导入）后这里才能查到，可以先查询公开注册信息（RDAP/WHOIS）核实；如果尚未注册：请在工信部批准的境内注册商处注册。',
      en: "This says only that this deployment's data has no record of it, not that the domain is unregistered. Check the spelling. If the domain is registered, it shows here once its registrar reports it (or the operator imports it), and public registration data (RDAP/WHOIS) can confirm it meanwhile; if it is not, register it with an MIIT-approved registrar in mainland China.",
    },
    variants: {
      'public-not-found': {
        when: {
          zh: '公开注册信息查询（RDAP/WHOIS）也没有找到注册记录',
          en: 'the public registration lookup (RDAP/WHOIS) found no registration either',
        },
        message: {
          zh: '这里的域名数据和公开注册信息中都没有 {registrable} 的注册记录，它看来尚未注册。查询了：{consulted}。',
          en: 'No registration record for {registrable} in the domain data here or in public registration data, so it appears not to be registered. Consulted: {consulted}.',
        },
        remedy: {
          zh: '请核对拼写。要备案，请先在工信部批准的境内注册商处注册并完成实名认证；刚注册的域名可能稍后才能在公开查询中看到。',
          en: 'Check the spelling. To file it, register it first with an MIIT-approved registrar in mainland China and complete real-name verification; a registration made minutes ago may not show in public lookups yet.',
        },
      },
    },
    sources: [MIIT_264, RDAP],
  },
  {
    code: 'REGISTRAR_NOT_APPROVED',
    severity: 'error',
    faq: ['Q1b', 'Q2'],
    when: {
      zh: '注册商已知不是工信部批准的域名注册服务机构（境外注册商，如服务商的国际站）；数据中对不上或批准情况未知的注册商见 REGISTRAR_UNKNOWN',
      en: "the registrar is known not to be MIIT-approved (a registrar outside mainland China, e.g. a provider's international site); a registrar the data cannot match, or whose approval it does not know, is REGISTRAR_UNKNOWN",
    },
    message: {
      zh: '{registrable} 的注册商“{registrar}”{registrarStatus}。',
      en: 'The registrar of {registrable}, "{registrar}", {registrarStatus}.',
    },
    remedy: {
      zh: '请向注册商确认。通常的解决办法是把域名转入工信部批准的境内注册商（在国际站注册的域名不能备案），转入并重新完成实名认证后再提交。',
      en: 'Ask the registrar. The usual fix is to transfer the domain to an MIIT-approved registrar in mainland China (domains registered on an international site cannot be filed), complete real-name verification there, then submit.',
    },
    sources: [MIIT_264, HUAWEI_KB, SEED_FAQ],
  },
  {
    code: 'REGISTRAR_UNKNOWN',
    severity: 'warning',
    faq: ['Q1b'],
    when: {
      zh: '注册商与注册商数据中的任何条目都对不上，或对上的条目的证据不足以判断是否获工信部批准（低于证据标准的“中等”）；不在数据中不等于未获批准',
      en: "the registrar matches no entry of the registrar data, or matches one whose evidence cannot show MIIT approval either way (below medium on the standard of evidence); absence from beian's data is not a refusal",
    },
    message: {
      zh: '{registrable} 的注册商“{registrar}”{iana}{matched}。',
      en: 'The registrar of {registrable}, "{registrar}"{iana}, {matched}.',
    },
    remedy: {
      zh: '请向注册商确认它是否为工信部批准的域名注册服务机构、是否获准经营 .{suffix} 域名（批准按注册商和后缀分别授予），并在工信部域名信息服务平台 domain.miit.gov.cn 上核对。已获批准的，运营方可在覆盖文件的 registrars 中添加或更正该注册商；若是境外注册商，域名需转入工信部批准的境内注册商后才能备案。',
      en: 'Ask the registrar whether it is an MIIT-approved registrar (域名注册服务机构) authorised for .{suffix} (approval is granted per registrar and suffix), and check it on domain.miit.gov.cn. If it is approved, the operator can add or correct it under registrars in the overrides file; if it is a registrar outside mainland China, the domain must move to an MIIT-approved mainland registrar before it can be filed.',
    },
    sources: [MIIT_264, MIIT_DOMAIN_PLATFORM, HUAWEI_KB],
  },
  {
    code: 'DOMAIN_EXPIRED',
    severity: 'error',
    faq: ['Q1c'],
    when: { zh: '评估时域名注册已过期', en: 'the registration expired at the evaluation time' },
    message: { zh: '{registrable} 已于 {expiresAt} 到期。', en: '{registrable} expired on {expiresAt}.' },
    remedy: {
      zh: '请先在注册商处续费，续费生效后再提交备案。',
      en: 'Renew the domain with its registrar first, then submit once the renewal has taken effect.',
    },
    sources: [MIIT_264, SEED_FAQ],
  },
  {
    code: 'DOMAIN_EXPIRING_SOON',
    severity: 'warning',
    faq: [],
    when: {
      zh: '剩余有效期低于政策要求（默认 3 个月；部分省份为阻断性错误）',
      en: 'remaining validity below the policy minimum (default 3 months; an error where the province says so)',
    },
    message: {
      zh: '{registrable} 将于 {expiresAt} 到期，剩余有效期不足 {months} 个月（{province}）。',
      en: '{registrable} expires on {expiresAt}, less than {months} months from now ({province}).',
    },
    remedy: {
      zh: '请先续费，使剩余有效期超过 {months} 个月，以免备案审核期间或通过后域名到期。',
      en: 'Renew it so that more than {months} months remain, so the domain does not expire during review or soon after approval.',
    },
    sources: [HUAWEI_KB],
  },
  {
    code: 'DOMAIN_IN_RENEWAL_GRACE',
    severity: 'warning',
    faq: ['Q1c'],
    when: {
      zh: '到期日已过，但 gTLD 注册局的自动续费宽限期（最长 45 天）尚未结束（省份要求时为阻断性错误）',
      en: "the expiration date has passed but the gTLD registry's auto-renew grace period (up to 45 days) has not ended (an error where the province says so for expiring domains)",
    },
    message: {
      zh: '{registrable} 的注册期已于 {expiresAt} 结束，注册局在自动续费宽限期内暂时保留它，最晚到 {graceUntil}。',
      en: "{registrable}'s registration term ended on {expiresAt}; the registry keeps it in the auto-renew grace period until {graceUntil} at the latest.",
    },
    remedy: {
      zh: '请立即在注册商处续费：宽限期结束前不续费，注册商会删除域名或暂停解析，备案也会因此失败。',
      en: 'Renew it with the registrar now: unrenewed by the end of the grace period, the registrar deletes it or puts it on hold, and a filing on it fails.',
    },
    sources: [ICANN_AUTO_RENEW, EPP_GRACE],
  },
  {
    code: 'DOMAIN_ON_HOLD',
    severity: 'error',
    faq: [],
    when: {
      zh: '注册局状态为 client hold 或 server hold（域名暂停解析）',
      en: 'the registry status is client hold or server hold (the domain is not published in the DNS)',
    },
    message: {
      zh: '{registrable} 处于暂停解析状态（{statuses}），网站无法通过它访问。',
      en: '{registrable} is on hold ({statuses}): it is not published in the DNS, so no website can be reached through it.',
    },
    remedy: {
      zh: 'client hold 由注册商设置（常见原因：未完成实名认证、未续费、投诉），请联系注册商解除；server hold 由注册局设置，请通过注册商向注册局申诉。解除后再提交备案。',
      en: 'A client hold is set by the registrar (often: no real-name verification, no renewal, a complaint): ask the registrar to lift it. A server hold is set by the registry: appeal through the registrar. Submit once it is lifted.',
    },
    sources: [EPP_STATUS],
  },
  {
    code: 'DOMAIN_PENDING_DELETE',
    severity: 'error',
    faq: [],
    when: {
      zh: '注册局状态为 pending delete、redemption period 或 pending restore：注册即将被删除',
      en: 'the registry status is pending delete, redemption period or pending restore: the registration is being deleted',
    },
    message: {
      zh: '{registrable} 正在被注册局删除（{statuses}）。',
      en: '{registrable} is being deleted by its registry ({statuses}).',
    },
    remedy: {
      zh: '赎回期内可以通过注册商赎回（通常需额外付费）；进入待删除状态后只能等删除后重新注册。赎回或重新注册并完成实名认证后再备案。',
      en: 'During the redemption period the registrar can restore it (usually for a fee); once pending delete, it can only be registered anew after deletion. File once it is restored or re-registered and verified.',
    },
    sources: [EPP_GRACE, EPP_STATUS],
  },
  {
    code: 'REAL_NAME_MISSING',
    severity: 'error',
    faq: ['Q1d'],
    when: { zh: '没有完成的域名实名认证', en: 'no completed real-name verification' },
    message: {
      zh: '{registrable} 尚未完成域名实名认证{pending}。',
      en: '{registrable} has no completed real-name verification{pending}.',
    },
    remedy: {
      zh: '请在注册商处完成实名认证；实名信息（持有者名称、证件类型、证件号码）必须与备案主体一致。',
      en: "Complete real-name verification with the registrar; its holder name, certificate type and number must be the filing subject's.",
    },
    sources: [MIIT_264, SEED_FAQ],
  },
  {
    code: 'REAL_NAME_NOT_REPORTED',
    severity: 'error',
    faq: ['Q1e'],
    when: {
      zh: '已实名认证但尚未上报工信部域名库；证据含 verifiedAt、expectedBy 与 expectedLatestBy（按国家法定工作日推算的预计日期与最晚日期）',
      en: 'verified, not yet reported to MIIT; evidence has verifiedAt, expectedBy and expectedLatestBy (the expected and the latest date, on the Chinese official working-day calendar)',
    },
    message: {
      zh: '{registrable} 已于 {verifiedAt} 通过实名认证，但实名信息尚未上报至工信部域名库；{expected}。',
      en: "{registrable} passed real-name verification on {verifiedAt}, but the data has not yet reached MIIT's domain database; {expected}.",
    },
    remedy: {
      zh: '上报入库通常需 {workdays} 个工作日，最长可达 {latestWorkdays} 个工作日（按国家法定节假日和调休安排计算）。请在 {expectedBy} 之后提交；如到 {expectedLatestBy} 仍未入库，请向注册商确认是否已上报。',
      en: 'Reporting usually takes {workdays} working days and can take up to {latestWorkdays} (Chinese official calendar, holidays and makeup days counted). Submit after {expectedBy}; if it is still missing after {expectedLatestBy}, ask the registrar to confirm it reported the data.',
    },
    variants: {
      'no-date': {
        when: {
          zh: '认证时间未知，或工作日历不覆盖所需年份，无法推算日期',
          en: 'the verification time is unknown, or the working-day calendar does not cover the years needed, so no date can be given',
        },
        remedy: {
          zh: '上报入库通常需 {workdays} 个工作日，最长可达 {latestWorkdays} 个工作日（按国家法定节假日和调休安排计算）。请向注册商确认实名信息已上报入库后再提交。',
          en: 'Reporting usually takes {workdays} working days and can take up to {latestWorkdays} (Chinese official calendar, holidays and makeup days counted). Submit once the registrar confirms it reported the data.',
        },
      },
    },
    sources: [SEED_FAQ, HUAWEI_REAL_NAME_SYNC],
  },
  {
    code: 'REAL_NAME_UNKNOWN',
    severity: 'warning',
    faq: ['Q1d', 'Q1f'],
    when: {
      zh: '注册信息来自公开查询（RDAP/WHOIS），其中没有实名认证信息：实名状态和持有者未知',
      en: 'the registration comes from a public lookup (RDAP/WHOIS), which never carries real-name data: real-name status and holder are unknown',
    },
    message: {
      zh: '{registrable} 的注册信息来自公开查询（{origin}），其中没有实名认证信息：是否已实名认证、实名持有者是谁，从这一来源无法得知{holder}。',
      en: "{registrable}'s registration data comes from a public lookup ({origin}), which carries no real-name data: whether it is verified, and who the verified holder is, is unknown from this source{holder}.",
    },
    remedy: {
      zh: '请向注册商确认：域名已完成实名认证、实名持有者就是备案主体、实名信息已上报工信部域名库；也可以上传域名证书。beian 无法通过 RDAP 或 WHOIS 看到实名信息。',
      en: "Confirm with the registrar that the domain's real-name verification is complete, that the verified holder is the filing subject and that the data reached MIIT's domain database; or upload the domain certificate. beian cannot see real-name data through RDAP or WHOIS.",
    },
    sources: [MIIT_264, RDAP],
  },
  {
    code: 'HOLDER_MISMATCH',
    severity: 'error',
    faq: ['Q1f', 'Q2'],
    when: {
      zh: '持有者名称、证件类型或证件号码与备案主体不同；证据列出不同的字段',
      en: 'holder name, certificate type or number differs from the filing subject; evidence lists the fields',
    },
    message: {
      zh: '{registrable} 的实名持有者与备案主体不一致：{fields}。',
      en: "{registrable}'s real-name holder differs from the filing subject: {fields}.",
    },
    remedy: {
      zh: '管局要求域名持有者与备案主体（主办单位）一致。请改正备案主体信息，或在注册商处修改域名实名信息；如果域名不在您名下，请先办理过户，再重新实名认证。',
      en: 'The bureau requires the domain holder to be the filing subject. Correct the subject data, or change the real-name data at the registrar; if the domain is not held by you, have it transferred to you (过户) and verified again first.',
    },
    sources: [MIIT_264, SEED_FAQ],
  },
  {
    code: 'SUBJECT_NOT_GIVEN',
    severity: 'info',
    faq: [],
    when: {
      zh: '未提供备案主体：不核对持有者，备案类型按实名持有者推断',
      en: 'no filing subject given: the holder is not compared, and the filing type assumes the real-name holder files',
    },
    message: {
      zh: '未提供备案主体，未核对 {registrable} 的持有者是否与主体一致；备案类型按域名实名持有者推断。',
      en: "No filing subject was given, so {registrable}'s holder was not compared; the filing type assumes the real-name holder files.",
    },
    remedy: {
      zh: '提供主体名称、证件类型和证件号码，即可完整核验。',
      en: "Give the subject's name, certificate type and number for a full check.",
    },
    sources: [PROVIDER_TYPES],
  },
  {
    code: 'DOMAIN_FILED_BY_OTHER_SUBJECT',
    severity: 'error',
    faq: ['Q7'],
    when: {
      zh: '域名已有属于其他主体的备案号；补救措施说明由谁持有、意味着什么，以及域名易主时的注销途径',
      en: 'the domain already has an ICP number belonging to another subject; the remedy says who holds it, what that means, and the cancellation route when the domain changed hands',
    },
    message: {
      zh: '{registrable} 已有备案号 {number}，属于其他主体（{otherSubject}），该备案仍然有效。',
      en: '{registrable} already carries ICP number {number}, which belongs to another subject ({otherSubject}) and is still valid.',
    },
    remedy: {
      zh: '一个域名同时只能属于一个备案主体，只有{otherSubject}能注销自己的备案，您不能以本主体备案该域名或其子域名。如果该域名已转到您名下（例如您从前一位持有者处购得），请先在工信部备案查询（beian.miit.gov.cn）核实，再请前一位持有者注销该备案；联系不上时，可向{bureau}（备案号前缀“{prefix}”）下载《备案注销申请表》线下申请注销。注销完成后即可重新备案。',
      en: 'A domain belongs to one filing subject at a time, and only {otherSubject} can cancel its own filing: this subject cannot file the domain or its subdomains. If the domain has passed to you (for example, you bought it from the previous holder), confirm the record in MIIT\'s public query (beian.miit.gov.cn) and ask the previous holder to cancel the filing; if they cannot be reached, get the cancellation form (备案注销申请表) from {bureau} (number prefix "{prefix}") and apply offline. Once it is cancelled, the domain can be filed again.',
    },
    sources: [SEED_FAQ, PROVIDER_TYPES],
  },
  {
    code: 'SUBJECT_IN_OTHER_ACCOUNT',
    severity: 'error',
    faq: ['Q9'],
    when: {
      zh: '该主体（按证件号码）已在本接入商的其他账号下',
      en: 'the subject (by certificate number) already exists under another account of this provider',
    },
    message: {
      zh: '该域名对应的主体（证件号码 {idNumber}）已在本接入商的其他账号（{account}）下存在。',
      en: 'The subject for this domain (certificate {idNumber}) already exists under another account here ({account}).',
    },
    remedy: {
      zh: '请登录该账号办理（新增网站或接入备案）；如需改由本账号管理，请在“我的备案 → 转移备案”中按主体证件号码或备案号申请转移：主体负责人手机会收到验证码，在短信中的链接确认后，该主体及其网站即转到本账号（主体有进行中的备案申请时须等其完成或撤回）。',
      en: "Log in to that account and file there (new website or access filing). To manage the subject from this account instead, request a filing transfer (My filings → Transfer a filing) by the subject's certificate or ICP number: the subject's responsible person gets a code on their phone, and once they confirm on the link in that text the subject and its websites move to this account (not while an application of the subject is under way).",
    },
    sources: [SEED_FAQ, PROVIDER_TYPES],
  },
  {
    code: 'DOMAIN_ALREADY_FILED_HERE',
    severity: 'error',
    faq: [],
    when: {
      zh: '域名已通过本接入商备案；请走变更备案',
      en: 'the domain is already filed through this provider; use a change filing',
    },
    message: {
      zh: '{registrable} 已通过本接入商备案（{number}）。',
      en: '{registrable} is already filed through this provider ({number}).',
    },
    remedy: {
      zh: '无需重新备案；如需修改网站信息，请提交变更备案。',
      en: 'It needs no new filing; to change the website data, submit a change filing.',
    },
    sources: [PROVIDER_TYPES],
  },
  {
    code: 'DOMAIN_ORDER_IN_PROGRESS',
    severity: 'error',
    faq: [],
    when: {
      zh: '另一个进行中的备案申请包含该域名',
      en: 'another application in progress contains this domain',
    },
    message: {
      zh: '{registrable} 已在一个进行中的备案申请里（{where}）。',
      en: '{registrable} is already in an application in progress ({where}).',
    },
    remedy: {
      zh: '同一个域名同时只能有一个备案申请。请等该申请结束，或撤销它后再提交。',
      en: 'A domain can be in only one application at a time. Wait for that one to finish, or withdraw it, then submit.',
    },
    sources: [PROVIDER_TYPES],
  },
  {
    code: 'PARENT_DOMAIN_FILED',
    severity: 'info',
    faq: ['Q4'],
    when: {
      zh: '子域名的可注册域名已通过本接入商备案：无需备案',
      en: 'a subdomain whose registrable domain is filed through this provider: no filing needed',
    },
    message: {
      zh: '{registrable} 已通过本接入商备案（{number}），子域名 {unicode} 无需另行备案。',
      en: '{registrable} is filed through this provider ({number}); the subdomain {unicode} needs no filing.',
    },
    remedy: {
      zh: '可以直接把该子域名解析到本接入商的服务器。',
      en: "Point the subdomain at this provider's servers; nothing else is needed.",
    },
    sources: [SEED_FAQ],
  },
  {
    code: 'PARENT_DOMAIN_FILED_ELSEWHERE',
    severity: 'info',
    faq: ['Q4'],
    when: {
      zh: '子域名的可注册域名已备案，但不由本接入商接入（通过其他接入商，或接入已取消）：需要接入备案',
      en: 'a subdomain whose registrable domain is filed but not hosted here (through another provider, or its access was cancelled): an access filing is needed',
    },
    message: {
      zh: '{registrable} 已备案（{number}），{access}；子域名 {unicode} 要使用本接入商的服务器，需先办理接入备案。',
      en: "{registrable} is filed ({number}) {access}; to serve {unicode} from this provider's servers, file an access filing (接入备案) first.",
    },
    remedy: {
      zh: '请为 {registrable} 提交接入备案：备案号不变，一个域名可以有多个接入商；在备注中写明子域名 {subdomain}。',
      en: 'Submit an access filing for {registrable}: its number stays the same, and a domain may have several access providers; name the subdomain {subdomain} in the remarks.',
    },
    sources: [SEED_FAQ, HUAWEI_KB],
  },
  {
    code: 'PARENT_DOMAIN_NOT_FILED',
    severity: 'info',
    faq: ['Q4'],
    when: {
      zh: '子域名的可注册域名不在本系统已知的备案中（证据 consulted 列出查询的来源）：先备案可注册域名',
      en: 'a subdomain whose registrable domain has no ICP number known here (evidence lists the sources consulted): the registrable domain gets filed first',
    },
    message: {
      zh: '本系统已知的备案中没有 {registrable}（查询了：{consulted}），子域名 {unicode} 不能单独备案。',
      en: 'No filing of {registrable} is known here (consulted: {consulted}), and the subdomain {unicode} cannot be filed on its own.',
    },
    remedy: {
      zh: '如果 {registrable} 已有备案号（可在工信部备案查询 beian.miit.gov.cn 核实），子域名无需另行备案，要使用本接入商的服务器请为它办理接入备案；如果没有，请先为 {registrable} 办理备案，通过后其下的子域名即可使用。',
      en: "If {registrable} already has an ICP number (look it up in MIIT's public query, beian.miit.gov.cn), its subdomains need no filing of their own: to serve them from this provider, file an access filing for it. If it has none, file {registrable} first; once it is approved, its subdomains can be used.",
    },
    sources: [SEED_FAQ, HUAWEI_KB, MIIT_PUBLIC_QUERY],
  },
  {
    code: 'TOO_MANY_DOMAINS_PER_WEBSITE',
    severity: 'error',
    faq: ['Q3'],
    when: {
      zh: '一个网站的域名数超过其省份当时适用政策的上限',
      en: 'one website carries more domains than the policy in force allows for its province',
    },
    message: {
      zh: '这个网站有 {count} 个域名，{province}在 {date} 适用的政策是每个网站最多 {limit} 个（自 {effectiveFrom} 起）。',
      en: 'This website has {count} domains; the policy for {province} in force on {date} allows at most {limit} per website (since {effectiveFrom}).',
    },
    remedy: {
      zh: '在备案类型验证时只填一个域名，其余域名在填写网站信息时用“继续增加域名”添加，总数不超过 {limit} 个；超出的域名请用“保存，并继续添加网站”作为单独的网站备案。',
      en: 'Enter one domain when the filing type is checked and add the others with "继续增加域名" (add another domain) while filling in the website, {limit} at most; file any beyond that as separate websites with "保存，并继续添加网站" (save and add another website).',
    },
    variants: {
      'limit-one': {
        when: {
          zh: '上限为每个网站 1 个域名（2019-04-22 起全国如此）：每个域名各作为一个网站备案',
          en: 'the limit is one domain per website (nationwide from 2019-04-22): each domain is filed as a website of its own',
        },
        remedy: {
          zh: '每个网站只能填一个域名：在备案类型验证时只填其中一个，其余每个域名都用“保存，并继续添加网站”作为单独的网站备案（各得一个网站备案号），不要用“继续增加域名”。',
          en: 'Each website may carry one domain only: enter one of them when the filing type is checked and file every other domain as a website of its own with "保存，并继续添加网站" (save and add another website), each getting its own website number; "继续增加域名" (add another domain) does not apply.',
        },
      },
    },
    sources: [SEED_FAQ, MIIT_2019_633],
  },
  {
    code: 'DOMAIN_CERTIFICATE_REQUIRED',
    severity: 'info',
    faq: ['Q6'],
    when: {
      zh: '省管局要求提供域名证书（单位主体需加盖公章）；证据给出政策条目、可信度和出处日期',
      en: "the province's bureau requires a domain certificate (sealed, for organisations); evidence names the policy entry, its confidence and its source's date",
    },
    message: {
      zh: '{province}管局要求为每个备案域名提供域名证书（依据 {sourceDate} 的资料，可信度{confidence}）。',
      en: 'The {province} bureau requires a domain certificate for each filed domain (per a source of {sourceDate}; {confidence} confidence).',
    },
    remedy: {
      zh: '请在注册商的域名管理页面找到该域名，进入基本信息，用“域名证书打印”下载证书；单位主体请加盖单位公章后上传。各管局的要求时有变化，依据不确定时可先向接入商确认。',
      en: 'At the registrar, open the domain\'s basic information and use "域名证书打印" (print domain certificate); organisations upload it bearing the company seal. Bureaus change their requirements: where the source is uncertain, confirm with your provider first.',
    },
    variants: {
      'subject-domains': {
        when: {
          zh: '管局按主体的域名数量要求域名证书（如广东：个人主体不同前缀的域名超过 5 个）',
          en: 'the bureau requires certificates once a subject has more than a number of domains (e.g. Guangdong: an individual with more than 5 domains of different prefixes)',
        },
        message: {
          zh: '{province}管局要求{subjectTypes}主体不同前缀的域名超过 {moreThan} 个时，为每个域名提供域名证书；该主体已备案和本次填写的域名共有 {count} 个不同前缀（依据 {sourceDate} 的资料，可信度{confidence}）。',
          en: "The {province} bureau requires a domain certificate for each domain once a subject of type {subjectTypes} has more than {moreThan} domains of different prefixes; this subject's filed and new domains have {count} (per a source of {sourceDate}; {confidence} confidence).",
        },
      },
    },
    sources: [SEED_FAQ, HUAWEI_GUANGDONG],
  },
  {
    code: 'SOURCES_DISAGREE',
    severity: 'warning',
    faq: [],
    when: {
      zh: '两个来源对注册商或到期日的说法不一致；采用更权威的来源，两者都列出',
      en: 'two sources disagree on the registrar or the expiration date; the more authoritative one is used and both are shown',
    },
    message: {
      zh: '各来源对 {registrable} 的说法不一致：{details}。核验采用了{used}。',
      en: 'Sources disagree about {registrable}: {details}. The check used {used}.',
    },
    remedy: {
      zh: '请向注册商确认当前的注册商和到期日。域名刚转移注册商或刚续费时，工信部域名库可能尚未更新，更新后再提交备案。',
      en: "Confirm the current registrar and expiration date with the registrar. After a recent transfer or renewal MIIT's domain database may not have caught up: submit once it has.",
    },
    sources: [RDAP],
  },
  {
    code: 'ONLINE_LOOKUP_FAILED',
    severity: 'warning',
    faq: [],
    when: {
      zh: '公开注册信息查询（RDAP/WHOIS）失败，且没有其他来源有该域名的注册信息',
      en: 'the public registration lookup (RDAP/WHOIS) failed and no other source has the registration',
    },
    message: {
      zh: '查询 {registrable} 的公开注册信息失败（{origin} {server}：{error}），无法确认它是否已注册。',
      en: 'The public registration lookup for {registrable} failed ({origin} {server}: {error}), so whether it is registered could not be confirmed.',
    },
    remedy: {
      zh: '请稍后重试（失败结果只缓存几分钟），或请注册商提供注册信息、上传域名证书。',
      en: 'Try again later (a failure is cached for a few minutes only), or get the registration data from the registrar or upload the domain certificate.',
    },
    sources: [RDAP],
  },
  {
    code: 'FILED_BEFORE_DOMAIN_RULES',
    severity: 'info',
    faq: ['Q1a', 'Q1b'],
    when: {
      zh: '域名所在网站由同一主体在工信部信管〔2017〕264号生效前备案（审核通过日期已知）：接入备案或变更备案保留该域名时，后缀和注册商未获批准不再阻止备案',
      en: "the domain's website was filed by the same subject before 工信部信管〔2017〕264号 took effect (approval date known): kept in an access or change filing, an unapproved suffix or registrar no longer blocks it",
    },
    message: {
      zh: '{registrable} 所在网站 {number} 于 {approvedOn} 通过备案，早于工信部信管〔2017〕264号的域名要求（{effectiveFrom} 起）；接入备案或变更备案保留该域名时，不因{waived}而被拒绝。',
      en: '{registrable} is on website {number}, approved on {approvedOn}, before the domain requirements of 工信部信管〔2017〕264号 took effect ({effectiveFrom}); kept in an access or change filing, it is not refused because {waived}.',
    },
    remedy: {
      zh: '原有备案号可以继续使用，无需更换域名。首次备案、新增网站和新增域名仍须使用工信部批准的后缀和注册商；该网站的备案一旦注销，这个域名将不能再备案。',
      en: "The existing number stays valid; the domain need not change. First filings, new websites and added domains still need an approved suffix and registrar; once this website's filing is cancelled, the domain cannot be filed again.",
    },
    sources: [MIIT_264, WEST_ORG_FILED, NIAOYUN_SCOPE],
  },
  {
    code: 'FILED_WEBSITE_DOMAINS_KEPT',
    severity: 'info',
    faq: ['Q3'],
    when: {
      zh: '域名属于同一主体已备案、域名数超过现行上限的网站：接入备案或变更备案可保留这些域名或减少，不计入上限',
      en: "the domain belongs to the same subject's filed website with more domains than the limit now allows: an access or change filing keeps them (or fewer), outside the limit",
    },
    message: {
      zh: '{registrable} 是已备案网站 {number} 的 {count} 个域名之一（{approved}）。每个网站最多 {limit} 个域名（{effectiveFrom} 起）适用于首次备案和新增网站；接入备案或变更备案可以保留这些域名或减少。',
      en: '{registrable} is one of the {count} domains of the filed website {number} ({approved}). At most {limit} per website (since {effectiveFrom}) binds first filings and new websites; an access or change filing may keep these domains or fewer.',
    },
    remedy: {
      zh: '保留原有域名即可。新的域名不能加入这个网站，请另行作为新网站备案。',
      en: 'Keep the filed domains. A new domain cannot join this website: file it as a new website of its own.',
    },
    sources: [MIIT_2019_633, SEED_FAQ],
  },
  {
    code: 'APP_IDENTIFIER_FILED_ELSEWHERE',
    severity: 'error',
    faq: [],
    when: {
      zh: 'APP 的包名或 Bundle ID 已由其他主体备案：包名在其平台上唯一标识一个 APP',
      en: "the app's package name or Bundle ID is already filed by another subject: a package name identifies one app on its platform",
    },
    message: {
      zh: '{platform} 包名 {identifier} 已作为 APP“{otherName}”备案（{number}），属于其他主体（{otherSubject}）。',
      en: '{platform} package {identifier} is already filed as the app "{otherName}" ({number}) of another subject ({otherSubject}).',
    },
    remedy: {
      zh: '一个 APP 同时只能由一个主办者备案。如果该 APP 已转让给您，请原主办者先注销该 APP 的备案，或在其备案中变更主办者；如果这是另一个 APP，请核对包名是否填错（可上传 APK 或签名证书自动读取）。',
      en: 'An app is filed by one operator at a time. If the app has passed to you, the previous operator cancels its app filing first (or changes its operator); if this is a different app, check the package name (upload the APK or signing certificate to read it).',
    },
    sources: [MIIT_2023_105, ALIYUN_APP_FEATURES],
  },
  {
    code: 'APP_ALREADY_FILED_HERE',
    severity: 'error',
    faq: [],
    when: {
      zh: 'APP 的包名或 Bundle ID 已由同一主体备案：它已有备案号',
      en: "the app's package name or Bundle ID is already filed by the same subject: it has a number",
    },
    message: {
      zh: '{platform} 包名 {identifier} 已由本主体备案为 APP“{otherName}”，备案号 {number}。',
      en: '{platform} package {identifier} is already filed by this subject as the app "{otherName}", number {number}.',
    },
    remedy: {
      zh: '已备案的 APP 无需再次备案。若要修改其信息，请办理变更；若是新的 APP，请使用它自己的包名。',
      en: 'A filed app needs no second filing. Change the filed app to update its details; a new app has its own package name.',
    },
    sources: [MIIT_2023_105, ALIYUN_APP_FEATURES],
  },
  {
    code: 'APP_NAME_FILED_ELSEWHERE',
    severity: 'warning',
    faq: [],
    when: {
      zh: 'APP 名称已由其他主体备案（仅一个来源支持名称规则：提示，不拒绝）',
      en: 'the app name is already filed by another subject (one source only supports a name rule: a warning, never a refusal)',
    },
    message: {
      zh: 'APP 名称“{name}”已由其他主体（{otherSubject}）备案，备案号 {number}。',
      en: 'The app name "{name}" is already filed by another subject ({otherSubject}), number {number}.',
    },
    remedy: {
      zh: '公开查询按名称和主办单位展示 APP，同名容易被误认，接入商和管局可能要求说明。建议使用能区分本主体的名称；若确为同一 APP，请先核实其备案归属。',
      en: 'The public query shows apps by name and operator, so a shared name invites confusion and providers or the bureau may ask about it. Prefer a name that sets this subject apart; if it is the same app, first find out who filed it.',
    },
    sources: [ALIYUN_APP_ICP_NAME, MIIT_PUBLIC_QUERY],
  },
  {
    code: 'APP_DOMAIN_OF_FILED_WEBSITE',
    severity: 'info',
    faq: [],
    when: {
      zh: 'APP 使用的域名属于同一主体已备案的网站或本申请中的网站：APP 可以使用，不必重复备案该域名',
      en: "a domain the app uses belongs to the same subject's filed website or to a website of this application: the app may use it without filing the domain again",
    },
    message: {
      zh: 'APP 使用的 {host} 属于{where}。',
      en: 'The app uses {host}, which belongs to {where}.',
    },
    remedy: {
      zh: '无需操作。该网站注销后，APP 使用这个域名也将失去备案依据。',
      en: "Nothing to do. Once that website's filing is cancelled, the app's use of the domain loses its filing too.",
    },
    sources: [MIIT_2023_105],
  },
  {
    code: 'APP_ACCESS_OF_FILED_APP',
    severity: 'info',
    faq: [],
    when: {
      zh: 'APP 的包名或 Bundle ID 已由同一主体通过其他接入商备案：本次是接入（备案号不变），不是新的备案',
      en: "the app's package name or Bundle ID is filed by the same subject through another provider: this is an access filing (the number stays), not a new one",
    },
    message: {
      zh: '{platform} 包名 {identifier} 已由本主体备案为 APP“{otherName}”（{number}），目前不在本接入商接入。',
      en: '{platform} package {identifier} is filed by this subject as the app "{otherName}" ({number}), not hosted by this provider yet.',
    },
    remedy: {
      zh: '提交后按接入办理：审核通过后 {number} 保持不变，并记录本接入商的接入信息（域名、IP）。',
      en: 'It is filed as an access: once approved, {number} stays and this provider’s access information (hosts, IPs) is recorded.',
    },
    sources: [MIIT_2023_105, PROVIDER_TYPES],
  },
] as const satisfies readonly Rule[];
