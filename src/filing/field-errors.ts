/**
 * 字段错误 — one error on one form field, the shape the API returns in `fields` and the web form shows
 * next to the field named by `path` (`websites.0.domains.1`).
 *
 * Every filing rule's message is a template in `FIELD_ERRORS`, held once and built by `fieldIssue` /
 * `fieldError`, so a misspelt code or a missing placeholder does not compile; `docs/field-errors.md` is
 * generated from the table. The filing schemas add a `custom` zod issue whose `params` carry
 * `{ code, message: { zh, en } }` (see `addFieldIssue`); `toFieldErrors` passes those through unchanged.
 * Issues zod raises by itself (missing field, wrong type, unknown key, enum) get the generic templates,
 * naming the field from `FIELD_LABELS`.
 */
import type { z } from 'zod';

import type { Localized } from '../shared/index.ts';
export type { Localized };

/**
 * 字段错误信息 — every filing rule's message, once: `{name}` placeholders filled by `fieldIssue` (a
 * Localized parameter gives its zh text to the zh template and its en text to the en one). The key names
 * the message; `code`, where given, is the code the API reports when two messages share one (a text's
 * length in characters and a list's length in items are both `TOO_SHORT`).
 */
export const FIELD_ERRORS = {
  // zod's own issues, named by `FIELD_LABELS`.
  REQUIRED: { zh: '请填写{field}', en: 'Enter the {field}' },
  INVALID_TYPE: { zh: '{field}的格式不正确', en: 'The {field} has the wrong type' },
  TOO_FEW_ITEMS: {
    code: 'TOO_SHORT',
    zh: '{field}至少需要 {min} 项',
    en: 'The {field} needs at least {min}',
  },
  TOO_MANY_ITEMS: { code: 'TOO_LONG', zh: '{field}最多 {max} 项', en: 'The {field} allows at most {max}' },
  INVALID_VALUE: { zh: '{field}不在可选范围内', en: 'The {field} is not one of the allowed values' },
  UNKNOWN_FIELD: { zh: '不认识的字段：{keys}', en: 'Unknown field(s): {keys}' },
  INVALID: { zh: '{field}无效', en: 'The {field} is invalid' },
  // Text fields (subject.ts `textIssues`).
  CONTROL_CHARACTER: {
    zh: '{field}含有控制字符或不可见字符',
    en: 'The {field} contains control or invisible characters',
  },
  TOO_SHORT: { zh: '{field}至少 {min} 个字', en: 'The {field} needs at least {min} characters' },
  TOO_LONG: { zh: '{field}最多 {max} 个字', en: 'The {field} allows at most {max} characters' },
  // 主体 and 负责人 (subject.ts, certificates.ts).
  PERSON_NAME_CHARACTERS: {
    zh: '{field}只能是汉字，少数民族姓名用“·”分隔，不含空格、数字或其他符号',
    en: 'The {field} must be Chinese characters (parts of a name separated by "·"), without spaces, digits or other symbols',
  },
  PERSON_NAME_AS_PRINTED: {
    code: 'PERSON_NAME_CHARACTERS',
    zh: "{field}应与证件一致，只能含文字、单个空格和 · . ' -",
    en: "The {field} must match the certificate: letters, single spaces and · . ' - only",
  },
  MOBILE_INVALID: {
    zh: '{field}应为 11 位中国大陆手机号码（1 开头，第二位 3–9）',
    en: 'The {field} must be an 11-digit mainland mobile number (1, then 3–9, then 9 digits)',
  },
  PHONE_INVALID: {
    zh: '{field}应为手机号码或带区号的固定电话（如 010-12345678）',
    en: 'The {field} must be a mobile number or a landline with area code (e.g. 010-12345678)',
  },
  EMERGENCY_PHONE_SAME_AS_MOBILE: {
    zh: '应急联系电话不能与手机号码相同',
    en: 'The emergency phone number must differ from the mobile number',
  },
  EMAIL_INVALID: { zh: '{field}格式不正确', en: 'The {field} is not a valid address' },
  ADDRESS_CHARACTERS: { zh: '{field}不能含有特殊符号', en: 'The {field} must not contain special symbols' },
  ADDRESS_PO_BOX: {
    zh: '{field}不能是邮政信箱，请填写详细到门牌号的地址',
    en: 'The {field} must not be a PO box; give the street address down to the door number',
  },
  PROVINCE_UNKNOWN: {
    zh: '不认识的备案省份“{province}”，请选择省、自治区或直辖市',
    en: 'Unknown province "{province}"; choose a mainland province-level division',
  },
  ID_TYPE_NOT_ALLOWED: {
    zh: '主办单位性质为{nature}时，证件类型只能是：{allowed}',
    en: 'A subject of type {nature} files with one of: {allowed}',
  },
  ID_NUMBER_INVALID: { zh: '{certificate}{problem}', en: 'The {certificate} {problem}' },
  USCC_KIND_MISMATCH: {
    zh: '统一社会信用代码首位“{authority}”表示的登记管理部门不登记{nature}，请核对主办单位性质或代码',
    en: 'The unified social credit code\'s first character "{authority}" names a registration authority that does not register a {nature}; check the subject type or the code',
  },
  // 网站 (website.ts).
  WEBSITE_NAME_IS_DOMAIN: {
    zh: '网站名称不能直接使用域名',
    en: 'The website name must not be the domain name',
  },
  WEBSITE_NAME_SYMBOLS: {
    zh: '网站名称不能包含空格或特殊符号',
    en: 'The website name must not contain spaces or special symbols',
  },
  WEBSITE_NAME_TOO_FEW_CHINESE: {
    zh: '网站名称需要三个或三个以上汉字，不能是纯数字或纯英文字母',
    en: 'The website name needs three or more Chinese characters; digits or letters alone are not accepted',
  },
  WEBSITE_NAME_SENSITIVE: {
    zh: '网站名称不能使用敏感词“{word}”',
    en: 'The website name must not use the sensitive word "{word}"',
  },
  WEBSITE_NAME_NATIONAL_WORD: {
    zh: '个人网站名称不能含有“{word}”',
    en: 'A personal website\'s name must not contain "{word}"',
  },
  WEBSITE_NAME_NATIONAL_PREFIX: {
    code: 'WEBSITE_NAME_NATIONAL_WORD',
    zh: '非国家级单位的网站名称不能以“{word}”开头',
    en: 'Only national-level units may start a website name with "{word}"',
  },
  WEBSITE_NAME_PERSONAL_WORD: {
    zh: '个人网站名称不能使用“{word}”等词汇，请使用体现网站内容的名称',
    en: 'A personal website\'s name must not use words such as "{word}"; name the site after its content',
  },
  WEBSITE_NAME_NEEDS_PRE_APPROVAL: {
    zh: '网站名称含“{word}”，需要先办理前置审批并填写审批项',
    en: 'A website name with "{word}" needs a pre-approval; add it under pre-approvals',
  },
  PRE_APPROVAL_PERSONAL: {
    zh: '个人不能办理前置审批，涉及前置审批的网站请以单位性质备案',
    en: 'Individuals cannot hold pre-approvals; file a website that needs one as an organisation',
  },
  SERVICE_CONTENT_PERSONAL: {
    zh: '个人网站不能选择“{content}”，涉及行业或单位内容请以单位性质备案',
    en: 'A personal website cannot offer "{content}"; file industry or organisation content as an organisation',
  },
  DOMAIN_INVALID: {
    zh: '网站域名“{domain}”无效：{reason}',
    en: 'The website domain "{domain}" is invalid: {reason}',
  },
  DOMAIN_NOT_REGISTRABLE: {
    zh: '请填写主域名 {domain}：备案主域名后，其子域名无需单独备案',
    en: 'Enter the registrable domain {domain}: filing it covers its subdomains',
  },
  DOMAIN_DUPLICATE: { zh: '网站域名 {domain} 重复填写', en: 'The website domain {domain} is listed twice' },
  DOMAIN_IN_OTHER_WEBSITE: {
    zh: '域名 {domain} 已填写在第 {website} 个网站中',
    en: 'The domain {domain} is already listed in website {website}',
  },
  HOME_URL_INVALID: {
    zh: '网站首页 URL 应为 http:// 或 https:// 开头的网址',
    en: 'The home page URL must be an http:// or https:// address',
  },
  HOME_URL_OTHER_DOMAIN: {
    zh: '网站首页 URL 必须使用本网站的域名，{domain} 不在其中',
    en: "The home page URL must use one of the website's domains; {domain} is not one",
  },
  SERVICE_CONTENT_DUPLICATE: { zh: '网站服务内容重复选择', en: 'The service content is selected twice' },
  PRE_APPROVAL_REQUIRED: {
    zh: '服务内容涉及{category}，需要填写{category}类前置审批',
    en: 'The service content needs a pre-approval for {category}',
  },
  // 备案数量限制 (application-limits.ts): the province's policy on the day.
  TOO_MANY_DOMAINS_PER_WEBSITE: {
    zh: '{province}在 {date} 适用的政策是每个网站 {limit} 个域名；多个域名请分别作为网站备案',
    en: 'The policy in force in {province} on {date} allows {limit} domain(s) per website; file further domains as separate websites',
  },
  TOO_MANY_WEBSITES_PER_APPLICATION: {
    zh: '{province}在 {date} 适用的政策是每个备案申请 {limit} 个网站；其余网站请在本申请完成后另行申请',
    en: 'The policy in force in {province} on {date} allows {limit} website(s) per application; file the others in another application after this one',
  },
  TOO_MANY_DOMAINS_PER_APPLICATION: {
    zh: '{province}在 {date} 适用的政策是每个备案申请共 {limit} 个域名',
    en: 'The policy in force in {province} on {date} allows {limit} domain(s) in one application',
  },
  WEBSITE_NOT_FOUND: { zh: '没有第 {website} 个网站', en: 'There is no website {website}' },
  // Use cases (src/workflow): checks that need the stored application, the SMS state or the engine.
  DOMAIN_NOT_A_DOMAIN: {
    code: 'DOMAIN_INVALID',
    zh: '“{domain}”不是有效的域名',
    en: '"{domain}" is not a valid domain name',
  },
  DOMAIN_ALREADY_IN_APPLICATION: {
    code: 'DOMAIN_IN_OTHER_WEBSITE',
    zh: '域名 {domain} 已填写在本申请中',
    en: 'The domain {domain} is already in this application',
  },
  DOMAIN_NOT_IN_APPLICATION: {
    zh: '域名 {domain} 不在本备案申请中，域名证书须对应申请中的域名',
    en: 'The domain {domain} is not in this application; a domain certificate must be for one of its domains',
  },
  // 审核工具 (issue 15): coded rejection reasons, the 初审 call log, document replacement.
  REJECTION_REASON_UNKNOWN: {
    zh: '驳回原因代码 {code} 不在原因库中',
    en: 'The rejection reason code {code} is not in the library',
  },
  REJECTION_REASON_MISFIT: {
    zh: '驳回原因 {code} 不适用于该字段',
    en: 'The rejection reason {code} does not fit this field',
  },
  REJECTION_REASON_EMPTY: {
    zh: '请选择原因库中的原因或填写说明',
    en: 'Pick a reason from the library or write one',
  },
  CALL_CONTACT_UNKNOWN: {
    zh: '该申请没有这个联系人',
    en: 'The application has no such contact',
  },
  CALL_PHONE_NOT_OF_CONTACT: {
    zh: '号码 {phone} 不是该联系人填写的手机号码或应急电话',
    en: 'The number {phone} is neither the mobile nor the emergency number this contact gave',
  },
  CALL_IN_FUTURE: {
    zh: '通话时间不能晚于现在',
    en: 'The call cannot be later than now',
  },
  NEXT_TRY_NOT_AFTER_CALL: {
    zh: '下次联系时间须晚于本次通话',
    en: 'The next try must come after this call',
  },
  DOCUMENT_SAME_AS_REJECTED: {
    zh: '这是被驳回的同一个文件，请上传新的文件',
    en: 'This is the very file that was rejected; upload a new one',
  },
  DOCUMENT_NOT_REJECTED: {
    zh: '只有被驳回的材料可以替换',
    en: 'Only a rejected document can be replaced',
  },
  TOO_MANY_DOCUMENTS: {
    zh: '每个备案申请最多上传 {max} 份材料，请先删除不需要的材料',
    en: 'An application holds at most {max} documents; remove one you no longer need first',
  },
  DOMAIN_CERTIFICATE_REQUIRED: {
    zh: '{finding}请上传域名 {domain} 的域名证书（单位主体须加盖公章）后再提交。',
    en: '{finding} Upload the domain certificate of {domain} (organisations: bearing the company seal) before submitting.',
  },
  CERTIFICATE_CODE_INVALID: {
    zh: '域名证书“{document}”的验证码“{code}”格式不对：验证码是证书上印的 16 位字母和数字（如 7K2M-9QXD-4HRT-B8WN）',
    en: 'The verification code "{code}" of the domain certificate "{document}" is malformed: it is the 16 letters and digits printed on the certificate (e.g. 7K2M-9QXD-4HRT-B8WN)',
  },
  CERTIFICATE_CODE_MISMATCH: {
    zh: '域名证书“{document}”的验证码与本系统注册商出具的证书不符，请核对证书上印的验证码，或重新打印证书后上传',
    en: 'The verification code of the domain certificate "{document}" matches no certificate this system’s registrar issued; check the code printed on it, or print the certificate again and upload that',
  },
  CERTIFICATE_DOMAIN_MISMATCH: {
    zh: '域名证书“{document}”（证书编号 {serial}）是域名 {certified} 的证书，不是 {domain} 的',
    en: 'The domain certificate "{document}" (No. {serial}) certifies {certified}, not {domain}',
  },
  CERTIFICATE_NOT_CURRENT: {
    zh: '域名证书“{document}”（证书编号 {serial}）打印后域名的持有者、注册商或有效期已变化，证书不再有效；请重新打印域名证书后上传',
    en: 'Since the domain certificate "{document}" (No. {serial}) was printed, the domain’s holder, registrar or validity changed and it no longer holds; print the certificate again and upload that',
  },
  CERTIFICATE_CODE_NOT_EXPECTED: {
    zh: '只有域名证书有验证码：“{document}”不是域名证书，请清空验证码或把材料类型选为域名证书',
    en: 'Only a domain certificate has a verification code: "{document}" is not one; clear the code or choose the kind domain certificate',
  },
  PROVINCE_NOT_FOUND: {
    code: 'PROVINCE_UNKNOWN',
    zh: '不认识的备案省份“{province}”',
    en: 'Unknown province "{province}"',
  },
  /** The engine's own reason (`CheckRequestError`), reported on the province field. */
  PROVINCE_REFUSED_BY_ENGINE: { code: 'PROVINCE_UNKNOWN', zh: '{reason}', en: '{reason}' },
  SUBJECT_INVALID: { zh: '主体性质或证件类型无效', en: 'The subject type or certificate type is invalid' },
  FILING_TYPE_MIXED: {
    zh: '该域名的备案类型（{other}）与本申请（{type}）不同，请另行申请',
    en: 'This domain needs a different filing type ({other}) from this application ({type}); file it separately',
  },
  SMS_NOT_PENDING: { zh: '无法重新发送', en: 'Cannot resend' },
  SMS_RESEND_LIMITED: { zh: '暂不能重新发送', en: 'Cannot resend now' },
  // 变更网站: a filed website keeps or drops domains, never adds or replaces them (工信管函〔2019〕633号).
  CHANGE_DOMAIN_FIXED: {
    zh: '单域名网站的域名不能变更（工信管函〔2019〕633号）；请注销该网站后为 {domain} 另行备案',
    en: 'A single-domain website cannot change its domain (MIIT letter 〔2019〕633); cancel the website and file {domain} on its own',
  },
  CHANGE_DOMAIN_ADDED: {
    zh: '变更网站只能保留或减少域名，不能新增或替换（工信管函〔2019〕633号）；{domain} 请另行备案',
    en: 'A website change may only keep or reduce its domains, never add or replace them (MIIT letter 〔2019〕633); file {domain} separately',
  },
  // 接入信息 and 备案服务码 (access.ts; src/workflow/service-codes.ts).
  IP_INVALID: {
    zh: '{field}“{ip}”不是 IPv4 或 IPv6 地址',
    en: 'The {field} "{ip}" is not an IPv4 or IPv6 address',
  },
  IP_NOT_PUBLIC: {
    zh: '{ip} 属于{range}（{rfc}），不是可接入的公网地址；请填写服务器的公网 IP',
    en: "{ip} is in a {range} range ({rfc}), not a public address; enter the server's public IP",
  },
  IP_DUPLICATE: { zh: 'IP 地址 {ip} 重复', en: 'The IP address {ip} is listed twice' },
  IP_OUTSIDE_PROVIDER_RANGES: {
    zh: 'IP 地址 {ip} 不在本接入商声明的地址段内；请填写在本接入商购买的服务器的 IP',
    en: "The IP address {ip} is outside this provider's declared ranges; enter the IP of a server bought here",
  },
  RESOURCE_TERM_ORDER: {
    zh: '到期日期应晚于开始日期',
    en: 'The end of the term must come after its start',
  },
  SERVICE_CODE_FORMAT: {
    zh: '备案服务码应为 16 位字母数字（如 ABCD-EFGH-JKMN-PQRS），请核对后重新输入',
    en: 'A filing service code has 16 letters and digits (e.g. ABCD-EFGH-JKMN-PQRS); check it and enter it again',
  },
  SERVICE_CODE_REQUIRED: {
    zh: '请填写备案服务码：每个网站需使用在本接入商购买的服务器生成的一个备案服务码',
    en: 'Enter a filing service code: each website needs one code issued by a server bought from this provider',
  },
  SERVICE_CODE_UNKNOWN: {
    zh: '备案服务码 {code} 不存在或不属于本账号；请在“我的备案服务码”中查看，或请服务码所有者授权给本账号',
    en: 'The filing service code {code} does not exist or is not held by this account; see "My service codes", or ask its holder to grant it to this account',
  },
  SERVICE_CODE_UNAVAILABLE: {
    zh: '备案服务码 {code} 当前状态为“{status}”，不能再用于其他网站；请使用一个未使用的服务码',
    en: 'The filing service code {code} is {status} and cannot serve another website; use an unused code',
  },
  SERVICE_CODE_USED_TWICE: {
    zh: '备案服务码 {code} 已用于网站 {website}；一个服务码只能备案一个网站',
    en: 'The filing service code {code} is already used by website {website}; one code files one website',
  },
  SERVICE_CODE_TERM_SHORT: {
    zh: '服务码所属服务器 {resource} 于 {ends} 到期，剩余时长不足 {months} 个月；请续费后再提交',
    en: 'The server {resource} of this code ends on {ends}, less than {months} months away; renew it before submitting',
  },
  SERVICE_CODE_IP_OUTSIDE: {
    zh: '服务码所属服务器的 IP 地址 {ip} 不在本接入商声明的地址段内，不能用于备案；请联系接入商核实',
    en: "The IP address {ip} of this code's server is outside this provider's declared ranges and cannot be filed; ask the provider",
  },
  ACCESS_IP_NOT_ON_RESOURCE: {
    zh: 'IP 地址 {ip} 不属于该服务码所属的服务器 {resource}',
    en: 'The IP address {ip} is not one of the server {resource} of this code',
  },
  // APP备案 (app.ts; data/app-filing.json).
  APP_PLATFORM_REQUIRED: {
    zh: 'APP 至少需要填写一个平台（安卓、iOS 或鸿蒙）的特征信息',
    en: 'An app needs the feature information of at least one platform (Android, iOS or HarmonyOS)',
  },
  APP_PLATFORMS_NOT_FOR_TYPE: {
    zh: '{type}运行在宿主 APP 中，没有自己的平台特征信息，请删除平台信息或把类型改为 APP',
    en: 'A {type} runs inside a host app and has no platform features of its own; remove the platforms or make it an app',
  },
  APP_PACKAGE_INVALID: {
    zh: '{field}格式不正确，应为以点分隔的反向域名形式（如 com.example.app）',
    en: 'The {field} is malformed: expected reverse-domain form separated by dots (e.g. com.example.app)',
  },
  APP_PUBLIC_KEY_INVALID: {
    zh: '公钥应为十六进制（RSA 证书为模数），可上传签名证书或 APK 自动填写',
    en: 'The public key must be hexadecimal (the modulus for an RSA certificate); upload the signing certificate or the APK to fill it in',
  },
  APP_HASH_INVALID: {
    zh: '{field}应为 {digits} 位十六进制数（冒号、空格和大小写不限），可上传签名证书自动计算',
    en: 'The {field} must be {digits} hexadecimal digits (colons, spaces and case do not matter); upload the signing certificate to compute it',
  },
  APP_IP_INVALID: { zh: '“{ip}”不是 IP 地址', en: '"{ip}" is not an IP address' },
  APP_DUPLICATE: {
    zh: '与第 {other} 个 APP 重复：同一申请中的 APP 名称和包名/Bundle ID 不能重复',
    en: 'Repeats app {other}: app names and package names / Bundle IDs appear once per application',
  },
  APP_FEATURE_MISMATCH: {
    zh: '填写的{field}与上传的签名证书不一致；证书中的值为 {value}',
    en: 'The {field} differs from the uploaded signing certificate, which gives {value}',
  },
  APP_IDENTIFIER_IN_PROGRESS: {
    zh: '{identifier} 已在另一个进行中的备案申请（编号 {application}）中，请等待其完成或撤回',
    en: '{identifier} is in another application under way (no. {application}); wait for it or withdraw it',
  },
  APP_UPLOAD_REFUSED: { zh: '上传的{file}{reason}', en: 'The uploaded {file} {reason}' },
  // 变更主体 (src/workflow/change-subject.ts): the certificate is the subject; another one is a new subject.
  SUBJECT_CHANGE_FIXED: {
    zh: '{field}不能通过变更主体修改：证件不同即为另一个主体，须注销原主体后以新主体重新备案',
    en: 'The {field} cannot change through a subject change: another certificate is another subject, which files anew after the old subject is cancelled',
  },
  NAME_CHANGE_LETTER_REQUIRED: {
    zh: '主办单位名称由“{from}”变更为“{to}”，须上传更名函（登记机关出具的名称变更证明）',
    en: 'The subject name changes from "{from}" to "{to}": upload the name change letter (the registration authority\'s proof of the change)',
  },
  TRANSFER_QUERY_INVALID: {
    zh: '请填写主体的证件号码（如统一社会信用代码）或备案号（如 京ICP备2021012345号）',
    en: "Enter the subject's certificate number (e.g. its unified social credit code) or its ICP number (e.g. 京ICP备2021012345号)",
  },
  TRANSFER_ALREADY_YOURS: {
    zh: '该主体已在本账号下，无需转移',
    en: 'This subject is already in this account; there is nothing to transfer',
  },
  TRANSFER_CODE_WRONG: {
    zh: '验证码不正确，还可再试 {left} 次',
    en: 'The code is wrong; {left} tries left',
  },
  SUBJECT_CHANGE_NOTHING: {
    zh: '填写的主体信息与已备案信息相同，没有需要变更的内容',
    en: 'The subject data given is the same as filed; there is nothing to change',
  },
  APPLICATION_EMPTY: {
    zh: '备案申请至少需要一个网站或一个 APP（小程序、快应用）',
    en: 'An application needs at least one website or one app (mini program, quick app)',
  },
  CHANGE_APP_TYPE_FIXED: {
    zh: '变更不能改变类型（{type}）：类型决定备案号的后缀，请注销后重新备案',
    en: 'A change cannot change the type ({type}): it decides the number’s suffix; cancel and file anew',
  },
  CHANGE_APP_PLATFORM_IDENTIFIER: {
    zh: '{platform}的包名（Bundle ID）{identifier} 已备案，变更不能替换；新的包名是另一个 APP，请新增备案',
    en: 'The {platform} package (Bundle ID) {identifier} is filed and a change cannot replace it; a new package is another app, file it as one',
  },
  // 真实性核验 (src/workflow/identity-persons.ts, complete-identity-task.ts).
  IDENTITY_VERIFICATION_REQUIRED: {
    zh: '{person}（{role}）尚未完成真实性核验，请发送核验链接给本人完成',
    en: '{person} ({role}) has not completed identity verification; send them the verification link',
  },
  IDENTITY_PERSON_INCOMPLETE: {
    zh: '请先填写{role}的姓名、证件类型和证件号码',
    en: "Enter the {role}'s name, certificate type and number first",
  },
  IDENTITY_PHOTO_REFUSED: { zh: '{photo}：{reason}', en: '{photo}: {reason}' },
  IDENTITY_PHOTO_NOT_IMAGE: {
    zh: '{photo}须为 JPEG 或 PNG 照片',
    en: 'The {photo} must be a JPEG or PNG photo',
  },
  IDENTITY_DECLARATION_REQUIRED: {
    zh: '请阅读并签署《{declaration}》',
    en: 'Read and sign the {declaration}',
  },
  IDENTITY_CHECK_FAILED: { zh: '{reason}', en: '{reason}' },
} as const satisfies Record<string, Localized & { code?: string }>;

/** A message of the table. */
export type FieldErrorKey = keyof typeof FIELD_ERRORS;

/** 字段错误代码 — the codes the filing rules report: a key, or the shared `code` its entry names. */
export type FieldErrorCode = {
  [K in FieldErrorKey]: (typeof FIELD_ERRORS)[K] extends { code: infer C extends string } ? C : K;
}[FieldErrorKey];

/** A value for a placeholder: text or a number as is in both languages, or a Localized one per language. */
export type FieldErrorParam = string | number | Localized;

type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

/** The placeholders of message `K`, in either language. */
export type FieldErrorParams<K extends FieldErrorKey> = Record<
  Placeholders<(typeof FIELD_ERRORS)[K]['zh'] | (typeof FIELD_ERRORS)[K]['en']>,
  FieldErrorParam
>;

/** The params argument: required when the message has placeholders, absent otherwise. */
type ParamsArg<K extends FieldErrorKey> = [keyof FieldErrorParams<K>] extends [never]
  ? []
  : [FieldErrorParams<K>];

/** The code the API reports for message `key`. */
export function fieldErrorCode(key: FieldErrorKey): FieldErrorCode {
  const entry: Localized & { code?: string } = FIELD_ERRORS[key];
  return (entry.code ?? key) as FieldErrorCode;
}

function fill(template: string, lang: 'zh' | 'en', params: Record<string, FieldErrorParam>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'object' ? value[lang] : String(value);
  });
}

/** Message `key` with its placeholders filled, in both languages. */
export function fieldMessage<K extends FieldErrorKey>(key: K, ...params: ParamsArg<K>): Localized {
  const entry: Localized = FIELD_ERRORS[key];
  const values: Record<string, FieldErrorParam> = params[0] ?? {};
  return { zh: fill(entry.zh, 'zh', values), en: fill(entry.en, 'en', values) };
}

/** A filing rule's issue at `path` (relative to the value checked) with message `key`. */
export function fieldIssue<K extends FieldErrorKey>(
  path: PropertyKey[],
  key: K,
  ...params: ParamsArg<K>
): PathIssue {
  return { path, code: fieldErrorCode(key), message: fieldMessage(key, ...params) };
}

/** A field error at `path` (dotted, as the API reports it) with message `key`. */
export function fieldError<K extends FieldErrorKey>(
  path: string,
  key: K,
  ...params: ParamsArg<K>
): FieldError {
  return { path, code: fieldErrorCode(key), message: fieldMessage(key, ...params) };
}

/**
 * The shape every layer's forms share. `code` stays a string here because web and registrar forms add
 * codes of their own (password, SMS, real-name queue); the filing rules' codes are `FieldErrorCode`.
 */
export type FieldError = { path: string; code: string; message: Localized };

/** An issue found by a filing rule, relative to the value checked; `addFieldIssue` reports it. */
export type PathIssue = { path: PropertyKey[]; code: FieldErrorCode; message: Localized };

/** What the filing schemas put in a custom issue's `params`. */
export type FieldIssueParams = { code: string; message: Localized };

/** The part of zod's refinement context the helpers use (superRefine and .check both provide it). */
type IssueSink = { addIssue(issue: z.core.$ZodRawIssue): void };

/** Adds one of our issues at `path` (relative to the value being refined). */
export function addFieldIssue(
  ctx: IssueSink,
  path: readonly PropertyKey[],
  code: string,
  message: Localized,
): void {
  const params: FieldIssueParams = { code, message };
  ctx.addIssue({ code: 'custom', path: [...path], message: message.en, params, input: undefined });
}

/**
 * `when` for object-level refinements: run them even when zod found a type error in another field (so a
 * form shows every error at once), but only on objects. The refinement must then check field types itself.
 */
export const onObjects = {
  when: (payload: { value: unknown }): boolean => typeof payload.value === 'object' && payload.value !== null,
};

/** Field labels for zod's own issues, by the last named path segment(s); the longest match wins. */
export const FIELD_LABELS: Record<string, Localized> = {
  subject: { zh: '主办单位信息', en: 'filing subject' },
  'subject.type': { zh: '主办单位性质', en: 'subject type' },
  type: { zh: '性质', en: 'type' },
  idType: { zh: '证件类型', en: 'certificate type' },
  idNumber: { zh: '证件号码', en: 'certificate number' },
  name: { zh: '名称', en: 'name' },
  'subject.name': { zh: '主办单位名称', en: 'subject name' },
  'responsiblePerson.name': { zh: '负责人姓名', en: "responsible person's name" },
  'websites.*.name': { zh: '网站名称', en: 'website name' },
  province: { zh: '备案省份', en: 'province' },
  certificateAddress: { zh: '证件住所', en: 'certificate address' },
  mailingAddress: { zh: '通讯地址', en: 'mailing address' },
  responsiblePerson: { zh: '负责人', en: 'responsible person' },
  mobile: { zh: '手机号码', en: 'mobile phone number' },
  emergencyPhone: { zh: '应急联系电话', en: 'emergency phone number' },
  email: { zh: '电子邮箱', en: 'email address' },
  websites: { zh: '网站列表', en: 'websites' },
  domains: { zh: '网站域名', en: 'website domains' },
  'domains.*': { zh: '网站域名', en: 'website domain' },
  homeUrl: { zh: '网站首页 URL', en: 'home page URL' },
  serviceContent: { zh: '网站服务内容', en: 'service content' },
  'serviceContent.*': { zh: '网站服务内容', en: 'service content' },
  preApprovals: { zh: '前置审批项', en: 'pre-approvals' },
  'preApprovals.*.type': { zh: '前置审批类型', en: 'pre-approval type' },
  'preApprovals.*.number': { zh: '前置审批号', en: 'pre-approval number' },
  remarks: { zh: '备注', en: 'remarks' },
  serviceCode: { zh: '备案服务码', en: 'filing service code' },
  ips: { zh: 'IP 地址', en: 'IP addresses' },
  'ips.*': { zh: 'IP 地址', en: 'IP address' },
  accessMethod: { zh: '接入方式', en: 'access method' },
  label: { zh: '资源名称', en: 'resource name' },
  account: { zh: '账号', en: 'account' },
  termStart: { zh: '开始日期', en: 'start of term' },
  termEnd: { zh: '到期日期', en: 'end of term' },
  codeQuota: { zh: '可生成服务码数量', en: 'number of codes' },
  apps: { zh: 'APP 列表', en: 'apps' },
  'apps.*.name': { zh: 'APP 名称', en: 'app name' },
  'apps.*.type': { zh: 'APP 类型', en: 'app type' },
  platforms: { zh: '平台特征信息', en: 'platform features' },
  packageName: { zh: '包名', en: 'package name' },
  bundleId: { zh: 'Bundle ID', en: 'Bundle ID' },
  publicKey: { zh: '公钥', en: 'public key' },
  md5: { zh: '签名 MD5 值', en: 'signature MD5' },
  sha1: { zh: '证书 SHA-1 值', en: 'certificate SHA-1' },
  fingerprint: { zh: '签名指纹', en: 'signature fingerprint' },
  'apps.*.domains': { zh: 'APP 使用的域名', en: 'domains the app uses' },
  'apps.*.domains.*': { zh: 'APP 使用的域名', en: 'domain the app uses' },
  'apps.*.serviceContent': { zh: 'APP 服务内容', en: 'app service content' },
  'apps.*.ips': { zh: 'APP 使用的 IP 地址', en: 'IP addresses the app uses' },
  'apps.*.ips.*': { zh: 'APP 使用的 IP 地址', en: 'IP address the app uses' },
  'apps.*.remarks': { zh: 'APP 备注', en: 'app remarks' },
  apk: { zh: 'APK 文件', en: 'APK file' },
  certificate: { zh: '签名证书', en: 'signing certificate' },
  android: { zh: '安卓', en: 'Android' },
  ios: { zh: 'iOS', en: 'iOS' },
  harmonyos: { zh: '鸿蒙', en: 'HarmonyOS' },
};

/** `['websites', 0, 'domains', 1]` → `websites.0.domains.1`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'symbol' ? (p.description ?? '') : String(p))).join('.');
}

/** The label of the field at `path`: the longest suffix of the path (numbers as `*`) with a label. */
export function fieldLabel(path: readonly PropertyKey[]): Localized {
  const keys = path.map((p) => (typeof p === 'number' ? '*' : String(p)));
  for (let start = 0; start < keys.length; start++) {
    const label = FIELD_LABELS[keys.slice(start).join('.')];
    if (label && keys[start] !== '*') return label;
  }
  return { zh: '该字段', en: 'this field' };
}

const PLACE = {
  subject: { zh: '主办单位信息', en: 'Filing subject' },
  subjectIdType: { zh: '主办单位证件类型', en: 'Subject certificate type' },
  subjectIdNumber: { zh: '主办单位证件号码', en: 'Subject certificate number' },
  subjectLeader: { zh: '主体负责人', en: 'Responsible person of the subject' },
  website: { zh: '网站', en: 'Website' },
  websiteLeader: { zh: '网站负责人', en: 'Responsible person of the website' },
  app: { zh: 'APP', en: 'App' },
  appLeader: { zh: 'APP负责人', en: 'Responsible person of the app' },
  personName: { zh: '姓名', en: 'name' },
} satisfies Record<string, Localized>;

const PLATFORM_PLACE = {
  android: { zh: '安卓', en: 'Android' },
  ios: { zh: 'iOS', en: 'iOS' },
  harmonyos: { zh: '鸿蒙', en: 'HarmonyOS' },
} satisfies Record<string, Localized>;

// A name written lower-case first on purpose (iOS) keeps its spelling.
const capitalised = (text: string) =>
  /^i[A-Z]/.test(text) ? text : text.charAt(0).toUpperCase() + text.slice(1);
const isIndex = (key: string | undefined) => key !== undefined && /^\d{1,4}$/.test(key);

/**
 * 字段位置 — where a field path (`websites.0.domains.1`, as field errors and rejection reasons carry
 * it) points, in the words of the form: `网站 1 · 网站域名 2`, `主体负责人 · 手机号码`. People read
 * this; the path itself is for programs. A path no form has is named as generically as `fieldLabel`
 * names it, never shown raw.
 */
export function fieldPathLabel(path: string): Localized {
  const keys = path === '' ? [] : path.split('.');
  const parts: Localized[] = [];
  let rest = keys;
  let scope: string[] = [];
  if (keys[0] === 'subject') {
    if (keys.length === 1) return PLACE.subject;
    rest = keys.slice(1);
    scope = ['subject'];
    if (rest[0] === 'idType') return PLACE.subjectIdType;
    if (rest[0] === 'idNumber') return PLACE.subjectIdNumber;
    if (rest[0] === 'responsiblePerson') parts.push(PLACE.subjectLeader);
  } else if (keys[0] === 'websites' && isIndex(keys[1])) {
    const n = Number(keys[1]) + 1;
    parts.push({ zh: `${PLACE.website.zh} ${n}`, en: `${PLACE.website.en} ${n}` });
    rest = keys.slice(2);
    scope = ['websites', '0'];
    if (rest[0] === 'responsiblePerson') parts.push(PLACE.websiteLeader);
  } else if (keys[0] === 'apps' && isIndex(keys[1])) {
    const n = Number(keys[1]) + 1;
    parts.push({ zh: `${PLACE.app.zh} ${n}`, en: `${PLACE.app.en} ${n}` });
    rest = keys.slice(2);
    scope = ['apps', '0'];
    if (rest[0] === 'responsiblePerson') parts.push(PLACE.appLeader);
    // A platform's features: 安卓 · 包名, not the bare field.
    if (rest[0] === 'platforms' && (rest[1] === 'android' || rest[1] === 'ios' || rest[1] === 'harmonyos'))
      parts.push(PLATFORM_PLACE[rest[1]]);
  }
  const inPerson = rest[0] === 'responsiblePerson' && scope.length > 0;
  if (inPerson) rest = rest.slice(1);
  if (rest.length > 0) {
    // Within a 负责人 group the group is already named: 姓名, not 负责人姓名.
    const label =
      inPerson && rest.length === 1 && rest[0] === 'name'
        ? PLACE.personName
        : fieldLabel([...scope, ...rest].map((key) => (isIndex(key) ? Number(key) : key)));
    // The n-th of a list people count (域名 2, 前置审批 1); a service content is one box of a group.
    const listed = rest.findIndex((key) => key === 'domains' || key === 'preApprovals' || key === 'ips');
    const index = listed >= 0 && isIndex(rest[listed + 1]) ? ` ${Number(rest[listed + 1]) + 1}` : '';
    parts.push({ zh: `${label.zh}${index}`, en: `${label.en}${index}` });
  }
  if (parts.length === 0) return fieldLabel(keys);
  return {
    zh: parts.map((part) => part.zh).join(' · '),
    en: parts.map((part) => capitalised(part.en)).join(' · '),
  };
}

function isFieldIssueParams(params: unknown): params is FieldIssueParams {
  if (typeof params !== 'object' || params === null) return false;
  const { code, message } = params as { code?: unknown; message?: unknown };
  return (
    typeof code === 'string' &&
    typeof message === 'object' &&
    message !== null &&
    typeof (message as Localized).zh === 'string' &&
    typeof (message as Localized).en === 'string'
  );
}

/** The message for an issue zod raised itself, naming the field. */
function genericError(issue: z.core.$ZodIssue, label: Localized, missing: boolean): Omit<FieldError, 'path'> {
  const error = <K extends FieldErrorKey>(key: K, ...params: ParamsArg<K>) => ({
    code: fieldErrorCode(key),
    message: fieldMessage(key, ...params),
  });
  if (missing && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    return error('REQUIRED', { field: label });
  }
  switch (issue.code) {
    case 'invalid_type':
      return error('INVALID_TYPE', { field: label });
    case 'too_small':
      return error('TOO_FEW_ITEMS', { field: label, min: String(issue.minimum) });
    case 'too_big':
      return error('TOO_MANY_ITEMS', { field: label, max: String(issue.maximum) });
    case 'invalid_value':
      return error('INVALID_VALUE', { field: label });
    case 'unrecognized_keys':
      return error('UNKNOWN_FIELD', { keys: { zh: issue.keys.join('、'), en: issue.keys.join(', ') } });
    default:
      return error('INVALID', { field: label });
  }
}

/** The value at `path` inside `root`, or undefined. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * zod issues → field errors. `input` (what was parsed) tells a missing field from a wrong type, since
 * zod 4 issues do not carry the input. `prefix` is prepended to every path, for a schema validated as
 * part of a larger document (`['websites', 2]`). An unknown key's error names the key in its path.
 */
export function toFieldErrors(
  issues: readonly z.core.$ZodIssue[],
  input?: unknown,
  prefix: readonly PropertyKey[] = [],
): FieldError[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'custom' && isFieldIssueParams(issue.params)) {
      return { path: formatFieldPath(path), code: issue.params.code, message: issue.params.message };
    }
    const fieldPath =
      issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...path, issue.keys[0] ?? ''] : path;
    const missing = valueAt(input, issue.path) == null;
    return { path: formatFieldPath(fieldPath), ...genericError(issue, fieldLabel(path), missing) };
  });
}

/** Runs a schema and gives either the parsed value or the field errors (never throws on input). */
export function parseFields<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | { ok: false; errors: FieldError[] } {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: toFieldErrors(result.error.issues, input) };
}
