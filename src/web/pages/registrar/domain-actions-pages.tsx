/**
 * One domain in the operator console: its facts, submissions, reports and printed certificates; renewing,
 * 过户 (a new holder: verification starts over, scheduled reports are cancelled), 转出 (the record here
 * becomes read-only), submitting real-name data on the holder's behalf, and 域名证书打印. Each change is a
 * RegistrarGateway operation (it checks the permission table again and audits), answered with
 * POST-redirect-GET; a refusal re-renders the form with the registrar's field errors.
 */
import type { Child } from 'hono/jsx';
import type { RegistrarDomainDetail } from '../../../registrar/index.ts';
import type { Failure, FieldError, FormState, Localized, PageRequest } from '../../kit/index.ts';
import {
  Button,
  Checkbox,
  ErrorSummary,
  Fieldset,
  Form,
  SelectField,
  TextField,
  definePage,
} from '../../kit/index.ts';
import { CertificateForm, certificatePrintPage } from './certificate.tsx';
import {
  ACCESS,
  BASE,
  CONSOLE_TEXT,
  flashOf,
  optionalText,
  registrarChoices,
  yearChoices,
} from './console.ts';
import { HolderFields, holderOfForm, holderValues } from './fields.tsx';
import { TEXT as SHARED, domainPath, refusalOf, refusalStatus, registrarActorOf } from './shared.tsx';
import { CertificateTable, DomainSummary, ReportTable, SubmissionTable } from './tables.tsx';

const TEXT = {
  backToDomain: { zh: '返回域名详情', en: 'Back to the domain' },
  renewButton: { zh: '续费', en: 'Renew' },
  renewed: { zh: '已续费：', en: 'Renewed: ' },
  changeHolder: { zh: '过户（变更持有者）', en: 'Change the holder (过户)' },
  changeHolderIntro: {
    zh: '过户后实名认证需要重新进行，已排定的上报会取消，工信部域名库立即更新。已打印的证书不再有效。',
    en: 'After a holder change the real name must be verified again, scheduled reports are cancelled and the MIIT domain database is updated at once. Printed certificates stop being current.',
  },
  changed: { zh: '已过户：', en: 'Holder changed: ' },
  transfer: { zh: '转出到其他注册商', en: 'Transfer out' },
  transferIntro: {
    zh: '转出后本注册商的记录变为只读，不能再续费、过户或打印证书。此操作不能撤销。',
    en: 'After a transfer the record here is read-only: no renewal, holder change or certificate. This cannot be undone.',
  },
  gaining: { zh: '转入的注册商', en: 'Gaining registrar' },
  confirm: { zh: '我确认将该域名转出', en: 'I confirm the transfer' },
  confirmNeeded: { zh: '请勾选确认后再转出', en: 'Tick the confirmation to transfer' },
  transferred: { zh: '已转出：', en: 'Transferred out: ' },
  submitRealName: { zh: '代为提交实名认证资料', en: 'Submit real-name data on the holder’s behalf' },
  submitRealNameIntro: {
    zh: '按持有者证件填写。资料须与注册的持有者一致；提交后进入实名审核队列。',
    en: 'As on the holder’s certificate. It must match the registered holder; it then waits in the real-name queue.',
  },
  submittedRealName: { zh: '实名认证资料已提交：', en: 'Real-name data submitted: ' },
  readOnly: {
    zh: '该域名已转出，记录只读。',
    en: 'The domain was transferred out; its record is read-only.',
  },
} satisfies Record<string, Localized>;

const domainParam = (p: PageRequest) => p.params.domain ?? '';

type DomainFailure = { renew?: FormState; certificate?: Failure };

async function detailOf(p: PageRequest): Promise<RegistrarDomainDetail> {
  return p.deps.registrar.getDomain({ actor: registrarActorOf(p), domain: domainParam(p) });
}

async function detailPage(
  p: PageRequest,
  failed: DomainFailure = {},
  status: 200 | 400 | 403 | 404 | 409 | 422 | 503 = 200,
) {
  const detail = await detailOf(p);
  const { domain } = detail;
  const path = domainPath(BASE, domain);
  const renewForm = failed.renew ?? p.formState({ values: { years: '1' }, errors: [] });
  const active = domain.status === 'active';
  return p.render({
    title: { zh: `域名 ${domain.domain.unicode}`, en: `Domain ${domain.domain.unicode}` },
    status,
    body: (
      <>
        <p>
          <a href="/registrar">{p.t(CONSOLE_TEXT.back)}</a>
        </p>
        <DomainSummary p={p} domain={domain} maskId={false} />
        {active ? (
          <>
            <section aria-labelledby="actions-title">
              <h2 id="actions-title">{p.t(CONSOLE_TEXT.actions)}</h2>
              <ErrorSummary form={renewForm} />
              <Form form={renewForm} action={`${path}/renew`} class="form form-inline">
                <SelectField
                  form={renewForm}
                  name="years"
                  label={CONSOLE_TEXT.years}
                  options={yearChoices}
                  placeholder={false}
                />
                <Button variant="secondary">{p.t(TEXT.renewButton)}</Button>
              </Form>
              <ul class="action-links">
                <li>
                  <a href={`${path}/real-name`}>{p.t(TEXT.submitRealName)}</a>
                </li>
                <li>
                  <a href={`${path}/holder`}>{p.t(TEXT.changeHolder)}</a>
                </li>
                <li>
                  <a href={`${path}/transfer-out`}>{p.t(TEXT.transfer)}</a>
                </li>
              </ul>
            </section>
            {domain.realName.status === 'verified' || failed.certificate ? (
              <CertificateForm p={p} action={`${path}/certificate`} failure={failed.certificate ?? null} />
            ) : (
              <p class="notice">{p.t(SHARED.notVerified)}</p>
            )}
          </>
        ) : (
          <p class="notice">{p.t(TEXT.readOnly)}</p>
        )}
        <SubmissionTable p={p} submissions={detail.submissions} maskId={false} />
        <section aria-labelledby="reports-title">
          <h2 id="reports-title">{p.t(SHARED.reports)}</h2>
          <ReportTable p={p} reports={detail.reports} />
        </section>
        <CertificateTable p={p} certificates={detail.certificates} />
      </>
    ),
  });
}

/** A page with one form about a domain (过户, 转出, real-name on behalf), re-rendered on refusal. */
type DomainFormSpec = {
  title: Localized;
  intro: Localized;
  /** The last path segment the form posts to. */
  action: string;
  fields: (detail: RegistrarDomainDetail, form: FormState) => Child;
  submit: Localized;
  warning?: boolean;
};

async function domainFormPage(
  p: PageRequest,
  options: DomainFormSpec & { form: FormState; status?: 200 | 400 | 403 | 404 | 409 | 422 },
) {
  const detail = await detailOf(p);
  const path = domainPath(BASE, detail.domain);
  return p.render({
    title: {
      zh: `${options.title.zh}：${detail.domain.domain.unicode}`,
      en: `${options.title.en}: ${detail.domain.domain.unicode}`,
    },
    status: options.status ?? 200,
    body: (
      <>
        <p>
          <a href={path}>{p.t(TEXT.backToDomain)}</a>
        </p>
        <DomainSummary p={p} domain={detail.domain} maskId={false} />
        <p>{p.t(options.intro)}</p>
        <ErrorSummary form={options.form} />
        {detail.domain.status === 'active' ? (
          <Form form={options.form} action={`${path}/${options.action}`}>
            {options.fields(detail, options.form)}
            <Button variant={options.warning ? 'warning' : 'primary'}>{p.t(options.submit)}</Button>
          </Form>
        ) : (
          <p class="notice">{p.t(TEXT.readOnly)}</p>
        )}
      </>
    ),
  });
}

const HOLDER_PAGE: DomainFormSpec = {
  title: TEXT.changeHolder,
  intro: TEXT.changeHolderIntro,
  action: 'holder',
  submit: TEXT.changeHolder,
  warning: true,
  fields: (_detail: RegistrarDomainDetail, form: FormState) => (
    <>
      <Fieldset form={form} name="holder" legend={{ zh: '新的持有者', en: 'The new holder' }}>
        <HolderFields form={form} />
      </Fieldset>
      <TextField
        form={form}
        name="account"
        label={CONSOLE_TEXT.accountField}
        hint={CONSOLE_TEXT.accountFieldHint}
        optional
        code
        width="medium"
        maxlength={64}
        autocomplete="off"
      />
    </>
  ),
};

const transferPage = (p: PageRequest): DomainFormSpec => ({
  title: TEXT.transfer,
  intro: TEXT.transferIntro,
  action: 'transfer-out',
  submit: TEXT.transfer,
  warning: true,
  fields: (detail: RegistrarDomainDetail, form: FormState) => (
    <>
      <SelectField
        form={form}
        name="registrar"
        label={TEXT.gaining}
        options={registrarChoices(p).filter((choice) => choice.value !== detail.domain.registrar.id)}
      />
      <Checkbox form={form} name="confirm" label={TEXT.confirm} />
    </>
  ),
});

const REAL_NAME_PAGE: DomainFormSpec = {
  title: TEXT.submitRealName,
  intro: TEXT.submitRealNameIntro,
  action: 'real-name',
  submit: TEXT.submitRealName,
  fields: (_detail: RegistrarDomainDetail, form: FormState) => (
    <Fieldset form={form} name="holder" legend={SHARED.holder}>
      <HolderFields form={form} />
    </Fieldset>
  ),
};

/** Runs a change; on refusal re-renders the form page with the registrar's field errors. */
async function changeOrShow(
  p: PageRequest,
  page: DomainFormSpec,
  work: () => Promise<Response>,
): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    const { failure, errors } = refusalOf(error);
    const status = refusalStatus(failure);
    return domainFormPage(p, {
      ...page,
      form: p.formState({ errors }),
      status: status === 503 ? 422 : status,
    });
  }
}

export const DOMAIN_ACTION_PAGES = [
  definePage({ method: 'get', path: `${BASE}/:domain`, access: ACCESS, handle: (p) => detailPage(p) }),
  definePage({
    method: 'post',
    path: `${BASE}/:domain/renew`,
    access: ACCESS,
    async handle(p) {
      try {
        const domain = await p.deps.registrar.renewDomain({
          actor: registrarActorOf(p),
          now: p.deps.now(),
          domain: domainParam(p),
          input: { years: Number(p.form.years ?? '') },
        });
        return p.redirect(domainPath(BASE, domain), flashOf(TEXT.renewed, domain.domain.unicode));
      } catch (error) {
        const { failure, errors } = refusalOf(error);
        if (failure.status === 404) throw error;
        return detailPage(p, { renew: p.formState({ errors }) }, refusalStatus(failure));
      }
    },
  }),
  certificatePrintPage({
    base: BASE,
    access: ACCESS,
    refused: (p, failure, status) => detailPage(p, { certificate: failure }, status),
  }),
  definePage({
    method: 'get',
    path: `${BASE}/:domain/holder`,
    access: ACCESS,
    handle: (p) => domainFormPage(p, { ...HOLDER_PAGE, form: p.formState({ values: {}, errors: [] }) }),
  }),
  definePage({
    method: 'post',
    path: `${BASE}/:domain/holder`,
    access: ACCESS,
    handle: (p) =>
      changeOrShow(p, HOLDER_PAGE, async () => {
        const domain = await p.deps.registrar.changeHolder({
          actor: registrarActorOf(p),
          now: p.deps.now(),
          domain: domainParam(p),
          input: { holder: holderOfForm(p.form), account: optionalText(p.form.account) },
        });
        return p.redirect(domainPath(BASE, domain), flashOf(TEXT.changed, domain.domain.unicode));
      }),
  }),
  definePage({
    method: 'get',
    path: `${BASE}/:domain/transfer-out`,
    access: ACCESS,
    handle: (p) => domainFormPage(p, { ...transferPage(p), form: p.formState({ values: {}, errors: [] }) }),
  }),
  definePage({
    method: 'post',
    path: `${BASE}/:domain/transfer-out`,
    access: ACCESS,
    async handle(p) {
      if (p.form.confirm !== '1') {
        const errors: FieldError[] = [{ path: 'confirm', code: 'REQUIRED', message: TEXT.confirmNeeded }];
        return domainFormPage(p, { ...transferPage(p), form: p.formState({ errors }), status: 422 });
      }
      return changeOrShow(p, transferPage(p), async () => {
        const domain = await p.deps.registrar.transferOut({
          actor: registrarActorOf(p),
          now: p.deps.now(),
          domain: domainParam(p),
          input: { registrar: p.form.registrar ?? '' },
        });
        return p.redirect(domainPath(BASE, domain), flashOf(TEXT.transferred, domain.domain.unicode));
      });
    },
  }),
  definePage({
    method: 'get',
    path: `${BASE}/:domain/real-name`,
    access: ACCESS,
    async handle(p) {
      const detail = await detailOf(p);
      return domainFormPage(p, {
        ...REAL_NAME_PAGE,
        form: p.formState({ values: holderValues(detail.domain, true), errors: [] }),
      });
    },
  }),
  definePage({
    method: 'post',
    path: `${BASE}/:domain/real-name`,
    access: ACCESS,
    handle: (p) =>
      changeOrShow(p, REAL_NAME_PAGE, async () => {
        const submission = await p.deps.registrar.submitRealName({
          actor: registrarActorOf(p),
          now: p.deps.now(),
          domain: domainParam(p),
          input: { holder: holderOfForm(p.form) },
        });
        return p.redirect(
          domainPath(BASE, submission),
          flashOf(TEXT.submittedRealName, submission.domain.unicode),
        );
      }),
  }),
];
