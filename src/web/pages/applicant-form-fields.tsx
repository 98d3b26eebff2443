/**
 * The filing form's fields (主体, 负责人, 网站) as the wizard and the website change show them. Every input
 * is named by its field path in the filing schemas (src/filing/subject.ts, website.ts), so the schemas'
 * field errors land on it. Field rules are the schemas'; the hints say them before anyone gets them wrong
 * (Kingsoft Cloud 主体信息, docs.ksyun.com/documents/37803; Tencent Cloud 网站信息 FAQ; WeChat applyIcpFiling).
 */
import type { FormState, Localized } from '../kit/index.ts';
import {
  Button,
  Checkbox,
  Fieldset,
  ID_TYPE_LABELS,
  SUBJECT_TYPE_LABELS,
  SelectField,
  TextArea,
  TextField,
  t,
  unflattenForm,
  provinceChoices,
  TERMS,
  domainForms,
  unicodeDomain,
  unicodeUrl,
} from '../kit/index.ts';
import { PERSON_ID_TYPES } from '../../filing/index.ts';
import type { FieldError } from '../../filing/index.ts';
import { PRE_APPROVAL_TYPES, SERVICE_CONTENTS } from '../../filing/index.ts';
import { ID_TYPES, SUBJECT_TYPES } from '../../policy/index.ts';
import type { PolicyData } from '../../policy/index.ts';
import { flattenValues } from '../kit/form-flatten.ts';

/** Most pre-approvals one website lists (website.ts allows 10). */
const MAX_PRE_APPROVALS = 10;
/** Most websites in one application (website.ts allows 10). */
export const MAX_WEBSITES = 10;
/** Most domain boxes one website shows (website.ts allows 20). */
const MAX_DOMAINS = 20;

const FIELD_TEXT = {
  subjectType: TERMS.subjectType,
  subjectIdType: TERMS.subjectIdType,
  subjectIdTypeHint: {
    zh: '企业等单位一般为统一社会信用代码；个人为本人证件',
    en: 'Organisations usually file with the unified social credit code; individuals with their own ID',
  },
  subjectIdNumber: TERMS.subjectIdNumber,
  subjectName: TERMS.subjectName,
  subjectNameHint: {
    zh: '与证件上的名称完全一致；个人填写本人姓名',
    en: 'Exactly as on the certificate; individuals enter their own name',
  },
  province: TERMS.province,
  provinceHint: { zh: '主办单位证件住所所在的省份', en: "The province of the subject's registered address" },
  certificateAddress: { zh: '证件住所', en: 'Certificate address' },
  certificateAddressHint: { zh: '与证件上的地址一致', en: 'As on the certificate' },
  mailingAddress: { zh: '通讯地址', en: 'Mailing address' },
  mailingAddressHint: {
    zh: '详细到门牌号，不能是邮政信箱',
    en: 'Down to the door number; not a PO box',
  },
  remarks: { zh: '备注', en: 'Remarks' },
  subjectLeader: { zh: '主体负责人', en: 'Responsible person of the subject' },
  subjectLeaderHint: {
    zh: '单位的法定代表人或其授权的负责人；个人即本人',
    en: "The organisation's legal representative or an authorised person; for individuals, themselves",
  },
  websiteLeader: { zh: '网站负责人', en: 'Responsible person of the website' },
  samePerson: { zh: '网站负责人同主体负责人', en: 'The same person as the subject’s responsible person' },
  samePersonHint: {
    zh: '勾选后保存时，主体负责人的信息复制到网站负责人（可不填下面的字段）；以后修改主体负责人不会自动改动网站负责人',
    en: 'When ticked, saving copies the subject’s responsible person here (the fields below may stay empty); a later change of the subject’s person does not change this one',
  },
  personName: { zh: '姓名', en: 'Name' },
  personIdType: TERMS.idType,
  personIdNumber: TERMS.idNumber,
  mobile: { zh: '手机号码', en: 'Mobile number' },
  mobileHint: {
    zh: '11 位中国大陆手机号码；工信部会向该号码发送核验短信',
    en: 'An 11-digit mainland mobile number; MIIT sends the verification SMS to it',
  },
  emergencyPhone: { zh: '应急联系电话', en: 'Emergency phone' },
  emergencyPhoneHint: {
    zh: '另一个手机号码，或带区号的固定电话（如 010-12345678），不能与手机号码相同',
    en: 'Another mobile number, or a landline with area code (e.g. 010-12345678); not the mobile number',
  },
  email: { zh: '电子邮箱', en: 'Email' },
  website: TERMS.website,
  websiteName: TERMS.websiteName,
  websiteNameHint: {
    zh: '三个或以上汉字，体现网站内容；不能是域名、纯数字或纯字母，不含特殊符号',
    en: 'Three or more Chinese characters naming the content; not the domain, not digits or letters alone, no symbols',
  },
  domains: { zh: '网站域名', en: 'Domains of the website' },
  domain: TERMS.domain,
  domainHint: {
    zh: '主域名，不带 www，如 example.cn',
    en: 'The registrable domain without www, such as example.cn',
  },
  asciiForm: { zh: 'ASCII 形式（Punycode）：', en: 'ASCII form (Punycode): ' },
  newDomain: { zh: '增加的域名', en: 'Domain to add' },
  newDomainHint: {
    zh: '填写后点“继续增加域名”。每个网站可填写的域名数量由政策决定（2019 年 4 月 22 日起每个网站一个域名）',
    en: 'Enter it, then choose “Add another domain”. Policy decides how many domains a website may have (one per website since 22 April 2019)',
  },
  addDomain: { zh: '继续增加域名', en: 'Add another domain' },
  homeUrl: { zh: '网站首页 URL', en: 'Home page URL' },
  homeUrlHint: {
    zh: '使用本网站的域名，如 https://www.example.cn/',
    en: "On one of the website's domains, such as https://www.example.cn/",
  },
  serviceContent: { zh: '网站服务内容', en: 'Service content' },
  serviceContentHint: {
    zh: '选择 1–5 项；涉及前置审批的内容需在下面填写审批',
    en: 'Choose 1–5; content needing a pre-approval needs it listed below',
  },
  preApprovals: { zh: '前置审批', en: 'Pre-approvals' },
  preApprovalsHint: {
    zh: '没有可不填。新闻、出版、教育、医疗保健、药品和医疗器械、文化、广播电影电视节目等内容需要主管部门的审批文件',
    en: 'Leave empty if none. News, publishing, education, healthcare, drugs, culture, broadcasting and similar content need an approval from the authority',
  },
  preApprovalType: { zh: '审批类型', en: 'Approval type' },
  preApprovalNumber: { zh: '审批文号', en: 'Approval number' },
  websiteRemarks: { zh: '网站备注', en: 'Website remarks' },
  serviceCode: { zh: '备案服务码', en: 'Filing service code' },
  serviceCodeHint: {
    zh: '在本接入商购买的服务器生成的 16 位码，一个码只能备案一个网站；见“我的备案服务码”',
    en: 'The 16-character code of a server bought from this provider; one code files one website. See "My service codes"',
  },
  removeWebsite: { zh: '删除此网站', en: 'Remove this website' },
} satisfies Record<string, Localized>;

/** A hint followed by the ASCII form of an IDN in the box, when there is one: secondary, not the value. */
function withAscii(hint: Localized | null, ascii: string | null): Localized | undefined {
  if (ascii === null) return hint ?? undefined;
  const lead = hint ?? { zh: '', en: '' };
  const gap = hint === null ? '' : ' ';
  return {
    zh: `${lead.zh}${gap}${FIELD_TEXT.asciiForm.zh}${ascii}`,
    en: `${lead.en}${gap}${FIELD_TEXT.asciiForm.en}${ascii}`,
  };
}

/** The A-label of an IDN typed or saved in a domain box; null for an ASCII name or no name. */
function asciiDomain(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  const { unicode, ascii } = domainForms(value.trim());
  return unicode === ascii ? null : ascii;
}

/** The home-page URL with its host as A-labels, when that differs from what the box shows. */
function asciiUrl(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  try {
    const href = new URL(value.trim()).href;
    return unicodeUrl(href) === href ? null : href;
  } catch {
    return null;
  }
}

const domainHint = (value: string | undefined, hint: Localized | null): { hint?: Localized } => {
  const text = withAscii(hint, asciiDomain(value));
  return text === undefined ? {} : { hint: text };
};

const numbered = (text: Localized, n: number): Localized => ({
  zh: `${text.zh} ${n}`,
  en: `${text.en} ${n}`,
});

/** 负责人: the six fields of a responsible person under `prefix` (`subject.responsiblePerson`). */
export function PersonFields(props: {
  form: FormState;
  prefix: string;
  legend: Localized;
  hint?: Localized;
}) {
  const { form, prefix } = props;
  const name = (field: string) => `${prefix}.${field}`;
  return (
    <Fieldset form={form} name={prefix} legend={props.legend} {...(props.hint ? { hint: props.hint } : {})}>
      <TextField
        form={form}
        name={name('name')}
        label={FIELD_TEXT.personName}
        width="medium"
        maxlength={60}
        autocomplete="off"
      />
      <SelectField
        form={form}
        name={name('idType')}
        label={FIELD_TEXT.personIdType}
        options={PERSON_ID_TYPES.map((type) => ({ value: type, label: ID_TYPE_LABELS[type] }))}
      />
      <TextField
        form={form}
        name={name('idNumber')}
        label={FIELD_TEXT.personIdNumber}
        code
        width="medium"
        maxlength={64}
        autocomplete="off"
      />
      <TextField
        form={form}
        name={name('mobile')}
        label={FIELD_TEXT.mobile}
        hint={FIELD_TEXT.mobileHint}
        type="tel"
        inputmode="tel"
        code
        width="medium"
        maxlength={32}
        autocomplete="off"
      />
      <TextField
        form={form}
        name={name('emergencyPhone')}
        label={FIELD_TEXT.emergencyPhone}
        hint={FIELD_TEXT.emergencyPhoneHint}
        type="tel"
        inputmode="tel"
        code
        width="medium"
        maxlength={32}
        autocomplete="off"
      />
      <TextField
        form={form}
        name={name('email')}
        label={FIELD_TEXT.email}
        type="email"
        code
        width="medium"
        maxlength={100}
        autocomplete="off"
      />
    </Fieldset>
  );
}

/** 主体信息: nature, certificate, name, province, addresses, 主体负责人, remarks. */
export function SubjectFields(props: { form: FormState; policy: PolicyData }) {
  const { form } = props;
  return (
    <>
      <SelectField
        form={form}
        name="subject.type"
        label={FIELD_TEXT.subjectType}
        options={SUBJECT_TYPES.map((type) => ({ value: type, label: SUBJECT_TYPE_LABELS[type] }))}
      />
      <SelectField
        form={form}
        name="subject.idType"
        label={FIELD_TEXT.subjectIdType}
        hint={FIELD_TEXT.subjectIdTypeHint}
        options={ID_TYPES.map((type) => ({ value: type, label: ID_TYPE_LABELS[type] }))}
      />
      <TextField
        form={form}
        name="subject.idNumber"
        label={FIELD_TEXT.subjectIdNumber}
        code
        width="medium"
        maxlength={64}
        autocomplete="off"
      />
      <TextField
        form={form}
        name="subject.name"
        label={FIELD_TEXT.subjectName}
        hint={FIELD_TEXT.subjectNameHint}
        maxlength={100}
        autocomplete="organization"
      />
      <SelectField
        form={form}
        name="subject.province"
        label={FIELD_TEXT.province}
        hint={FIELD_TEXT.provinceHint}
        options={provinceChoices(props.policy)}
      />
      <SubjectDetailFields form={form} leaderHint={FIELD_TEXT.subjectLeaderHint} />
    </>
  );
}

/**
 * 主体信息 that a 变更主体 may change too: addresses, 主体负责人 and remarks (src/filing/subject.ts), for
 * the filing form and the change form alike; `leaderHint` says what the person is for on that form.
 */
export function SubjectDetailFields(props: { form: FormState; leaderHint: Localized }) {
  const { form } = props;
  return (
    <>
      <TextField
        form={form}
        name="subject.certificateAddress"
        label={FIELD_TEXT.certificateAddress}
        hint={FIELD_TEXT.certificateAddressHint}
        maxlength={200}
        autocomplete="street-address"
      />
      <TextField
        form={form}
        name="subject.mailingAddress"
        label={FIELD_TEXT.mailingAddress}
        hint={FIELD_TEXT.mailingAddressHint}
        maxlength={200}
        autocomplete="street-address"
      />
      <PersonFields
        form={form}
        prefix="subject.responsiblePerson"
        legend={FIELD_TEXT.subjectLeader}
        hint={props.leaderHint}
      />
      <TextArea
        form={form}
        name="subject.remarks"
        label={FIELD_TEXT.remarks}
        optional
        maxlength={200}
        rows={3}
      />
    </>
  );
}

/** How many numbered boxes `base.N` the values fill (at least `min`). */
export function countOf(values: Readonly<Record<string, string>>, base: string, min: number): number {
  let count = min;
  const pattern = new RegExp(`^${base.replace(/\./g, '\\.')}\\.(\\d+)(\\.|$)`);
  for (const name of Object.keys(values)) {
    const match = pattern.exec(name);
    if (match) count = Math.max(count, Number(match[1]) + 1);
  }
  return count;
}

/**
 * One website's fields. `options.addDomain` shows the "继续增加域名" box and button (a draft); a change
 * shows the domains it may keep only (change-website.ts: never added or replaced).
 */
export function WebsiteFields(props: {
  form: FormState;
  index: number;
  addDomain: boolean;
  removable: boolean;
  legend?: Localized;
  /** Offer "网站负责人同主体负责人" (a 主体负责人 is known to copy from). */
  samePerson?: boolean;
}) {
  const { form, index: i } = props;
  const base = `websites.${i}`;
  const lang = form.lang;
  const domainCount = Math.min(countOf(form.values, `${base}.domains`, 1), MAX_DOMAINS);
  const approvalRows = Math.min(countOf(form.values, `${base}.preApprovals`, 0) + 1, MAX_PRE_APPROVALS);
  return (
    <Fieldset form={form} name={base} legend={props.legend ?? numbered(FIELD_TEXT.website, i + 1)}>
      <div class="website" id={`website-${i}`}>
        <Fieldset form={form} name={`${base}.domains`} legend={FIELD_TEXT.domains}>
          {Array.from({ length: domainCount }, (_, k) => (
            <TextField
              form={form}
              name={`${base}.domains.${k}`}
              label={numbered(FIELD_TEXT.domain, k + 1)}
              {...domainHint(form.values[`${base}.domains.${k}`], k === 0 ? FIELD_TEXT.domainHint : null)}
              code
              width="medium"
              inputmode="url"
              maxlength={1024}
              autocomplete="off"
              optional={k > 0}
            />
          ))}
          {props.addDomain && (
            <div class="add-row">
              <TextField
                form={form}
                name={`_newDomain.${i}`}
                label={FIELD_TEXT.newDomain}
                hint={FIELD_TEXT.newDomainHint}
                code
                width="medium"
                inputmode="url"
                maxlength={1024}
                autocomplete="off"
                optional
              />
              <Button variant="secondary" name="_action" value={`add-domain:${i}`}>
                {t(lang, FIELD_TEXT.addDomain)}
              </Button>
            </div>
          )}
        </Fieldset>
        <TextField
          form={form}
          name={`${base}.name`}
          label={FIELD_TEXT.websiteName}
          hint={FIELD_TEXT.websiteNameHint}
          maxlength={100}
          autocomplete="off"
        />
        <TextField
          form={form}
          name={`${base}.homeUrl`}
          label={FIELD_TEXT.homeUrl}
          hint={withAscii(FIELD_TEXT.homeUrlHint, asciiUrl(form.values[`${base}.homeUrl`]))}
          type="url"
          inputmode="url"
          code
          maxlength={1024}
          autocomplete="off"
        />
        <Fieldset
          form={form}
          name={`${base}.serviceContent`}
          legend={FIELD_TEXT.serviceContent}
          hint={FIELD_TEXT.serviceContentHint}
        >
          <div class="checkboxes checkboxes-columns">
            {Object.entries(SERVICE_CONTENTS).map(([key, content]) => (
              <Checkbox
                form={form}
                name={`${base}.serviceContent.${key}`}
                value={key}
                label={content.label}
              />
            ))}
          </div>
        </Fieldset>
        <Fieldset
          form={form}
          name={`${base}.preApprovals`}
          legend={FIELD_TEXT.preApprovals}
          hint={FIELD_TEXT.preApprovalsHint}
        >
          {Array.from({ length: approvalRows }, (_, k) => (
            <div class="field-row">
              <SelectField
                form={form}
                name={`${base}.preApprovals.${k}.type`}
                label={numbered(FIELD_TEXT.preApprovalType, k + 1)}
                options={Object.entries(PRE_APPROVAL_TYPES).map(([value, label]) => ({ value, label }))}
                optional
              />
              <TextField
                form={form}
                name={`${base}.preApprovals.${k}.number`}
                label={numbered(FIELD_TEXT.preApprovalNumber, k + 1)}
                code
                width="medium"
                maxlength={64}
                optional
                autocomplete="off"
              />
            </div>
          ))}
        </Fieldset>
        {props.samePerson && (
          <Checkbox
            form={form}
            name={samePersonField(i)}
            label={FIELD_TEXT.samePerson}
            hint={FIELD_TEXT.samePersonHint}
          />
        )}
        <TextField
          form={form}
          name={`${base}.serviceCode`}
          label={FIELD_TEXT.serviceCode}
          hint={FIELD_TEXT.serviceCodeHint}
          code
          width="medium"
          maxlength={64}
          optional
          autocomplete="off"
        />
        <PersonFields form={form} prefix={`${base}.responsiblePerson`} legend={FIELD_TEXT.websiteLeader} />
        <TextArea
          form={form}
          name={`${base}.remarks`}
          label={FIELD_TEXT.websiteRemarks}
          optional
          maxlength={200}
          rows={3}
        />
        {props.removable && (
          <Button variant="warning" name="_action" value={`remove-website:${i}`}>
            {t(lang, FIELD_TEXT.removeWebsite)}
          </Button>
        )}
      </div>
    </Fieldset>
  );
}

/**
 * Form values of saved websites: every field by its path, and each service content as its own checkbox
 * (`websites.0.serviceContent.news` = `news`), since a form sends one value per name.
 */
export function websiteValues(
  websites: readonly Record<string, unknown>[],
  firstIndex = 0,
): Record<string, string> {
  const values: Record<string, string> = {};
  websites.forEach((website, offset) => {
    const i = firstIndex + offset;
    const { serviceContent, ...rest } = website;
    Object.assign(values, flattenValues(rest, `websites.${i}`));
    // Saved as A-labels (the schema normalises them); the boxes show the U-labels people typed.
    for (const [name, value] of Object.entries(values)) {
      if (/^websites\.\d+\.domains\.\d+$/.test(name)) values[name] = unicodeDomain(value);
      else if (/^websites\.\d+\.homeUrl$/.test(name)) values[name] = unicodeUrl(value);
    }
    if (Array.isArray(serviceContent)) {
      for (const key of serviceContent)
        if (typeof key === 'string') values[`websites.${i}.serviceContent.${key}`] = key;
    }
  });
  return values;
}

const compact = (value: unknown): unknown[] =>
  Array.isArray(value) ? value.filter((x) => x !== undefined) : [];

/** An object as posted, or an empty one: a group left blank still gets an error per field, not one for the group. */
export const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/**
 * The websites a form posted, as the schemas read them: boxes left empty drop out of the lists (a
 * cleared domain box removes the domain), checked service contents become the list.
 */
export function postedWebsites(form: Readonly<Record<string, string>>): Record<string, unknown>[] {
  const nested = unflattenForm(form);
  return compact(nested.websites).map((website) => {
    const w = { ...asObject(website) };
    w.responsiblePerson = asObject(w.responsiblePerson);
    if ('domains' in w) w.domains = compact(w.domains);
    const content = w.serviceContent;
    if (content !== undefined) {
      w.serviceContent =
        typeof content === 'object' && content !== null && !Array.isArray(content)
          ? Object.values(content).filter((x) => typeof x === 'string')
          : compact(content);
    }
    if ('preApprovals' in w) w.preApprovals = compact(w.preApprovals);
    return w;
  });
}

/**
 * The schemas name a service content by its position in the list (`websites.0.serviceContent.2`); the
 * form has one checkbox per content, so such an error goes to the group. Other paths are the inputs'.
 */
export function websiteErrorsOnFields(errors: readonly FieldError[]): FieldError[] {
  return errors.map((error) => {
    const match = /^(websites\.\d+\.serviceContent)\.\d+$/.exec(error.path);
    return match?.[1] ? { ...error, path: match[1] } : error;
  });
}

/** The form control of "网站负责人同主体负责人" for website `i` (underscored: not a field of the filing). */
export const samePersonField = (i: number): string => `_samePerson.${i}`;

const PERSON_FIELDS = ['name', 'idType', 'idNumber', 'mobile', 'emergencyPhone', 'email'] as const;

/** Whether two saved responsible persons are the same person with the same contacts. */
export function samePersonAs(a: unknown, b: unknown): boolean {
  const x = asObject(a);
  const y = asObject(b);
  return typeof x.name === 'string' && x.name !== '' && PERSON_FIELDS.every((field) => x[field] === y[field]);
}

/**
 * "网站负责人同主体负责人": the posted websites with the subject's person copied into those whose box is
 * ticked, so what is stored is the person, not a reference (a later change of the subject's person does
 * not silently change who answers for the website). Without a known subject person the box is an error.
 */
export function withSamePerson(
  form: Readonly<Record<string, string>>,
  websites: Record<string, unknown>[],
  subjectPerson: unknown,
): { websites: Record<string, unknown>[]; errors: FieldError[] } {
  const person = asObject(subjectPerson);
  const known = typeof person.name === 'string' && person.name !== '';
  const errors: FieldError[] = [];
  const copied = websites.map((website, i) => {
    if (form[samePersonField(i)] !== '1') return website;
    if (!known) {
      errors.push({ path: samePersonField(i), code: 'REQUIRED', message: NO_SUBJECT_PERSON });
      return website;
    }
    return { ...website, responsiblePerson: { ...person } };
  });
  return { websites: copied, errors };
}

const NO_SUBJECT_PERSON: Localized = {
  zh: '主体负责人尚未填写，无法复制：请先填写主体信息，或直接填写网站负责人',
  en: 'The subject’s responsible person is not filled in yet, so there is nothing to copy: complete the subject first or fill in the website’s person',
};

/** Form values ticking "网站负责人同主体负责人" for each saved website whose person is the subject's. */
export function samePersonValues(
  websites: readonly Record<string, unknown>[],
  subjectPerson: unknown,
): Record<string, string> {
  const values: Record<string, string> = {};
  websites.forEach((website, i) => {
    if (samePersonAs(subjectPerson, website.responsiblePerson)) values[samePersonField(i)] = '1';
  });
  return values;
}

/** The subject a form posted (`subject.*` fields), as the schemas read it. */
export function postedSubject(form: Readonly<Record<string, string>>): unknown {
  const subject = asObject(unflattenForm(form).subject);
  return { ...subject, responsiblePerson: asObject(subject.responsiblePerson) };
}
