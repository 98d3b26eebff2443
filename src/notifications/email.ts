/**
 * 邮件 — e-mail over SMTP with nodemailer, behind the `EmailTransport` seam. SMTP's reply classes
 * decide what a failure means (RFC 5321 §4.2.1): 4yz is a transient negative completion, "the
 * command may be retried", so the delivery is tried again later; 5yz is permanent, a retry would get
 * the same answer, so the delivery fails at once with the server's answer for the operator. A failure
 * with no reply at all (connection refused, timeout) is treated as transient.
 *
 * Configuration: BEIAN_SMTP_URL, or BEIAN_SMTP_HOST and its companions, and BEIAN_MAIL_FROM, read
 * by the configuration schema (src/config/schema.ts, documented in docs/CONFIGURATION.md).
 */
import nodemailer from 'nodemailer';
import type { Config } from '../config/index.ts';

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

/** The SMTP variables of the configuration schema (src/config), already checked there. */
export type SmtpSettings = Pick<
  Config,
  | 'BEIAN_SMTP_URL'
  | 'BEIAN_SMTP_HOST'
  | 'BEIAN_SMTP_PORT'
  | 'BEIAN_SMTP_SECURE'
  | 'BEIAN_SMTP_USER'
  | 'BEIAN_SMTP_PASS'
  | 'BEIAN_MAIL_FROM'
>;

/** The SMTP settings of the configuration; null when none is configured (e-mail is then not sent). */
export function smtpConfigFrom(settings: SmtpSettings): SmtpConfig | null {
  const from = settings.BEIAN_MAIL_FROM ?? '';
  if (settings.BEIAN_SMTP_URL !== undefined) {
    // The schema accepted it as an smtp:/smtps: URL with a host.
    const parsed = new URL(settings.BEIAN_SMTP_URL);
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
  if (settings.BEIAN_SMTP_HOST === undefined) return null;
  const user = settings.BEIAN_SMTP_USER;
  return {
    host: settings.BEIAN_SMTP_HOST.replace(/^\[|\]$/g, ''),
    port: settings.BEIAN_SMTP_PORT,
    secure: settings.BEIAN_SMTP_SECURE,
    auth: user === undefined ? null : { user, pass: settings.BEIAN_SMTP_PASS ?? '' },
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
