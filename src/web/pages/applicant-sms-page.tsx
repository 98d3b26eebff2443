/**
 * 短信核验 — after the provider's review, MIIT texts a code to the 主体负责人 and every 网站负责人; the
 * applicant enters each code within 24 hours (Huawei Cloud 备案短信核验). When every
 * phone is verified the application goes to the bureau; too many wrong codes (5 for one phone, 10 for
 * the application, resends included) return it to the provider (verify-sms.ts). A code can be sent
 * again within the limits (resend-sms.ts); the page says when the next may go, and that a provider
 * reviewer can restart the round once its resends are spent (issue 12). In this sandbox nothing
 * reaches a phone: the codes wait in the sandbox's SMS outbox, which bureau reviewers and
 * administrators can read.
 */
import type { SmsRecipientState, SmsRecipientStatus, SmsStatus } from '../../miit/index.ts';
import { ResendLimitedError, resendSms, verifySms } from '../../workflow/index.ts';
import type { Application, VerifySmsResult } from '../../workflow/index.ts';
import type { FieldError, FormState, Lang, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  ErrorSummary,
  Form,
  TextField,
  definePage,
  failureOf,
  t,
  format,
  TERMS,
} from '../kit/index.ts';
import { shanghaiDateTime } from '../kit/time.ts';
import {
  applicantDeps,
  applicationPath,
  maskPhone,
  ownApplication,
  refusalErrors,
  refusalStatus,
  subjectNameOf,
} from './applicant-shared.tsx';

const TEXT = {
  title: TERMS.smsVerification,
  intro: {
    zh: '工信部已向下列负责人的手机发送验证码。请在 24 小时内（从第一条验证码算起，重新发送不会延长）填写每个号码收到的验证码；全部核验后，申请提交管局审核。同一号码输错 5 次或本申请共输错 10 次（重新发送后继续累计），申请退回接入商。',
    en: 'MIIT has sent a code to each responsible person below. Enter the code each phone received within 24 hours (from the first code; a resend does not extend it); once all are verified, the application goes to the bureau. Five wrong codes for one phone, or ten for the application (resends do not reset them), return it to the provider.',
  },
  limits: {
    zh: '本轮还可重发 {resends} 次，还可输错 {tries} 次。同一号码两次发送至少间隔 60 秒，24 小时内最多 10 条。',
    en: 'This round allows {resends} more resends and {tries} more wrong codes. Codes to one phone are at least 60 seconds apart, at most 10 in 24 hours.',
  },
  resendsSpent: {
    zh: '本轮重发次数已用完。请使用已收到的验证码；如验证码已丢失，请联系接入商审核员重新发起短信核验。',
    en: 'This round’s resends are spent. Use a code already received; if it is lost, ask the provider’s reviewer to restart SMS verification.',
  },
  resendAfter: { zh: '{time} 后可重发', en: 'New code after {time}' },
  sandbox: {
    zh: '这是工信部系统的沙箱：验证码不会真的发到手机，而是保存在沙箱的短信发件箱里，管局审核员和管理员账号可以在“短信发件箱”页面查看。',
    en: 'This is a sandbox of the MIIT system: no code reaches a phone. The codes wait in the sandbox’s SMS outbox, which bureau reviewers and administrators can read on the “SMS outbox” page.',
  },
  recipients: { zh: '接收验证码的手机', en: 'Phones' },
  phone: TERMS.phone,
  role: { zh: '身份', en: 'Role' },
  state: { zh: '状态', en: 'State' },
  triesLeft: { zh: '剩余尝试次数', en: 'Tries left' },
  expires: { zh: '有效期至', en: 'Valid until' },
  resendCount: { zh: '已重发', en: 'Resent' },
  actions: TERMS.actions,
  resend: { zh: '重新发送验证码', en: 'Send a new code' },
  codes: { zh: '填写验证码', en: 'Enter the codes' },
  codeFor: { zh: '发送到 {phone} 的验证码', en: 'Code sent to {phone}' },
  codeHint: { zh: '6 位数字', en: '6 digits' },
  submit: { zh: '提交验证码', en: 'Submit the codes' },
  noneTyped: { zh: '请至少填写一个验证码', en: 'Enter at least one code' },
  wrong: { zh: '验证码不正确，还可以尝试 {n} 次', en: 'Wrong code; {n} tries left' },
  expired: { zh: '验证码已过期，请重新发送', en: 'The code has expired; send a new one' },
  notPending: { zh: '该号码当前没有待核验的验证码', en: 'This phone has no code awaiting verification' },
  allVerified: {
    zh: '短信核验已完成，申请已提交管局审核。',
    en: 'SMS verification is complete; the application is with the bureau now.',
  },
  someVerified: { zh: '已核验：', en: 'Verified: ' },
  failed: {
    zh: '验证码输错次数达到上限，核验失败，申请已退回接入商。',
    en: 'Too many wrong codes: verification failed and the application went back to the provider.',
  },
  resent: { zh: '已重新发送验证码到 ', en: 'A new code was sent to ' },
  notAwaiting: {
    zh: '该备案申请当前不需要短信核验。',
    en: 'This application is not awaiting SMS verification.',
  },
  back: { zh: '返回备案申请', en: 'Back to the application' },
} satisfies Record<string, Localized>;

const ROLE_TEXT: Record<SmsRecipientStatus['roles'][number], Localized> = {
  'subject-leader': { zh: '主体负责人', en: 'subject’s responsible person' },
  'website-leader': { zh: '网站负责人', en: 'website’s responsible person' },
  'app-leader': { zh: 'APP负责人', en: 'app’s responsible person' },
};

const STATE_TEXT: Record<SmsRecipientState, Localized> = {
  pending: { zh: '待核验', en: 'awaiting the code' },
  verified: { zh: '已核验', en: 'verified' },
  failed: { zh: '核验失败', en: 'failed' },
  expired: { zh: '已过期', en: 'expired' },
};

const codeField = (recipient: SmsRecipientStatus) => `code.${recipient.verificationId}`;

function smsPage(
  p: PageRequest,
  app: Application,
  status: SmsStatus,
  form: FormState,
  code: 200 | 404 | 403 | 409 | 422 | 429 = 200,
) {
  const lang: Lang = p.lang;
  const tr = (text: Localized) => t(lang, text);
  const pending = status.recipients.filter((r) => r.state === 'pending');
  const now = p.deps.now().toISOString();
  return p.render({
    title: TEXT.title,
    status: code,
    body: (
      <>
        <p>
          <a href={applicationPath(app)}>{`#${app.id}`}</a> <bdi>{subjectNameOf(app)}</bdi>
        </p>
        <ErrorSummary form={form} />
        <p>{tr(TEXT.intro)}</p>
        <p class="notice">{tr(TEXT.sandbox)}</p>
        <p>{tr(format(TEXT.limits, { resends: status.resendsLeft, tries: status.triesLeft }))}</p>
        {status.resendsLeft === 0 && <p class="notice">{tr(TEXT.resendsSpent)}</p>}
        <h2>{tr(TEXT.recipients)}</h2>
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{tr(TEXT.phone)}</th>
                <th scope="col">{tr(TEXT.role)}</th>
                <th scope="col">{tr(TEXT.state)}</th>
                <th scope="col">{tr(TEXT.triesLeft)}</th>
                <th scope="col">{tr(TEXT.expires)}</th>
                <th scope="col">{tr(TEXT.actions)}</th>
              </tr>
            </thead>
            <tbody>
              {status.recipients.map((recipient) => (
                <tr>
                  <th scope="row" class="nowrap">
                    <span dir="ltr">{maskPhone(recipient.phone)}</span>
                  </th>
                  <td data-label={tr(TEXT.role)}>
                    {recipient.roles.map((role) => tr(ROLE_TEXT[role])).join(lang === 'zh' ? '、' : ', ')}
                  </td>
                  <td data-label={tr(TEXT.state)}>
                    <span class={`tag tag-sms-${recipient.state}`}>{tr(STATE_TEXT[recipient.state])}</span>
                  </td>
                  <td data-label={tr(TEXT.triesLeft)}>
                    {recipient.state === 'pending' ? recipient.triesLeft : ''}
                  </td>
                  <td class="nowrap" data-label={tr(TEXT.expires)}>
                    {recipient.state === 'pending' ? shanghaiDateTime(recipient.expiresAt) : ''}
                  </td>
                  <td class="actions" data-label={tr(TEXT.actions)}>
                    {recipient.nextResendAt !== null && recipient.nextResendAt > now && (
                      <span class="nowrap">
                        {tr(format(TEXT.resendAfter, { time: shanghaiDateTime(recipient.nextResendAt) }))}
                      </span>
                    )}
                    {recipient.nextResendAt !== null && recipient.nextResendAt <= now && (
                      <form method="post" action={`${applicationPath(app)}/sms/resend`} class="inline-form">
                        <input type="hidden" name="_csrf" value={form.csrfToken} />
                        <input type="hidden" name="verification" value={String(recipient.verificationId)} />
                        <button type="submit" class="link-button">
                          {tr(TEXT.resend)}
                          <span class="visually-hidden"> {maskPhone(recipient.phone)}</span>
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {pending.length > 0 && (
          <>
            <h2>{tr(TEXT.codes)}</h2>
            <Form form={form} action={`${applicationPath(app)}/sms`}>
              {pending.map((recipient) => (
                <TextField
                  form={form}
                  name={codeField(recipient)}
                  label={format(TEXT.codeFor, { phone: maskPhone(recipient.phone) })}
                  hint={TEXT.codeHint}
                  inputmode="numeric"
                  autocomplete="one-time-code"
                  code
                  width="short"
                  maxlength={16}
                  optional
                  value=""
                />
              ))}
              <Button>{tr(TEXT.submit)}</Button>
            </Form>
          </>
        )}
        <p>
          <a href={applicationPath(app)}>{tr(TEXT.back)}</a>
        </p>
      </>
    ),
  });
}

/** The application, if it awaits SMS verification; else the answer that sends the applicant to its page. */
async function awaitingSms(p: PageRequest): Promise<{ app: Application; status: SmsStatus } | Response> {
  const app = await ownApplication(p);
  if (app.status !== 'awaiting-sms') {
    return p.redirect(applicationPath(app), { kind: 'info', message: TEXT.notAwaiting });
  }
  const status = await p.deps.gateway.smsStatus({ applicationId: app.id, now: p.deps.now() });
  return { app, status };
}

const recipientOf = (status: SmsStatus, raw: string | undefined) =>
  status.recipients.find((r) => String(r.verificationId) === (raw ?? '').trim());

export const SMS_PAGES = [
  definePage({
    method: 'get',
    path: '/applications/:id/sms',
    access: 'sms.verify-own',
    async handle(p) {
      const found = await awaitingSms(p);
      if (found instanceof Response) return found;
      return smsPage(p, found.app, found.status, p.formState());
    },
  }),
  definePage({
    method: 'post',
    path: '/applications/:id/sms',
    access: 'sms.verify-own',
    async handle(p) {
      const found = await awaitingSms(p);
      if (found instanceof Response) return found;
      const { app, status } = found;
      const typed = status.recipients
        .filter((r) => r.state === 'pending')
        .map((recipient) => ({ recipient, code: (p.form[codeField(recipient)] ?? '').trim() }))
        .filter((entry) => entry.code !== '');
      if (typed.length === 0) {
        const first = status.recipients.find((r) => r.state === 'pending');
        const path = first ? codeField(first) : '';
        return smsPage(
          p,
          app,
          status,
          p.formState({ errors: [{ path, code: 'REQUIRED', message: TEXT.noneTyped }] }),
          422,
        );
      }
      const errors: FieldError[] = [];
      const verified: string[] = [];
      for (const { recipient, code } of typed) {
        let result: VerifySmsResult;
        try {
          result = await verifySms({
            ...applicantDeps(p),
            applicationId: app.id,
            input: { phone: recipient.phone, code },
          });
        } catch (error) {
          const failure = failureOf(error);
          if (failure === null) throw error;
          const current = await p.deps.gateway.smsStatus({ applicationId: app.id, now: p.deps.now() });
          const errors = refusalErrors(failure).map((e) => ({ ...e, path: codeField(recipient) }));
          return smsPage(p, app, current, p.formState({ errors }), refusalStatus(failure));
        }
        const path = codeField(recipient);
        if (result.outcome === 'verified' || result.outcome === 'already-verified')
          verified.push(maskPhone(recipient.phone));
        else if (result.outcome === 'failed')
          return p.redirect(applicationPath(app), { kind: 'error', message: TEXT.failed });
        else if (result.outcome === 'wrong-code')
          errors.push({ path, code: 'SMS_CODE_WRONG', message: format(TEXT.wrong, { n: result.triesLeft }) });
        else if (result.outcome === 'expired')
          errors.push({ path, code: 'SMS_CODE_EXPIRED', message: TEXT.expired });
        else errors.push({ path, code: 'SMS_NOT_PENDING', message: TEXT.notPending });
        if (result.application.status === 'bureau-review') {
          return p.redirect(applicationPath(app), { kind: 'success', message: TEXT.allVerified });
        }
      }
      if (errors.length > 0) {
        const current = await p.deps.gateway.smsStatus({ applicationId: app.id, now: p.deps.now() });
        return smsPage(p, app, current, p.formState({ errors }), 422);
      }
      const list = verified.join(p.lang === 'zh' ? '、' : ', ');
      return p.redirect(`${applicationPath(app)}/sms`, {
        kind: 'success',
        message: { zh: `${TEXT.someVerified.zh}${list}`, en: `${TEXT.someVerified.en}${list}` },
      });
    },
  }),
  definePage({
    method: 'post',
    path: '/applications/:id/sms/resend',
    access: 'sms.verify-own',
    async handle(p) {
      const found = await awaitingSms(p);
      if (found instanceof Response) return found;
      const { app, status } = found;
      const recipient = recipientOf(status, p.form.verification);
      if (recipient === undefined) {
        return smsPage(
          p,
          app,
          status,
          p.formState({ errors: [{ path: '', code: 'SMS_NOT_PENDING', message: TEXT.notPending }] }),
          422,
        );
      }
      try {
        await resendSms({ ...applicantDeps(p), applicationId: app.id, input: { phone: recipient.phone } });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        // The use case names the `phone` field, which this page does not show as an input: the message
        // (with when a code may go next) is the page's error.
        const errors = [{ path: '', code: 'REFUSED', message: failure.message }];
        if (error instanceof ResendLimitedError) {
          if (error.retryAfterSeconds !== null) p.c.header('Retry-After', String(error.retryAfterSeconds));
          return smsPage(p, app, status, p.formState({ errors }), 429);
        }
        return smsPage(
          p,
          app,
          status,
          p.formState({ errors: refusalErrors(failure).map((e) => ({ ...e, path: '' })) }),
          refusalStatus(failure),
        );
      }
      const phone = maskPhone(recipient.phone);
      return p.redirect(`${applicationPath(app)}/sms`, {
        kind: 'success',
        message: { zh: `${TEXT.resent.zh}${phone}`, en: `${TEXT.resent.en}${phone}` },
      });
    },
  }),
];
