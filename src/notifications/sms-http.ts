/**
 * 短信服务商 — an SMS provider reached over HTTP, behind the `SmsGateway` seam (src/miit/sms-gateway.ts).
 * Mainland providers send only under a registered signature (短信签名) and an approved template
 * (短信模板) whose variables the sender fills (Alibaba Cloud SendSms: SignName, TemplateCode,
 * TemplateParam, OutId; Tencent Cloud SendSms: SignName, TemplateId, TemplateParamSet, SessionContext).
 * This adapter speaks one generic shape of that API, which a small relay in front of any of them can
 * translate:
 *
 *   POST BEIAN_SMS_URL                       Authorization: Bearer BEIAN_SMS_KEY
 *   Content-Type: application/json           Idempotency-Key: <the delivery's Message-ID>
 *   { "phone": "13800138000", "signName": "…", "templateId": "…",
 *     "params": { "text": "…" }, "outId": "<the delivery's Message-ID>" }
 *
 * The message text goes in the template's one variable, without our own 【…】 prefix (the provider adds
 * the registered signature). The Message-ID is the same for every attempt and resend of a delivery, so
 * a provider (or relay) that deduplicates by it turns a retried request into one message.
 *
 * Answers, mapped as RFC 9110 defines the classes: 2xx accepted (its body, shortened, is the answer in
 * the delivery log); 408, 425, 429 and 5xx transient (the job retries with backoff); any other 4xx
 * permanent (a refused number, a bad key or template: a retry would get the same answer). No answer
 * (connection refused, reset, timeout) is transient. Phone numbers are masked (138****8000) in every
 * answer this adapter returns or throws, since those reach the delivery log and the job's error.
 */
import type { Config } from '../config/index.ts';
import type { SmsGateway } from '../miit/index.ts';
import { SmsGatewayError } from '../miit/index.ts';

export type HttpSmsConfig = {
  url: string;
  key: string;
  signName: string;
  templateId: string;
  /** The whole request, answer included; default 10 s. */
  timeoutMs?: number;
};

/** The provider settings of the configuration (checked there); null: the sandbox outbox is used. */
export function httpSmsConfigFrom(
  config: Pick<
    Config,
    'BEIAN_SMS_PROVIDER' | 'BEIAN_SMS_URL' | 'BEIAN_SMS_KEY' | 'BEIAN_SMS_SIGN_NAME' | 'BEIAN_SMS_TEMPLATE_ID'
  >,
): HttpSmsConfig | null {
  if (config.BEIAN_SMS_PROVIDER !== 'http') return null;
  const { BEIAN_SMS_URL: url, BEIAN_SMS_KEY: key } = config;
  const { BEIAN_SMS_SIGN_NAME: signName, BEIAN_SMS_TEMPLATE_ID: templateId } = config;
  // The schema refuses http without all four; this keeps the types honest.
  if (url === undefined || key === undefined || signName === undefined || templateId === undefined)
    throw new Error('BEIAN_SMS_PROVIDER=http without its settings passed the configuration schema');
  return { url, key, signName, templateId };
}

const ANSWER_CHARS = 300;
const DEFAULT_TIMEOUT_MS = 10_000;

/** 13800138000 → 138****8000: any 11 digits starting with 1 in `text`, after +86 or 86 too. */
export function maskPhones(text: string): string {
  return text.replace(/(?<!\d)(\+?86)?(1\d{2})\d{4}(\d{4})(?!\d)/g, '$1$2****$3');
}

/** Statuses worth trying again later (RFC 9110 §15.5.9 408, RFC 8470 425, RFC 6585 429, 5xx). */
const isTransientStatus = (status: number): boolean =>
  status === 408 || status === 425 || status === 429 || status >= 500;

/** Our signature prefix (templates.ts) comes off: the provider prefixes its registered one. */
const withoutSignature = (text: string): string =>
  text.replace(/^【[^】]{1,20}】/, '').replace(/^\[ICP filing\] /, '');

export function createHttpSmsGateway(config: HttpSmsConfig): SmsGateway {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    async send(message) {
      let response: Response;
      let body: string;
      try {
        response = await fetch(config.url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${config.key}`,
            'content-type': 'application/json',
            'idempotency-key': message.messageId,
          },
          body: JSON.stringify({
            phone: message.phone,
            signName: config.signName,
            templateId: config.templateId,
            params: { text: withoutSignature(message.text) },
            outId: message.messageId,
          }),
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
        body = await response.text();
      } catch (error) {
        const reason =
          error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
            ? `no answer within ${timeoutMs} ms`
            : error instanceof Error
              ? error.cause instanceof Error
                ? error.cause.message
                : error.message
              : String(error);
        throw new SmsGatewayError(maskPhones(`SMS provider unreachable: ${reason}`), true);
      }
      const answer = maskPhones(`${response.status} ${body.replace(/\s+/g, ' ').trim()}`).slice(
        0,
        ANSWER_CHARS,
      );
      if (response.ok) return { answer };
      throw new SmsGatewayError(`SMS provider refused: ${answer}`, isTransientStatus(response.status));
    },
  };
}
