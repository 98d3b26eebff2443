/**
 * 短信发件箱（沙箱） — the MIIT sandbox's SMS outbox (sms.read-outbox: the bureau reviewer and admin):
 * the verification messages the responsible persons' phones would receive, newest first, filtered by
 * application or phone. The demo and the browser tests read the codes here. A real MIIT integration has
 * no outbox: the page is then a 404, as the API's is.
 */
import type { FieldError, Localized, PageRequest } from '../kit/index.ts';
import {
  NotFound,
  Button,
  ErrorSummary,
  Form,
  TextField,
  definePage,
  failureOf,
  parseId,
  TERMS,
} from '../kit/index.ts';
import { shanghaiDateTime } from '../kit/time.ts';

/** The API's outbox limit (src/http/sms-routes.ts outboxQuerySchema). */
const LIMIT = 100;

const TEXT = {
  title: { zh: '短信发件箱（沙箱）', en: 'SMS outbox (sandbox)' },
  nav: { zh: '短信发件箱', en: 'SMS outbox' },
  intro: {
    zh: '模拟的工信部发出的核验短信和本系统短信网关（沙箱）发出的通知短信，最新的在前（最多 100 条）。真实系统中短信直接发到手机，没有发件箱。',
    en: 'Verification SMS sent by the simulated MIIT and notifications sent through this system’s SMS gateway (sandbox), newest first (at most 100). Real ones go to the phones; there is no outbox.',
  },
  filter: { zh: '筛选', en: 'Filter' },
  applicationId: TERMS.application,
  phone: TERMS.phone,
  show: { zh: '查看', en: 'Show' },
  sentAt: { zh: '发送时间', en: 'Sent' },
  body: { zh: '短信内容', en: 'Message' },
  none: { zh: '没有符合条件的短信。', en: 'No messages match.' },
  badId: { zh: '申请编号应为正整数', en: 'The application is a positive whole number' },
  badPhone: { zh: '手机号码最多 32 个字符', en: 'The phone has at most 32 characters' },
  noOutbox: {
    zh: '当前连接的是真实的工信部系统，没有短信发件箱。',
    en: 'This deployment talks to a real MIIT: there is no SMS outbox.',
  },
} satisfies Record<string, Localized>;

function filterErrors(query: Readonly<Record<string, string>>): FieldError[] {
  const errors: FieldError[] = [];
  const id = (query.applicationId ?? '').trim();
  if (id !== '' && parseId(id) === null)
    errors.push({ path: 'applicationId', code: 'INVALID', message: TEXT.badId });
  if ((query.phone ?? '').trim().length > 32)
    errors.push({ path: 'phone', code: 'TOO_LONG', message: TEXT.badPhone });
  return errors;
}

export const REVIEW_OUTBOX_PAGES = [
  definePage({
    method: 'get',
    path: '/sandbox/sms',
    access: 'sms.read-outbox',
    nav: { label: TEXT.nav },
    async handle(p: PageRequest) {
      const read = p.deps.readOutbox;
      if (read === null) throw new NotFound(TEXT.noOutbox);
      const values = {
        applicationId: (p.query.applicationId ?? '').trim(),
        phone: (p.query.phone ?? '').trim(),
      };
      let errors = filterErrors(values);
      let messages: Awaited<ReturnType<typeof read>> = [];
      if (errors.length === 0) {
        try {
          messages = await read({
            ...(values.applicationId === '' ? {} : { applicationId: Number(values.applicationId) }),
            ...(values.phone === '' ? {} : { phone: values.phone }),
            limit: LIMIT,
          });
        } catch (error) {
          // The sandbox refuses a phone it cannot read; that is the filter's error, not a bug.
          const failure = failureOf(error);
          if (failure === null) throw error;
          errors =
            failure.fields.length > 0
              ? failure.fields
              : [{ path: 'phone', code: 'INVALID', message: failure.message }];
        }
      }
      const form = p.formState({ values, errors });
      return p.render({
        title: TEXT.title,
        status: errors.length > 0 ? 422 : 200,
        body: (
          <>
            <p>{p.t(TEXT.intro)}</p>
            <ErrorSummary form={form} />
            <Form form={form} action="/sandbox/sms" method="get" class="form form-inline">
              <TextField
                form={form}
                name="applicationId"
                label={TEXT.applicationId}
                optional
                inputmode="numeric"
                width="short"
                code
              />
              <TextField
                form={form}
                name="phone"
                label={TEXT.phone}
                optional
                type="tel"
                width="medium"
                code
              />
              <Button variant="secondary">{p.t(TEXT.show)}</Button>
            </Form>
            {messages.length === 0 ? (
              <p class="notice">{p.t(TEXT.none)}</p>
            ) : (
              <div class="table-wrap">
                <table class="table outbox-table">
                  <thead>
                    <tr>
                      <th scope="col">{p.t(TEXT.sentAt)}</th>
                      <th scope="col">{p.t(TEXT.applicationId)}</th>
                      <th scope="col">{p.t(TEXT.phone)}</th>
                      <th scope="col">{p.t(TEXT.body)}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {messages.map((message) => (
                      <tr>
                        <td class="nowrap" data-label={p.t(TEXT.sentAt)}>
                          {shanghaiDateTime(message.sentAt)}
                        </td>
                        <td data-label={p.t(TEXT.applicationId)}>
                          {message.applicationId === null ? (
                            '—'
                          ) : (
                            <a href={`/sandbox/sms?applicationId=${message.applicationId}`}>
                              #{message.applicationId}
                            </a>
                          )}
                        </td>
                        <td class="nowrap" data-label={p.t(TEXT.phone)}>
                          <a href={`/sandbox/sms?phone=${encodeURIComponent(message.phone)}`}>
                            <bdi class="code">{message.phone}</bdi>
                          </a>
                        </td>
                        <td class="sms-body" data-label={p.t(TEXT.body)}>
                          <bdi>{message.body}</bdi>
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
    },
  }),
];
