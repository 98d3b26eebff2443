/**
 * 转移备案 pages (issue 15, seed Q9's way out): the requesting account's page (ask by certificate or
 * ICP number; its requests, each pending until it expires unless the transfer happened — no page says
 * whether a subject exists), and the 主体负责人's answer page on the texted link, made for a phone
 * (375 px): what is asked, by whom, until when; the code; confirm or decline.
 */
import type { TransferForPrincipal, TransferRequestView } from '../../workflow/index.ts';
import { answerTransfer, myTransfers, readTransfer, requestTransfer } from '../../workflow/index.ts';
import type { FormState, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  ErrorSummary,
  Form,
  NotFound,
  TERMS,
  TextField,
  definePage,
  failureOf,
  format,
} from '../kit/index.ts';
import { shanghaiDateTime } from '../kit/time.ts';
import { applicantDeps, refusalErrors, refusalStatus } from './applicant-shared.tsx';

export const TRANSFERS = '/transfers';

const TEXT = {
  title: { zh: '转移备案', en: 'Transfer a filing' },
  intro: {
    zh: '主体已在本接入商的其他账号下备案（例如公司换了账号）时，可申请把该主体及其网站转到本账号管理。填写主体的证件号码或备案号后，主体负责人的手机（以管局备案信息为准）会收到验证码和确认链接，由其确认后转移完成。',
    en: 'When the subject is filed under another account of this provider (the company changed accounts, say), ask to manage the subject and its websites from this account. Give its certificate or ICP number: the subject’s responsible person (as the bureau holds it) gets a code and a link on their phone, and the transfer happens once they confirm.',
  },
  query: { zh: '主体证件号码或备案号', en: 'Certificate or ICP number' },
  queryHint: {
    zh: '如统一社会信用代码 91330106MA2B3C4D5D，或 浙ICP备2024000001号',
    en: 'Such as the credit code 91330106MA2B3C4D5D, or 浙ICP备2024000001号',
  },
  ask: { zh: '申请转移', en: 'Request the transfer' },
  asked: {
    zh: '已提交。如该主体在本接入商的其他账号下，主体负责人将收到验证码和确认链接（24 小时内有效）。',
    en: 'Requested. If the subject is under another account here, its responsible person gets a code and a link (valid 24 hours).',
  },
  why: { zh: '负责人没有收到短信？', en: 'No text reached the responsible person?' },
  reasons: {
    zh: '可能是：该主体不在本接入商的其他账号下（或已在本账号下）；该主体有进行中的备案申请（须等其完成或撤回）；管局备案信息中没有主体负责人手机；该手机当天已收到 3 次转移验证码。本页不说明是哪一种，以免他人借此查询主体是否存在。',
    en: 'Perhaps the subject is not under another account here (or already in this one); an application of it is under way (wait until it finishes or is withdrawn); no responsible person’s phone is on record; or the phone already got 3 transfer codes today. This page does not say which, so that nobody can use it to find out which subjects exist.',
  },
  mine: { zh: '我的转移申请', en: 'My transfer requests' },
  none: { zh: '还没有转移申请。', en: 'No transfer requests yet.' },
  asking: { zh: '申请内容', en: 'Asked for' },
  created: { zh: '申请时间', en: 'Requested' },
  expires: { zh: '有效期至', en: 'Valid until' },
  state: { zh: '状态', en: 'State' },
  pending: { zh: '等待主体负责人确认', en: 'Waiting for the responsible person' },
  transferred: { zh: '已转移到本账号', en: 'Transferred to this account' },
  notConfirmed: { zh: '未确认（已结束）', en: 'Not confirmed (ended)' },
  answerTitle: { zh: '确认备案转移', en: 'Confirm a filing transfer' },
  answerIntro: {
    zh: '您是以下主体的主体负责人。有账号申请把该主体的备案（包括其全部网站）转到该账号管理。请确认是您所在单位的申请后再输入短信验证码；不认识该账号请拒绝。',
    en: 'You are the responsible person of the subject below. An account asks to manage its filing (all its websites included). Enter the code from the text only if the request is your organisation’s; if you do not know the account, decline.',
  },
  subject: { zh: '主体', en: 'Subject' },
  from: { zh: '当前账号', en: 'Current account' },
  to: { zh: '申请转入账号', en: 'Requesting account' },
  triesLeft: { zh: '剩余尝试次数', en: 'Tries left' },
  code: { zh: '短信验证码', en: 'Code from the text' },
  codeHint: { zh: '6 位数字', en: '6 digits' },
  confirm: { zh: '确认转移', en: 'Confirm the transfer' },
  decline: { zh: '拒绝', en: 'Decline' },
  confirmed: {
    zh: '已确认，备案已转移到账号 {to}。',
    en: 'Confirmed: the filing has moved to the account {to}.',
  },
  declined: { zh: '已拒绝该转移申请。', en: 'The transfer request is declined.' },
  noTransfer: { zh: '找不到该转移申请', en: 'No such transfer request' },
} satisfies Record<string, Localized>;

const STATE_TEXT: Record<TransferForPrincipal['state'], Localized> = {
  open: { zh: '等待确认', en: 'Open' },
  confirmed: { zh: '已确认，备案已转移', en: 'Confirmed: the filing has moved' },
  declined: { zh: '已拒绝', en: 'Declined' },
  failed: { zh: '验证码错误次数过多，已失效', en: 'Void: too many wrong codes' },
  expired: { zh: '已过期', en: 'Expired' },
  closed: { zh: '已失效', en: 'No longer open' },
};

const stateText = (state: TransferRequestView['state']): Localized =>
  state === 'pending' ? TEXT.pending : state === 'transferred' ? TEXT.transferred : TEXT.notConfirmed;

async function transfersPage(
  p: PageRequest,
  form: FormState,
  status: 200 | 403 | 404 | 409 | 422 | 429 = 200,
) {
  const requests = await myTransfers(applicantDeps(p));
  return p.render({
    title: TEXT.title,
    status,
    body: (
      <>
        <ErrorSummary form={form} />
        <p>{p.t(TEXT.intro)}</p>
        <Form form={form} action={TRANSFERS}>
          <TextField
            form={form}
            name="query"
            label={TEXT.query}
            hint={TEXT.queryHint}
            code
            width="medium"
            maxlength={100}
            autocomplete="off"
          />
          <Button>{p.t(TEXT.ask)}</Button>
        </Form>
        <details>
          <summary>{p.t(TEXT.why)}</summary>
          <p>{p.t(TEXT.reasons)}</p>
        </details>
        <h2>{p.t(TEXT.mine)}</h2>
        {requests.length === 0 ? (
          <p>{p.t(TEXT.none)}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">{p.t(TEXT.mine)}</caption>
              <thead>
                <tr>
                  <th scope="col">{p.t(TEXT.asking)}</th>
                  <th scope="col">{p.t(TEXT.created)}</th>
                  <th scope="col">{p.t(TEXT.expires)}</th>
                  <th scope="col">{p.t(TEXT.state)}</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr>
                    <th scope="row" class="code">
                      <bdi>{r.query}</bdi>
                    </th>
                    <td data-label={p.t(TEXT.created)}>{shanghaiDateTime(r.createdAt)}</td>
                    <td data-label={p.t(TEXT.expires)}>{shanghaiDateTime(r.expiresAt)}</td>
                    <td data-label={p.t(TEXT.state)}>{p.t(stateText(r.state))}</td>
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

const tokenOf = (p: PageRequest): string => {
  const token = p.params.token ?? '';
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new NotFound(TEXT.noTransfer);
  return token;
};

async function answerPage(
  p: PageRequest,
  token: string,
  form: FormState,
  status: 200 | 404 | 409 | 422 = 200,
) {
  let transfer: TransferForPrincipal;
  try {
    transfer = await readTransfer({ database: p.deps.db, now: p.deps.now(), token });
  } catch (error) {
    if (failureOf(error)?.status === 404) throw new NotFound(TEXT.noTransfer);
    throw error;
  }
  return p.render({
    title: TEXT.answerTitle,
    status,
    body: (
      <>
        <ErrorSummary form={form} />
        {transfer.state === 'open' && <p>{p.t(TEXT.answerIntro)}</p>}
        <dl class="summary-list">
          <dt>{p.t(TEXT.subject)}</dt>
          <dd>
            <bdi>{transfer.subjectName}</bdi>
            <br />
            <bdi>{transfer.subjectNumber}</bdi>
          </dd>
          <dt>{p.t(TEXT.from)}</dt>
          <dd>
            <bdi>{transfer.fromAccount}</bdi>
          </dd>
          <dt>{p.t(TEXT.to)}</dt>
          <dd>
            <bdi>{transfer.requester}</bdi>
          </dd>
          <dt>{p.t(TERMS.status)}</dt>
          <dd>{p.t(STATE_TEXT[transfer.state])}</dd>
          {transfer.state === 'open' && (
            <>
              <dt>{p.t(TEXT.expires)}</dt>
              <dd>{shanghaiDateTime(transfer.expiresAt)}</dd>
              <dt>{p.t(TEXT.triesLeft)}</dt>
              <dd>{transfer.triesLeft}</dd>
            </>
          )}
        </dl>
        {transfer.state === 'open' && (
          <Form form={form} action={`/transfer/${token}`}>
            <TextField
              form={form}
              name="code"
              label={TEXT.code}
              hint={TEXT.codeHint}
              code
              width="short"
              maxlength={20}
              autocomplete="one-time-code"
              inputmode="numeric"
            />
            <div class="button-row">
              <Button name="decision" value="confirm">
                {p.t(TEXT.confirm)}
              </Button>{' '}
              <Button variant="secondary" name="decision" value="decline">
                {p.t(TEXT.decline)}
              </Button>
            </div>
          </Form>
        )}
      </>
    ),
  });
}

export const TRANSFER_PAGES = [
  definePage({
    method: 'get',
    path: TRANSFERS,
    access: 'filing.transfer-request',
    handle: (p) => transfersPage(p, p.formState()),
  }),
  definePage({
    method: 'post',
    path: TRANSFERS,
    access: 'filing.transfer-request',
    async handle(p) {
      try {
        await requestTransfer({
          ...applicantDeps(p),
          query: p.form.query ?? '',
          sms: p.deps.sms,
          confirmLink: (token) => `${p.deps.publicUrl ?? new URL(p.c.req.url).origin}/transfer/${token}`,
        });
        return p.redirect(TRANSFERS, { kind: 'success', message: TEXT.asked });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        const status = failure.status === 429 ? 429 : refusalStatus(failure);
        return transfersPage(p, p.formState({ errors: refusalErrors(failure) }), status);
      }
    },
  }),
  definePage({
    method: 'get',
    path: '/transfer/:token',
    access: 'filing.transfer-confirm',
    handle: (p) => answerPage(p, tokenOf(p), p.formState()),
  }),
  definePage({
    method: 'post',
    path: '/transfer/:token',
    access: 'filing.transfer-confirm',
    async handle(p) {
      const token = tokenOf(p);
      const decision = p.form.decision === 'decline' ? 'decline' : 'confirm';
      try {
        const done = await answerTransfer({
          database: p.deps.db,
          now: p.deps.now(),
          token,
          decision,
          code: p.form.code ?? '',
        });
        const message =
          done.outcome === 'confirmed' ? format(TEXT.confirmed, { to: done.requester }) : TEXT.declined;
        return p.redirect(`/transfer/${token}`, { kind: 'success', message });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        const status = failure.status === 404 ? 404 : failure.status === 409 ? 409 : 422;
        return answerPage(p, token, p.formState({ errors: refusalErrors(failure) }), status);
      }
    },
  }),
];
