/**
 * The monitor's rule table (合规巡检): every finding the compliance monitor reports about a filed website
 * hosted here, with severity, texts and sources. A sibling of the engine's table (rule-table.ts): the
 * engine answers "can this domain be filed", the monitor "does this filed website still comply".
 * docs/rules.md renders both (`npm run rules:doc`). Codes are public like the engine's: once shipped,
 * a code never changes meaning.
 */
import type { Source } from '../policy/index.ts';
import type { Localized, Severity } from './types.ts';

const STATE_292: Source = {
  title:
    '《互联网信息服务管理办法》（国务院令第292号）第十二条：互联网信息服务提供者应当在其网站主页的显著位置标明其经营许可证编号或者备案编号',
  date: '2000-09-25',
};
const MII_33: Source = {
  title:
    '《非经营性互联网信息服务备案管理办法》（信息产业部令第33号）第十三条：在网站开通时在主页底部的中央位置标明备案编号，并在备案编号下方按要求链接备案管理系统网址；第二十五条：未链接的，由省通信管理局责令改正，并处五千元以上一万元以下罚款',
  date: '2005-02-08',
};
const FOOTER_NOTICE: Source = {
  title:
    'Provider notice 关于工信部对互联网网站显著标明备案号和链接要求的通知 (quotes 33号令 §13, §25; the link goes to https://beian.miit.gov.cn; 广东 links the subject number 粤ICP备…号, other provinces the website number …号-1)',
  url: 'https://zqisp.com/newscontent/5.html',
};
const OLD_LINK_NOTICE: Source = {
  title:
    'Provider notice 关于网站主页下方标明备案编号的通知 (quotes 33号令: the link must point at MIIT’s site http://www.beian.miit.gov.cn, which replaced www.miitbeian.gov.cn)',
  url: 'http://ikiko.cn/html/ournews_2095.html',
  date: '2019-12-13',
};
const SHELL_CHECK: Source = {
  title:
    'Provider notice 空壳网站核查: a filed domain must resolve to the access provider’s mainland server IP and stay valid (real-name correct, within its registration term), else the access is cancelled and the number may be withdrawn',
  url: 'http://www.i-miqi.com/news/company/391.html',
  date: '2020-07-18',
};
const SHELL_DEFINITION: Source = {
  title:
    'Provider FAQ 什么是空壳网站: a filed website without access information, typically after moving servers without a new access filing',
  url: 'http://renwen.com/faq/show-429.html',
};
const MIIT_264: Source = {
  title:
    '工信部信管〔2017〕264号 关于规范互联网信息服务使用域名的通知 (a filed domain must be registered, real-name verified, to the filing subject)',
  date: '2017-11-27',
};
const RFC_9110: Source = {
  title: 'RFC 9110 (HTTP semantics: status codes, redirection)',
  url: 'https://www.rfc-editor.org/rfc/rfc9110',
};

export const MONITOR_CODES = [
  'SITE_DNS_NO_ADDRESS',
  'SITE_DNS_LOOKUP_FAILED',
  'SITE_OUTSIDE_PROVIDER',
  'SITE_UNREACHABLE',
  'SITE_PARKED',
  'FOOTER_NUMBER_MISSING',
  'FOOTER_NUMBER_WRONG',
  'FOOTER_NUMBER_SUBJECT_ONLY',
  'FOOTER_LINK_MISSING',
  'FOOTER_LINK_OUTDATED',
  'REGISTRATION_NOT_FOUND',
  'REGISTRATION_EXPIRING',
  'REGISTRATION_EXPIRED',
  'REGISTRATION_HOLDER_CHANGED',
  'REGISTRATION_REAL_NAME_LOST',
  'CERTIFICATE_EXPIRING',
  'CERTIFICATE_EXPIRED',
] as const;
/** A monitor finding code: public and stable, like the engine's. */
export type MonitorCode = (typeof MONITOR_CODES)[number];

/** A monitor rule: the engine's rule shape without seed FAQ references (no FAQ question is about upkeep). */
export type MonitorRule = {
  code: MonitorCode;
  severity: Severity;
  when: Localized;
  message: Localized;
  remedy: Localized;
  sources: Source[];
};

export const MONITOR_RULES = [
  {
    code: 'SITE_DNS_NO_ADDRESS',
    severity: 'error',
    when: {
      zh: '域名没有 A/AAAA 记录（不存在或没有地址），网站无法访问',
      en: 'the domain has no A/AAAA record (it does not exist or has no address), so the website cannot be reached',
    },
    message: {
      zh: '{domain} 没有解析到任何地址（{reason}）。',
      en: '{domain} resolves to no address ({reason}).',
    },
    remedy: {
      zh: '请在域名的 DNS 服务商处把 {domain} 解析到本接入商提供的服务器 IP。已备案的域名长期不解析到接入商的服务器，会在空壳网站核查中被取消接入。',
      en: "At the domain's DNS provider, point {domain} at the server IP this provider gave you. A filed domain that does not resolve to its provider's servers has its access cancelled in shell-website checks.",
    },
    sources: [SHELL_CHECK, SHELL_DEFINITION],
  },
  {
    code: 'SITE_DNS_LOOKUP_FAILED',
    severity: 'warning',
    when: {
      zh: '查询域名解析时解析服务器出错或超时，无法判断解析是否正确',
      en: 'the resolver failed or timed out, so where the domain points could not be told',
    },
    message: {
      zh: '查询 {domain} 的解析失败（{reason}），本次无法判断它是否解析到本接入商。',
      en: 'Resolving {domain} failed ({reason}); whether it points at this provider could not be told this time.',
    },
    remedy: {
      zh: '请检查域名的 DNS 服务商是否正常（NS 记录、DNSSEC 签名），下次巡检会再次查询。',
      en: "Check that the domain's DNS provider answers (NS records, DNSSEC signatures); the next check asks again.",
    },
    sources: [SHELL_CHECK],
  },
  {
    code: 'SITE_OUTSIDE_PROVIDER',
    severity: 'error',
    when: {
      zh: '域名解析到的地址不在本接入商声明的 IP 段内（访问已迁走：空壳网站风险）；部分地址在内时为警告',
      en: "the domain resolves to addresses outside the provider's declared IP ranges (access moved elsewhere: shell-website risk); a warning when some addresses are inside",
    },
    message: {
      zh: '{domain} 解析到 {outside}，不在本接入商的 IP 段内（{ranges}）。',
      en: "{domain} resolves to {outside}, outside this provider's IP ranges ({ranges}).",
    },
    remedy: {
      zh: '如果网站已迁到其他服务商，请在新服务商办理接入备案，并在这里取消接入；否则请把域名解析改回本接入商的服务器。接入信息与实际解析不符会在接入准确性核查中被要求整改或注销。',
      en: 'If the website moved to another provider, file access there and cancel access here; otherwise point the domain back at this provider’s servers. Access data that does not match where the domain resolves is ordered corrected, or cancelled, in access-accuracy checks.',
    },
    sources: [SHELL_CHECK, SHELL_DEFINITION],
  },
  {
    code: 'SITE_UNREACHABLE',
    severity: 'error',
    when: {
      zh: '网站首页无法打开（超时、连接失败、HTTP 错误、重定向过多或跳到内部地址）；页面过大无法检查时为警告',
      en: 'the home page cannot be opened (timeout, connection failure, HTTP error, too many redirects or a redirect into internal addresses); a warning when the page is too large to check',
    },
    message: {
      zh: '无法打开 {url}：{reason}。',
      en: 'Could not open {url}: {reason}.',
    },
    remedy: {
      zh: '请确认网站在本接入商的服务器上正常运行，首页可以直接访问。备案的网站须能访问，首页底部须展示备案号。',
      en: "Make sure the website runs on this provider's servers and its home page opens directly. A filed website must be reachable and show its number at the bottom of the home page.",
    },
    sources: [STATE_292, RFC_9110],
  },
  {
    code: 'SITE_PARKED',
    severity: 'error',
    when: {
      zh: '首页是服务器默认页、域名停放页或出售页，不是备案的网站内容',
      en: "the home page is a server's default page, a parking page or a for-sale page, not the filed website",
    },
    message: {
      zh: '{url} 显示的是{kind}（识别依据：“{marker}”），不是备案的网站内容。',
      en: '{url} shows {kind} (recognised by "{marker}"), not the filed website.',
    },
    remedy: {
      zh: '请部署网站内容，并在首页底部展示备案号。长期没有内容的备案网站可能被视为空壳网站而被注销。',
      en: 'Deploy the website and show its number at the bottom of the home page. A filed website without content for long may be treated as a shell website and cancelled.',
    },
    sources: [SHELL_CHECK, STATE_292],
  },
  {
    code: 'FOOTER_NUMBER_MISSING',
    severity: 'error',
    when: {
      zh: '首页没有展示备案号',
      en: 'the home page shows no ICP number',
    },
    message: {
      zh: '{url} 的首页没有展示备案号 {number}。',
      en: 'The home page {url} does not show the ICP number {number}.',
    },
    remedy: {
      zh: '请在首页底部中央展示备案号 {number}，并链接到 https://beian.miit.gov.cn/ ，例如 <a href="https://beian.miit.gov.cn/">{number}</a>。未按要求展示和链接的，由省通信管理局责令改正并可处罚款。',
      en: 'Show {number} at the bottom centre of the home page, linked to https://beian.miit.gov.cn/, e.g. <a href="https://beian.miit.gov.cn/">{number}</a>. The provincial bureau orders a missing number or link corrected and may fine the site.',
    },
    sources: [STATE_292, MII_33, FOOTER_NOTICE],
  },
  {
    code: 'FOOTER_NUMBER_WRONG',
    severity: 'error',
    when: {
      zh: '首页展示的备案号不是这个网站的（其他主体或其他网站的号码）',
      en: "the home page shows an ICP number that is not this website's (another subject's or another website's)",
    },
    message: {
      zh: '{url} 的首页展示的是 {shown}，而这个网站的备案号是 {number}。',
      en: 'The home page {url} shows {shown}, but this website is filed as {number}.',
    },
    remedy: {
      zh: '请把首页底部的备案号改为 {number}（可在工信部备案查询中核对）。展示他人的备案号属于备案信息不实。',
      en: "Change the number at the bottom of the home page to {number} (check it in MIIT's public query). Showing someone else's number misstates the filing.",
    },
    sources: [STATE_292, MII_33],
  },
  {
    code: 'FOOTER_NUMBER_SUBJECT_ONLY',
    severity: 'warning',
    when: {
      zh: '首页只展示了主体备案号，没有网站序号（-N）；广东管局要求展示主体备案号，不报告',
      en: 'the home page shows only the subject number without the website sequence (-N); not reported in Guangdong, whose bureau asks for the subject number',
    },
    message: {
      zh: '{url} 的首页展示的是主体备案号 {shown}，没有网站序号；这个网站的备案号是 {number}。',
      en: 'The home page {url} shows the subject number {shown} without the website sequence; this website is {number}.',
    },
    remedy: {
      zh: '请展示网站备案号 {number}（带 -N 序号），并链接到 https://beian.miit.gov.cn/ 。',
      en: 'Show the website number {number} (with its -N sequence), linked to https://beian.miit.gov.cn/.',
    },
    sources: [FOOTER_NOTICE, MII_33],
  },
  {
    code: 'FOOTER_LINK_MISSING',
    severity: 'error',
    when: {
      zh: '首页展示了备案号，但没有链接到工信部备案管理系统 beian.miit.gov.cn',
      en: "the home page shows the number but does not link it to MIIT's filing system, beian.miit.gov.cn",
    },
    message: {
      zh: '{url} 的首页展示了 {number}，但没有链接到 https://beian.miit.gov.cn/ 。',
      en: 'The home page {url} shows {number} but does not link it to https://beian.miit.gov.cn/.',
    },
    remedy: {
      zh: '请把备案号做成指向 https://beian.miit.gov.cn/ 的链接：<a href="https://beian.miit.gov.cn/">{number}</a>。未链接的，由省通信管理局责令改正，并处五千元以上一万元以下罚款。',
      en: 'Make the number a link to https://beian.miit.gov.cn/: <a href="https://beian.miit.gov.cn/">{number}</a>. The provincial bureau orders a missing link corrected and fines 5,000 to 10,000 yuan.',
    },
    sources: [MII_33, FOOTER_NOTICE],
  },
  {
    code: 'FOOTER_LINK_OUTDATED',
    severity: 'warning',
    when: {
      zh: '备案号链接到旧地址 miitbeian.gov.cn，而不是 beian.miit.gov.cn',
      en: 'the number links to the old address miitbeian.gov.cn instead of beian.miit.gov.cn',
    },
    message: {
      zh: '{url} 的备案号链接到旧地址 {link}。',
      en: 'The number on {url} links to the old address {link}.',
    },
    remedy: {
      zh: '工信部备案管理系统的地址已改为 https://beian.miit.gov.cn/ ，请更新链接。',
      en: "MIIT's filing system is now at https://beian.miit.gov.cn/: update the link.",
    },
    sources: [OLD_LINK_NOTICE, MII_33],
  },
  {
    code: 'REGISTRATION_NOT_FOUND',
    severity: 'warning',
    when: {
      zh: '查询的来源中都没有这个已备案域名的注册信息（可能已被删除，或只是这些来源不知道）',
      en: 'no source consulted has a registration for this filed domain (it may have been deleted, or these sources do not know it)',
    },
    message: {
      zh: '在 {consulted} 中找不到 {domain} 的注册信息。',
      en: 'No registration for {domain} in {consulted}.',
    },
    remedy: {
      zh: '请向注册商确认域名仍在有效期内（可用 --online 查询公开注册信息）。域名失效的备案网站会在空壳网站核查中被取消接入。',
      en: 'Confirm with the registrar that the domain is still registered (--online asks public registration data). A filed website whose domain lapsed has its access cancelled in shell-website checks.',
    },
    sources: [SHELL_CHECK, MIIT_264],
  },
  {
    code: 'REGISTRATION_EXPIRING',
    severity: 'warning',
    when: {
      zh: '已备案域名将在设定的天数内到期',
      en: 'the filed domain expires within the configured number of days',
    },
    message: {
      zh: '{domain} 将于 {expiresOn} 到期（还有 {days} 天）。',
      en: '{domain} expires on {expiresOn} (in {days} days).',
    },
    remedy: {
      zh: '请在到期前续费。域名过期后，备案网站会在空壳网站核查中被取消接入，备案号可能被注销。',
      en: 'Renew it before it expires. Once the domain lapses, the filed website has its access cancelled in shell-website checks and its number may be withdrawn.',
    },
    sources: [SHELL_CHECK, MIIT_264],
  },
  {
    code: 'REGISTRATION_EXPIRED',
    severity: 'error',
    when: {
      zh: '已备案域名已经过了到期日',
      en: 'the filed domain is past its expiration date',
    },
    message: {
      zh: '{domain} 已于 {expiresOn} 到期。',
      en: '{domain} expired on {expiresOn}.',
    },
    remedy: {
      zh: '请立即续费（过期后仍有赎回期的，尽快赎回）。过期域名的备案会被取消接入，备案号可能被注销。',
      en: 'Renew it now (redeem it while a redemption period lasts). The filing of an expired domain has its access cancelled and its number may be withdrawn.',
    },
    sources: [SHELL_CHECK, MIIT_264],
  },
  {
    code: 'REGISTRATION_HOLDER_CHANGED',
    severity: 'error',
    when: {
      zh: '已备案域名的实名持有者已不是备案主体（域名过户或转让后）',
      en: 'the real-name holder of the filed domain is no longer the filing subject (after a 过户 or sale)',
    },
    message: {
      zh: '{domain} 现在的持有者是 {holder}，不是备案主体 {subject}。',
      en: '{domain} is now held by {holder}, not by the filing subject {subject}.',
    },
    remedy: {
      zh: '域名持有者须与备案主体一致。如果域名已转让，新持有者需要重新备案，原备案应注销该网站或域名；如果是误操作，请把域名过户回备案主体。',
      en: 'The holder must be the filing subject. If the domain was sold, the new holder files anew and this filing drops the website or domain; if by mistake, transfer the domain back to the subject.',
    },
    sources: [MIIT_264],
  },
  {
    code: 'REGISTRATION_REAL_NAME_LOST',
    severity: 'error',
    when: {
      zh: '已备案域名的实名认证已不是“已认证”（被撤销或重新提交待审核）',
      en: 'the filed domain is no longer real-name verified (revoked, or resubmitted and pending)',
    },
    message: {
      zh: '{domain} 的实名认证状态是“{status}”，不再是已认证。',
      en: "{domain}'s real-name status is {status}, no longer verified.",
    },
    remedy: {
      zh: '请在注册商处重新完成实名认证，认证信息须与备案主体一致。实名失效的域名会在空壳网站核查中被取消接入。',
      en: 'Complete real-name verification at the registrar again, to the filing subject. A domain whose real-name verification lapsed has its access cancelled in shell-website checks.',
    },
    sources: [MIIT_264, SHELL_CHECK],
  },
  {
    code: 'CERTIFICATE_EXPIRING',
    severity: 'warning',
    when: {
      zh: '已知有效期的主体证件或负责人证件将在设定的天数内到期',
      en: "the subject's licence or a principal's certificate, where its validity is known, expires within the configured number of days",
    },
    message: {
      zh: '{whose}的{certificate}将于 {validUntil} 到期（还有 {days} 天）。',
      en: "{whose}'s {certificate} expires on {validUntil} (in {days} days).",
    },
    remedy: {
      zh: '证件换发后，请通过变更备案更新证件信息。',
      en: 'Once the certificate is renewed, update it through a change filing.',
    },
    sources: [MII_33],
  },
  {
    code: 'CERTIFICATE_EXPIRED',
    severity: 'error',
    when: {
      zh: '已知有效期的主体证件或负责人证件已过期',
      en: "the subject's licence or a principal's certificate, where its validity is known, has expired",
    },
    message: {
      zh: '{whose}的{certificate}已于 {validUntil} 过期。',
      en: "{whose}'s {certificate} expired on {validUntil}.",
    },
    remedy: {
      zh: '请换发证件，并通过变更备案更新证件信息；备案信息须真实有效。',
      en: 'Renew the certificate and update it through a change filing: filing data must stay true and valid.',
    },
    sources: [MII_33],
  },
] as const satisfies readonly MonitorRule[];
