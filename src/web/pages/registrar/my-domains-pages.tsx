/**
 * 我的域名 — the holder's side of the registrar sandbox (registrar.own-domains): the domains registered
 * for one's account, their real-name status and the day the verification is expected to reach the
 * MIIT domain database (until then filing checks report it as not reported, seed FAQ Q1e), submitting
 * the real-name data, and 域名证书打印 (some bureaus want one per filed domain, seed FAQ Q6). Another
 * account's domain is "not found" here, as in the API.
 */
import type { Failure, FormState, Localized, PageRequest } from '../../kit/index.ts';
import { Button, ErrorSummary, Fieldset, Form, definePage } from '../../kit/index.ts';
import { CertificateForm, certificatePrintPage } from './certificate.tsx';
import { HolderFields, holderOfForm, holderValues } from './fields.tsx';
import {
  TEXT as SHARED,
  domainPath,
  reasonText,
  refusalOf,
  refusalStatus,
  registrarActorOf,
} from './shared.tsx';
import { CertificateTable, DomainSummary, DomainTable, SubmissionTable } from './tables.tsx';

const BASE = '/domains';
const ACCESS = 'registrar.own-domains';

const TEXT = {
  title: { zh: '我的域名', en: 'My domains' },
  intro: {
    zh: '在本系统注册商沙箱注册、归属于您账号的域名。域名须通过实名认证，且实名信息上报工信部后，才能用于备案。',
    en: 'Domains registered at this system’s registrar sandbox for your account. A domain can be filed once its real name is verified and reported to MIIT.',
  },
  back: { zh: '返回我的域名', en: 'Back to my domains' },
  realName: { zh: '提交实名认证资料', en: 'Submit real-name data' },
  realNameIntro: {
    zh: '按持有者证件填写，须与注册时的持有者一致（持有者变了请先联系注册商办理过户）。提交后由注册商审核。',
    en: 'As on the holder’s certificate; it must match the registered holder (a new holder needs a holder change at the registrar first). The registrar then reviews it.',
  },
  submit: { zh: '提交实名认证', en: 'Submit' },
  submitted: {
    zh: '实名认证资料已提交，等待注册商审核：',
    en: 'Real-name data submitted for the registrar’s review: ',
  },
  pending: { zh: '实名认证资料正在审核中。', en: 'The real-name data is under review.' },
  rejected: { zh: '上次提交未通过，原因：', en: 'The last submission was rejected: ' },
  readOnly: {
    zh: '该域名已转出到其他注册商，这里的记录只读。',
    en: 'The domain was transferred to another registrar; this record is read-only.',
  },
} satisfies Record<string, Localized>;

const domainParam = (p: PageRequest) => p.params.domain ?? '';

async function detailOf(p: PageRequest) {
  return p.deps.registrar.getDomain({ actor: registrarActorOf(p), domain: domainParam(p) });
}

async function detailPage(
  p: PageRequest,
  failed: { realName?: FormState; certificate?: Failure } = {},
  status: 200 | 400 | 403 | 404 | 409 | 422 | 503 = 200,
) {
  const detail = await detailOf(p);
  const { domain } = detail;
  const path = domainPath(BASE, domain);
  const state = domain.realName.status;
  const lastRejected = detail.submissions.find((submission) => submission.status === 'rejected');
  const form = failed.realName ?? p.formState({ values: holderValues(domain, false), errors: [] });
  return p.render({
    title: { zh: `我的域名：${domain.domain.unicode}`, en: `My domain: ${domain.domain.unicode}` },
    status,
    body: (
      <>
        <p>
          <a href={BASE}>{p.t(TEXT.back)}</a>
        </p>
        <DomainSummary p={p} domain={domain} maskId />
        {domain.status !== 'active' ? (
          <p class="notice">{p.t(TEXT.readOnly)}</p>
        ) : (
          <>
            {state === 'pending' && <p class="notice">{p.t(TEXT.pending)}</p>}
            {(state === 'none' || state === 'rejected') && (
              <section aria-labelledby="real-name-title">
                <h2 id="real-name-title">{p.t(TEXT.realName)}</h2>
                {state === 'rejected' && lastRejected?.reason && (
                  <p class="notice notice-error">
                    {p.t(TEXT.rejected)}
                    <bdi>{reasonText(p.lang, lastRejected.reason)}</bdi>
                  </p>
                )}
                <p>{p.t(TEXT.realNameIntro)}</p>
                <ErrorSummary form={form} />
                <Form form={form} action={`${path}/real-name`}>
                  <Fieldset form={form} name="holder" legend={SHARED.holder}>
                    <HolderFields form={form} />
                  </Fieldset>
                  <Button>{p.t(TEXT.submit)}</Button>
                </Form>
              </section>
            )}
            {state === 'verified' || failed.certificate ? (
              <CertificateForm p={p} action={`${path}/certificate`} failure={failed.certificate ?? null} />
            ) : (
              <p class="notice">{p.t(SHARED.notVerified)}</p>
            )}
          </>
        )}
        <SubmissionTable p={p} submissions={detail.submissions} maskId />
        <CertificateTable p={p} certificates={detail.certificates} />
      </>
    ),
  });
}

export const REGISTRAR_MY_DOMAINS_PAGES = [
  definePage({
    method: 'get',
    path: BASE,
    access: ACCESS,
    nav: { label: TEXT.title },
    async handle(p) {
      const domains = await p.deps.registrar.listDomains({ actor: registrarActorOf(p) });
      return p.render({
        title: TEXT.title,
        body: (
          <>
            <p>{p.t(TEXT.intro)}</p>
            <DomainTable p={p} domains={domains} base={BASE} showAccount={false} />
            <p class="field-hint">{p.t(SHARED.expectedHint)}</p>
          </>
        ),
      });
    },
  }),
  definePage({ method: 'get', path: `${BASE}/:domain`, access: ACCESS, handle: (p) => detailPage(p) }),
  definePage({
    method: 'post',
    path: `${BASE}/:domain/real-name`,
    access: ACCESS,
    async handle(p) {
      try {
        const submission = await p.deps.registrar.submitRealName({
          actor: registrarActorOf(p),
          now: p.deps.now(),
          domain: domainParam(p),
          input: { holder: holderOfForm(p.form) },
        });
        return p.redirect(domainPath(BASE, submission), {
          kind: 'success',
          message: {
            zh: `${TEXT.submitted.zh}${submission.domain.unicode}`,
            en: `${TEXT.submitted.en}${submission.domain.unicode}`,
          },
        });
      } catch (error) {
        const { failure, errors } = refusalOf(error);
        if (failure.status === 404) throw error;
        return detailPage(p, { realName: p.formState({ errors }) }, refusalStatus(failure));
      }
    },
  }),
  certificatePrintPage({
    base: BASE,
    access: ACCESS,
    refused: (p, failure, status) => detailPage(p, { certificate: failure }, status),
  }),
];
