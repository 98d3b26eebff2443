/**
 * 备案类型验证的字段 — province, subject type, certificate type and number, subject name and one domain:
 * what decides the filing type (seed FAQ Q3). /precheck asks for them to check, /applications/new to
 * start an application; both show these fields with the workflow's limits (createApplication's input
 * schema), so a precheck that passes is one the application accepts. Each page keeps its own field
 * names: the precheck's are the API's (`subjectType`, which /static/app.js sends to /api/v1/precheck),
 * the application's are the workflow's paths (`subject.type`), so refusals land on them.
 */
import type { PolicyData } from '../../policy/index.ts';
import { ID_TYPES, SUBJECT_TYPES } from '../../policy/index.ts';
import { createApplicationInputSchema } from '../../workflow/index.ts';
import type { Choice, FormState } from './form.tsx';
import { SelectField, TextField } from './form.tsx';
import { ID_TYPE_LABELS, SUBJECT_TYPE_LABELS, TERMS, provinceLabel } from './labels.ts';

export type SubjectCheckField = 'province' | 'subjectType' | 'idType' | 'idNumber' | 'subjectName' | 'domain';

/** The field names of /precheck: the API's precheck body. */
export const PRECHECK_FIELD_NAMES = {
  province: 'province',
  subjectType: 'subjectType',
  idType: 'subjectIdType',
  idNumber: 'subjectId',
  subjectName: 'subjectName',
  domain: 'domain',
} as const satisfies Record<SubjectCheckField, string>;

/** The field names of /applications/new: createApplication's input paths. */
export const APPLICATION_FIELD_NAMES = {
  province: 'province',
  subjectType: 'subject.type',
  idType: 'subject.idType',
  idNumber: 'subject.idNumber',
  subjectName: 'subject.name',
  domain: 'domain',
} as const satisfies Record<SubjectCheckField, string>;

const input = createApplicationInputSchema.shape;

/** The longest value of each text field, read from the workflow's schema rather than copied. */
export const SUBJECT_CHECK_LIMITS = {
  province: input.province.maxLength ?? 64,
  idNumber: input.subject.shape.idNumber.maxLength ?? 64,
  subjectName: input.subject.shape.name.unwrap().maxLength ?? 100,
  domain: input.domain.unwrap().maxLength ?? 1024,
} as const;

const SUBJECT_CHECK_TEXT = {
  provinceHint: { zh: '主办单位证件住所所在的省份', en: "The province of the subject's registered address" },
  subjectNameHint: {
    zh: '与证件一致；填写后会核对域名的实名持有者',
    en: "As on the certificate; given, it is compared with the domain's real-name holder",
  },
  domainHint: {
    zh: '例如 example.cn 或 例子.中国，不要带 www',
    en: 'Such as example.cn or 例子.中国, without www',
  },
};

/** The labels, for pages that name the fields in their own messages. */
export const SUBJECT_CHECK_LABELS = {
  province: TERMS.province,
  subjectType: TERMS.subjectType,
  idType: TERMS.subjectIdType,
  idNumber: TERMS.subjectIdNumber,
  subjectName: TERMS.subjectName,
  domain: TERMS.domain,
} as const;

/** 备案省份 choices: `浙江（浙）`, `Zhejiang 浙江 (浙)`. */
export function provinceChoices(policy: Pick<PolicyData, 'provinces'>): Choice[] {
  return policy.provinces.map((province) => ({ value: province.code, label: provinceLabel(province) }));
}

export function SubjectCheckFields(props: {
  form: FormState;
  policy: Pick<PolicyData, 'provinces'>;
  names: Readonly<Record<SubjectCheckField, string>>;
}) {
  const { form, names } = props;
  return (
    <>
      <SelectField
        form={form}
        name={names.province}
        label={SUBJECT_CHECK_LABELS.province}
        hint={SUBJECT_CHECK_TEXT.provinceHint}
        options={provinceChoices(props.policy)}
      />
      <SelectField
        form={form}
        name={names.subjectType}
        label={SUBJECT_CHECK_LABELS.subjectType}
        options={SUBJECT_TYPES.map((type) => ({ value: type, label: SUBJECT_TYPE_LABELS[type] }))}
      />
      <SelectField
        form={form}
        name={names.idType}
        label={SUBJECT_CHECK_LABELS.idType}
        options={ID_TYPES.map((type) => ({ value: type, label: ID_TYPE_LABELS[type] }))}
      />
      <TextField
        form={form}
        name={names.idNumber}
        label={SUBJECT_CHECK_LABELS.idNumber}
        code
        width="medium"
        maxlength={SUBJECT_CHECK_LIMITS.idNumber}
        autocomplete="off"
      />
      <TextField
        form={form}
        name={names.subjectName}
        label={SUBJECT_CHECK_LABELS.subjectName}
        hint={SUBJECT_CHECK_TEXT.subjectNameHint}
        optional
        maxlength={SUBJECT_CHECK_LIMITS.subjectName}
        autocomplete="organization"
      />
      <TextField
        form={form}
        name={names.domain}
        label={SUBJECT_CHECK_LABELS.domain}
        hint={SUBJECT_CHECK_TEXT.domainHint}
        code
        width="medium"
        inputmode="url"
        maxlength={SUBJECT_CHECK_LIMITS.domain}
        autocomplete="off"
      />
    </>
  );
}
