/**
 * 实名认证审核 in the operator console: the submissions waiting for a decision, oldest first, each
 * compared field by field with the registered holder; approving (the real name is then reported to the
 * MIIT domain database after the policy's working days) or rejecting with a reason the holder reads.
 */
import type { RealNameSubmission } from '../../../registrar/index.ts';
import { MAX_PAGE, MAX_REASON_LENGTH } from '../../../registrar/index.ts';
import type { FieldError, FormState, Localized, PageRequest } from '../../kit/index.ts';
import {
  NotFound,
  Button,
  ErrorSummary,
  Fieldset,
  Form,
  ID_TYPE_LABELS,
  SUBJECT_TYPE_LABELS,
  TextArea,
  definePage,
  format,
  idParam,
} from '../../kit/index.ts';
import { shanghaiDateTime } from '../../kit/time.ts';
import { ACCESS, BASE, CONSOLE_TEXT } from './console.ts';
import { TEXT as SHARED, domainPath, refusalOf, registrarActorOf } from './shared.tsx';
import { DomainName } from './tables.tsx';

const TEXT = {
  queueTitle: { zh: '实名认证审核（注册商沙箱）', en: 'Real-name review (registrar sandbox)' },
  queueNav: { zh: '注册商：实名审核', en: 'Registrar: real names' },
  queueIntro: {
    zh: '等待审核的实名认证资料，最早提交的在前。通过后，实名信息按政策规定的工作日上报工信部域名库。',
    en: 'Real-name submissions waiting for a decision, oldest first. On approval the data is reported to the MIIT domain database after the policy’s working days.',
  },
  queueEmpty: { zh: '没有待审核的实名认证资料。', en: 'No submissions are waiting.' },
  submission: { zh: '资料', en: 'Submission' },
  approve: { zh: '通过', en: 'Approve' },
  decide: { zh: '查看并处理', en: 'Open' },
  decisionTitle: { zh: '实名认证资料 #{id}', en: 'Real-name submission #{id}' },
  submittedData: { zh: '提交的资料', en: 'Submitted' },
  registeredHolder: { zh: '注册的持有者', en: 'Registered holder' },
  mismatch: { zh: '与注册的持有者不一致', en: 'differs from the registered holder' },
  rejectLegend: { zh: '驳回', en: 'Reject' },
  reasonZh: { zh: '驳回原因（中文）', en: 'Reason (Chinese)' },
  reasonZhHint: { zh: '持有者会看到这段说明', en: 'The holder reads this' },
  reasonEn: { zh: '驳回原因（英文）', en: 'Reason (English)' },
  reject: { zh: '驳回', en: 'Reject' },
  reasonNeeded: { zh: '请填写驳回原因（中文）', en: 'Write the reason (in Chinese)' },
  reasonTooLong: {
    zh: `原因最多 ${MAX_REASON_LENGTH} 个字符`,
    en: `At most ${MAX_REASON_LENGTH} characters`,
  },
  approved: {
    zh: '已通过 {domain} 的实名认证，预计 {due} 上报工信部。',
    en: 'Real name of {domain} approved; reported to MIIT on {due}.',
  },
  rejected: { zh: '已驳回 {domain} 的实名认证资料。', en: 'Real-name submission of {domain} rejected.' },
  notPending: {
    zh: '这份实名认证资料不存在或已处理。',
    en: 'This submission does not exist or was already decided.',
  },
  backToQueue: { zh: '返回实名审核队列', en: 'Back to the real-name queue' },
} satisfies Record<string, Localized>;

async function pendingSubmissions(p: PageRequest): Promise<RealNameSubmission[]> {
  return p.deps.registrar.listSubmissions({ actor: registrarActorOf(p), status: 'pending', limit: MAX_PAGE });
}

async function queuePage(p: PageRequest) {
  const submissions = await pendingSubmissions(p);
  const token = p.view.csrfToken;
  return p.render({
    title: TEXT.queueTitle,
    body: (
      <>
        <p>{p.t(TEXT.queueIntro)}</p>
        {submissions.length === 0 ? (
          <p class="notice">{p.t(TEXT.queueEmpty)}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{p.t(TEXT.submission)}</th>
                  <th scope="col">{p.t(SHARED.domain)}</th>
                  <th scope="col">{p.t(SHARED.holder)}</th>
                  <th scope="col">{p.t(SHARED.submittedBy)}</th>
                  <th scope="col">{p.t(SHARED.submitted)}</th>
                  <th scope="col">{p.t(CONSOLE_TEXT.actions)}</th>
                </tr>
              </thead>
              <tbody>
                {submissions.map((submission) => (
                  <tr>
                    <th scope="row">#{submission.id}</th>
                    <td data-label={p.t(SHARED.domain)}>
                      <a href={domainPath(BASE, submission)}>
                        <DomainName domain={submission.domain} />
                      </a>
                    </td>
                    <td data-label={p.t(SHARED.holder)}>
                      <bdi>{submission.holder.name}</bdi>
                      <br />
                      <span class="field-hint">
                        {p.t(SUBJECT_TYPE_LABELS[submission.holder.type])} ·{' '}
                        {p.t(ID_TYPE_LABELS[submission.holder.idType])}{' '}
                        <bdi class="code">{submission.holder.idNumber}</bdi>
                      </span>
                    </td>
                    <td data-label={p.t(SHARED.submittedBy)}>
                      <bdi class="code">{submission.submittedBy}</bdi>
                    </td>
                    <td class="nowrap" data-label={p.t(SHARED.submitted)}>
                      {shanghaiDateTime(submission.submittedAt)}
                    </td>
                    <td class="actions" data-label={p.t(CONSOLE_TEXT.actions)}>
                      <form
                        method="post"
                        action={`/registrar/real-name/${submission.id}/approve`}
                        class="inline-form"
                      >
                        <input type="hidden" name="_csrf" value={token} />
                        <button type="submit" class="button button-small">
                          {p.t(TEXT.approve)}
                          <span class="visually-hidden"> {submission.domain.unicode}</span>
                        </button>
                      </form>{' '}
                      <a href={`/registrar/real-name/${submission.id}`}>
                        {p.t(TEXT.decide)}
                        <span class="visually-hidden"> {submission.domain.unicode}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    ),
  });
}

async function submissionOf(p: PageRequest): Promise<RealNameSubmission> {
  const id = idParam(p, TEXT.notPending);
  const found = (await pendingSubmissions(p)).find((submission) => submission.id === id);
  if (!found) throw new NotFound(TEXT.notPending);
  return found;
}

function Compare(props: { p: PageRequest; label: Localized; submitted: string; registered: string }) {
  const same = props.submitted === props.registered;
  return (
    <tr class={same ? undefined : 'row-mismatch'}>
      <th scope="row">{props.p.t(props.label)}</th>
      <td data-label={props.p.t(TEXT.submittedData)}>
        <bdi>{props.submitted}</bdi>
      </td>
      <td data-label={props.p.t(TEXT.registeredHolder)}>
        <bdi>{props.registered}</bdi>
        {!same && <strong class="tag tag-error">{props.p.t(TEXT.mismatch)}</strong>}
      </td>
    </tr>
  );
}

async function decisionPage(p: PageRequest, form: FormState, status: 200 | 400 | 404 | 409 | 422 = 200) {
  const submission = await submissionOf(p);
  const detail = await p.deps.registrar.getDomain({
    actor: registrarActorOf(p),
    domain: submission.domain.ascii,
  });
  const registered = detail.domain.holder;
  const submitted = submission.holder;
  return p.render({
    title: format(TEXT.decisionTitle, { id: submission.id }),
    status,
    body: (
      <>
        <p>
          <a href="/registrar/real-name">{p.t(TEXT.backToQueue)}</a>
        </p>
        <p>
          {p.t(SHARED.domain)}
          {p.lang === 'zh' ? '：' : ': '}
          <a href={domainPath(BASE, submission)}>
            <DomainName domain={submission.domain} />
          </a>{' '}
          · {p.t(SHARED.submittedBy)} <bdi class="code">{submission.submittedBy}</bdi> ·{' '}
          {shanghaiDateTime(submission.submittedAt)}
        </p>
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col"></th>
                <th scope="col">{p.t(TEXT.submittedData)}</th>
                <th scope="col">{p.t(TEXT.registeredHolder)}</th>
              </tr>
            </thead>
            <tbody>
              <Compare
                p={p}
                label={SHARED.holderName}
                submitted={submitted.name}
                registered={registered.name}
              />
              <Compare
                p={p}
                label={SHARED.holderType}
                submitted={p.t(SUBJECT_TYPE_LABELS[submitted.type])}
                registered={p.t(SUBJECT_TYPE_LABELS[registered.type])}
              />
              <Compare
                p={p}
                label={SHARED.idType}
                submitted={p.t(ID_TYPE_LABELS[submitted.idType])}
                registered={p.t(ID_TYPE_LABELS[registered.idType])}
              />
              <Compare
                p={p}
                label={SHARED.idNumber}
                submitted={submitted.idNumber}
                registered={registered.idNumber}
              />
            </tbody>
          </table>
        </div>
        <ErrorSummary form={form} />
        <Form form={form} action={`/registrar/real-name/${submission.id}/approve`} class="form">
          <Button>{p.t(TEXT.approve)}</Button>
        </Form>
        <Form form={form} action={`/registrar/real-name/${submission.id}/reject`} class="form">
          <Fieldset form={form} legend={TEXT.rejectLegend}>
            <TextArea
              form={form}
              name="reason.zh"
              label={TEXT.reasonZh}
              hint={TEXT.reasonZhHint}
              rows={3}
              maxlength={MAX_REASON_LENGTH}
            />
            <TextArea
              form={form}
              name="reason.en"
              label={TEXT.reasonEn}
              optional
              rows={3}
              maxlength={MAX_REASON_LENGTH}
            />
            <Button variant="warning">{p.t(TEXT.reject)}</Button>
          </Fieldset>
        </Form>
      </>
    ),
  });
}

function reasonErrors(form: Readonly<Record<string, string>>): FieldError[] {
  const zh = (form['reason.zh'] ?? '').trim();
  const en = (form['reason.en'] ?? '').trim();
  const errors: FieldError[] = [];
  if (zh === '') errors.push({ path: 'reason.zh', code: 'REQUIRED', message: TEXT.reasonNeeded });
  else if (zh.length > MAX_REASON_LENGTH)
    errors.push({ path: 'reason.zh', code: 'TOO_LONG', message: TEXT.reasonTooLong });
  if (en.length > MAX_REASON_LENGTH)
    errors.push({ path: 'reason.en', code: 'TOO_LONG', message: TEXT.reasonTooLong });
  return errors;
}

export const REAL_NAME_QUEUE_PAGES = [
  definePage({
    method: 'get',
    path: '/registrar/real-name',
    access: ACCESS,
    nav: { label: TEXT.queueNav },
    handle: queuePage,
  }),
  definePage({
    method: 'get',
    path: '/registrar/real-name/:id',
    access: ACCESS,
    handle: (p) => decisionPage(p, p.formState()),
  }),
  definePage({
    method: 'post',
    path: '/registrar/real-name/:id/approve',
    access: ACCESS,
    async handle(p) {
      const submissionId = idParam(p, TEXT.notPending);
      try {
        const decision = await p.deps.registrar.approveRealName({
          actor: registrarActorOf(p),
          now: p.deps.now(),
          submissionId,
        });
        const values = { domain: decision.domain.domain.unicode, due: decision.report?.dueDate ?? '—' };
        return p.redirect('/registrar/real-name', {
          kind: 'success',
          message: format(TEXT.approved, values),
        });
      } catch (error) {
        const { failure } = refusalOf(error);
        return p.redirect('/registrar/real-name', { kind: 'error', message: failure.message });
      }
    },
  }),
  definePage({
    method: 'post',
    path: '/registrar/real-name/:id/reject',
    access: ACCESS,
    async handle(p) {
      const submissionId = idParam(p, TEXT.notPending);
      const errors = reasonErrors(p.form);
      if (errors.length > 0) return decisionPage(p, p.formState({ errors }), 422);
      const zh = (p.form['reason.zh'] ?? '').trim();
      const en = (p.form['reason.en'] ?? '').trim();
      try {
        const decision = await p.deps.registrar.rejectRealName({
          actor: registrarActorOf(p),
          now: p.deps.now(),
          submissionId,
          input: { reason: en === '' ? { zh } : { zh, en } },
        });
        return p.redirect('/registrar/real-name', {
          kind: 'success',
          message: format(TEXT.rejected, { domain: decision.domain.domain.unicode }),
        });
      } catch (error) {
        const { failure } = refusalOf(error);
        return p.redirect('/registrar/real-name', { kind: 'error', message: failure.message });
      }
    },
  }),
];
