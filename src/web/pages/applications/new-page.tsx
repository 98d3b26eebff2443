/**
 * 新建备案申请 — starting an application with 备案类型验证: province, subject nature, certificate and one
 * domain decide the filing type, or the findings that block it with what to do.
 */
import type { CheckResult } from '../../../rules/index.ts';
import { FilingTypeBlockedError, createApplication, myFilings } from '../../../workflow/index.ts';
import type { FieldError, FormState, Localized, PageRequest } from '../../kit/index.ts';
import {
  Button,
  CheckResultView,
  RadioGroup,
  ErrorSummary,
  applicationTypeLabel,
  Form,
  APPLICATION_FIELD_NAMES,
  SubjectCheckFields,
  TERMS,
  definePage,
  failureOf,
  format,
  unflattenForm,
} from '../../kit/index.ts';
import {
  STEP_LABELS,
  applicantDeps,
  applicationPath,
  refusalErrors,
  refusalStatus,
} from '../applicant-shared.tsx';
import { asObject } from '../applicant-form-fields.tsx';
import { TEXT as SHARED } from './shared.tsx';

const TEXT = {
  newTitle: { zh: '新建备案申请：备案类型验证', en: 'New application: filing-type check' },
  newIntro: {
    zh: '填写备案省份、主办单位和一个要备案的域名。系统据此判断备案类型；有冲突（如域名已被其他主体备案）时会说明原因和处理办法。同一网站的其他域名和其他网站稍后添加。只备案 APP、小程序或快应用时选择“只备案APP”，不填域名。',
    en: 'Enter the province, the filing subject and one domain to file. The filing type follows from them; a conflict (such as a domain filed by another subject) is explained with what to do. Further domains and websites come later. To file only apps, mini programs or quick apps, choose “Apps only” and leave the domain empty.',
  },
  scope: { zh: '备案内容', en: 'What to file' },
  scopeWebsite: { zh: '网站（可同时备案APP）', en: 'A website (apps can be added too)' },
  scopeApps: {
    zh: '只备案APP（小程序、快应用），不备案网站',
    en: 'Apps only (mini programs, quick apps), no website',
  },
  appsOnlyDomain: {
    zh: '只备案APP时不填写域名；要备案网站请选择“网站”',
    en: 'Leave the domain empty for apps only; to file a website choose “A website”',
  },
  province: TERMS.province,
  provinceHint: { zh: '主办单位证件住所所在的省份', en: "The province of the subject's registered address" },
  subjectType: TERMS.subjectType,
  idType: TERMS.subjectIdType,
  idNumber: TERMS.subjectIdNumber,
  subjectName: TERMS.subjectName,
  subjectNameHint: {
    zh: '与证件一致；填写后会核对域名的实名持有者',
    en: "As on the certificate; given, it is compared with the domain's real-name holder",
  },
  domain: TERMS.domain,
  domainHint: {
    zh: '例如 example.cn 或 例子.中国，不要带 www',
    en: 'Such as example.cn or 例子.中国, without www',
  },
  start: { zh: '验证并开始填写', en: 'Check and start' },
  domainRequired: { zh: '请填写要备案的域名', en: 'Enter the domain to file' },
  blockedResult: { zh: '验证结果', en: 'Result' },
  created: { zh: '已创建备案申请，备案类型：', en: 'Application created; filing type: ' },
  addWebsiteTo: {
    zh: '新增网站：主体信息已按备案 {number} 填好，只需填写新网站的域名。地址和负责人会从该主体上次的申请带入。',
    en: 'New website: the subject is filled in from the filing {number}; enter the new website’s domain. Addresses and responsible persons come from the subject’s last application.',
  },
} satisfies Record<string, Localized>;

function newPage(
  p: PageRequest,
  form: FormState,
  result: CheckResult | null = null,
  status: 200 | 404 | 403 | 409 | 422 = 200,
  filedSubject: string | null = null,
) {
  return p.render({
    title: TEXT.newTitle,
    status,
    body: (
      <>
        <p>{p.t(TEXT.newIntro)}</p>
        {filedSubject !== null && (
          <p class="notice">{format(p.t(TEXT.addWebsiteTo), { number: filedSubject })}</p>
        )}
        <ErrorSummary form={form} />
        <Form form={form} action="/applications/new">
          <RadioGroup
            form={form}
            name="scope"
            legend={TEXT.scope}
            value={form.values.scope ?? 'website'}
            options={[
              { value: 'website', label: TEXT.scopeWebsite },
              { value: 'apps', label: TEXT.scopeApps },
            ]}
          />
          <SubjectCheckFields form={form} policy={p.deps.policy} names={APPLICATION_FIELD_NAMES} />
          <Button>{p.t(TEXT.start)}</Button>
        </Form>
        {result && (
          <section aria-labelledby="blocked-result">
            <h2 id="blocked-result">{p.t(TEXT.blockedResult)}</h2>
            <CheckResultView lang={p.lang} result={result} heading="h3" />
          </section>
        )}
      </>
    ),
  });
}

/**
 * The use case names the domain by its place in the draft-to-be; on this form it is the `domain` box,
 * whose "required" message the schema cannot name.
 */
const onDomainBox = (errors: FieldError[]): FieldError[] =>
  errors.map((error) => {
    if (error.path.startsWith('websites.')) return { ...error, path: 'domain' };
    if (error.path === 'domain' && (error.code === 'REQUIRED' || error.code === 'TOO_SHORT'))
      return { ...error, message: TEXT.domainRequired };
    return error;
  });

export const NEW_APPLICATION_PAGES = [
  definePage({
    method: 'get',
    path: '/applications/new',
    access: 'application.create',
    async handle(p) {
      // 新增网站 from 我的备案 (`?subject=` a filed subject number of this account): nothing typed twice.
      const number = (p.query.subject ?? '').trim();
      if (number === '') return newPage(p, p.formState());
      const subject = (await myFilings(applicantDeps(p))).find((s) => s.subjectNumber === number);
      if (subject === undefined) return newPage(p, p.formState());
      const values: Record<string, string> = {
        province: subject.province,
        'subject.idType': subject.idType,
        'subject.idNumber': subject.idNumber,
        'subject.name': subject.name,
        ...(subject.subjectType === null ? {} : { 'subject.type': subject.subjectType }),
      };
      return newPage(p, p.formState({ values }), null, 200, subject.subjectNumber);
    },
  }),
  definePage({
    method: 'post',
    path: '/applications/new',
    access: 'application.create',
    rateLimit: 'precheck',
    async handle(p) {
      try {
        const { scope, ...posted } = unflattenForm(p.form);
        // 只备案APP: no domain decides the type (create-application.ts); a domain typed too is a
        // contradiction the applicant resolves, not one silently dropped.
        const appsOnly = scope === 'apps';
        if (appsOnly && typeof posted.domain === 'string' && posted.domain.trim() !== '') {
          const errors = [{ path: 'domain', code: 'APPS_ONLY_DOMAIN', message: TEXT.appsOnlyDomain }];
          return newPage(p, p.formState({ errors }), null, 422);
        }
        // A website without its domain: the workflow names it with the form's other missing fields.
        if (!appsOnly && posted.domain === undefined) posted.domain = '';
        if (appsOnly) delete posted.domain;
        const input = { ...posted, subject: asObject(posted.subject) };
        const created = await createApplication({ ...applicantDeps(p), input });
        const type = applicationTypeLabel(created.application);
        return p.redirect(applicationPath(created.application, 'subject'), {
          kind: 'success',
          message: {
            zh: `${TEXT.created.zh}${(type ?? SHARED.undetermined).zh}。请${STEP_LABELS.subject.zh}。`,
            en: `${TEXT.created.en}${(type ?? SHARED.undetermined).en}. Now fill in the subject.`,
          },
        });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        const result = error instanceof FilingTypeBlockedError ? error.check : null;
        return newPage(
          p,
          p.formState({ errors: onDomainBox(refusalErrors(failure)) }),
          result,
          refusalStatus(failure),
        );
      }
    },
  }),
];
