/**
 * 邮件 — e-mail over SMTP with nodemailer, behind the `EmailTransport` seam. SMTP's reply classes
 * decide what a failure means (RFC 5321 §4.2.1): 4yz is a transient negative completion, "the
 * command may be retried", so the delivery is tried again later; 5yz is permanent, a retry would get
 * the same answer, so the delivery fails at once with the server's answer for the operator. A failure
 * with no reply at all (connection refused, timeout) is treated as transient.
 *
 * Configuration, from the environment: BEIAN_SMTP_URL (`smtp://user:pass@host:587`, `smtps://…:465`
 * for TLS from the start), or BEIAN_SMTP_HOST with BEIAN_SMTP_PORT (default 587), BEIAN_SMTP_SECURE
 * (`1`: TLS from the start; else STARTTLS when the server offers it), BEIAN_SMTP_USER and
 * BEIAN_SMTP_PASS; BEIAN_MAIL_FROM is the sender (`网站备案系统 <beian@example.cn>`).
 */
import nodemailer from 'nodemailer';
import { LocalizedError } from '../shared/index.ts';

/** One e-mail as the notification job hands it over. */
export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  /** `<…@host>`, the same for every attempt of one delivery. */
  messageId: string;
};

export type EmailTransport = {
  /** Resolves with the server's answer (`250 OK …`); throws SmtpFailure when it refuses. */
  send(message: MailMessage): Promise<{ answer: string }>;
  close?(): void;
};

/** A refusal or a connection failure: `transient` when trying again later may succeed. */
export class SmtpFailure extends Error {
  readonly replyCode: number | null;
  readonly transient: boolean;
  constructor(message: string, replyCode: number | null) {
    super(message);
    this.name = 'SmtpFailure';
    this.replyCode = replyCode;
    this.transient = replyCode === null || (replyCode >= 400 && replyCode < 500);
  }
}

export type SmtpConfig = {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS if offered. */
  secure: boolean;
  auth: { user: string; pass: string } | null;
  from: string;
  /** Test servers use self-signed certificates; production leaves it true. */
  rejectUnauthorized?: boolean;
};

const configError = (zh: string, en: string) => new LocalizedError({ zh, en });

/** The SMTP settings of the environment; null when none is configured (e-mail is then not sent). */
export function smtpConfigFromEnv(env: NodeJS.ProcessEnv): SmtpConfig | null {
  const url = env.BEIAN_SMTP_URL?.trim() ?? '';
  const host = env.BEIAN_SMTP_HOST?.trim() ?? '';
  if (url === '' && host === '') return null;
  const from = env.BEIAN_MAIL_FROM?.trim() ?? '';
  if (from === '')
    throw configError(
      '设置了 SMTP 时必须设置 BEIAN_MAIL_FROM（发件人）',
      'BEIAN_MAIL_FROM (the sender) is required with SMTP',
    );
  if (url !== '') {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw configError(`BEIAN_SMTP_URL 不是有效网址`, `BEIAN_SMTP_URL is not a URL`);
    }
    if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:')
      throw configError(
        'BEIAN_SMTP_URL 须以 smtp:// 或 smtps:// 开头',
        'BEIAN_SMTP_URL must start with smtp:// or smtps://',
      );
    const secure = parsed.protocol === 'smtps:';
    return {
      host: parsed.hostname.replace(/^\[|\]$/g, ''),
      port: parsed.port === '' ? (secure ? 465 : 587) : Number(parsed.port),
      secure,
      auth:
        parsed.username === ''
          ? null
          : { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) },
      from,
    };
  }
  const portText = env.BEIAN_SMTP_PORT?.trim() || '587';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535))
    throw configError(
      'BEIAN_SMTP_PORT 须为 1–65535 的整数',
      'BEIAN_SMTP_PORT must be an integer from 1 to 65535',
    );
  const user = env.BEIAN_SMTP_USER ?? '';
  return {
    host,
    port,
    secure: env.BEIAN_SMTP_SECURE === '1',
    auth: user === '' ? null : { user, pass: env.BEIAN_SMTP_PASS ?? '' },
    from,
  };
}

/** The nodemailer transport for `config`: one pooled-free connection per message, closed after. */
export function createSmtpTransport(config: SmtpConfig): EmailTransport {
  const transporter = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.auth ? { auth: config.auth } : {}),
    tls: { rejectUnauthorized: config.rejectUnauthorized ?? true },
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    async send(message) {
      try {
        // nodemailer types the SMTP transport's answer as any; its `response` is the server's reply.
        const sent: unknown = await transporter.sendMail({
          from: config.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: message.messageId,
        });
        return { answer: String((sent as { response?: unknown }).response) };
      } catch (error) {
        const e = error as { responseCode?: unknown; response?: unknown; message?: unknown };
        const code = typeof e.responseCode === 'number' ? e.responseCode : null;
        const answer = typeof e.response === 'string' ? e.response : String(e.message ?? error);
        throw new SmtpFailure(answer, code);
      }
    },
    close: () => transporter.close(),
  };
}
