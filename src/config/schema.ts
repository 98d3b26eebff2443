/**
 * 配置 — the one schema over the environment: every variable beian reads, with its default and its
 * meaning. The CLI reads the environment only through `readConfig`, so a bad value stops a command
 * before it starts, with a message naming the variable, and docs/CONFIGURATION.md is generated from the
 * same table (test/config/config-doc.test.ts keeps the two equal).
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import type { Localized } from '../shared/index.ts';
import { LocalizedError } from '../shared/index.ts';

/** 信任代理 — which hops in front of beian may name the client (X-Forwarded-For). */
export type TrustProxy =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'ranges'; ranges: readonly { address: string; prefix: number; family: 'ipv4' | 'ipv6' }[] };

/** 指标访问 — who may read /metrics. */
export type MetricsAccess =
  { kind: 'off' } | { kind: 'public' } | { kind: 'loopback' } | { kind: 'token'; token: string };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const MIN_SECRET_LENGTH = 32;
const MIN_METRICS_TOKEN_LENGTH = 32;
const MAX_ACCOUNT_MIB = 1024 * 1024;
/** 初审 within a month of working days at most; a longer "service level" is no service level. */
const MAX_REVIEW_SLA_WORKDAYS = 20;
/** Bounds a hop count: more than 10 proxies in front of one service is a configuration mistake. */
const MAX_PROXY_HOPS = 10;
/** The monitor's bound on sites checked at once: more would be a load on others' servers, not a check. */
const MAX_MONITOR_CONCURRENCY = 1000;

const integerIn = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .refine((n) => n >= min && n <= max);

/** A CIDR (`10.0.0.0/8`, `fd00::/8`) or one address (a /32 or /128). */
function parseRange(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

const trustProxySchema = z
  .string()
  .trim()
  .transform((text, ctx): TrustProxy => {
    if (/^\d{1,2}$/.test(text) && Number(text) <= MAX_PROXY_HOPS) {
      const hops = Number(text);
      return hops === 0 ? { kind: 'none' } : { kind: 'hops', hops };
    }
    const ranges = text.split(',').map(parseRange);
    if (ranges.length === 0 || ranges.some((range) => range === null)) {
      ctx.addIssue({ code: 'custom', message: 'not a hop count or a list of CIDRs' });
      return z.NEVER;
    }
    return { kind: 'ranges', ranges: ranges.filter((range) => range !== null) };
  });

const metricsSchema = z
  .string()
  .trim()
  .transform((text, ctx): MetricsAccess => {
    if (text === 'off' || text === 'public' || text === 'loopback') return { kind: text };
    const token = /^token:(.*)$/.exec(text)?.[1];
    if (token !== undefined && token.length >= MIN_METRICS_TOKEN_LENGTH && /^[\x21-\x7e]+$/.test(token)) {
      return { kind: 'token', token };
    }
    ctx.addIssue({ code: 'custom', message: 'not off, public, loopback or token:<secret>' });
    return z.NEVER;
  });

const httpUrlSchema = z
  .string()
  .trim()
  .refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  })
  .transform((text) => text.replace(/\/+$/, ''));

const path = z.string();

const smtpUrlSchema = z
  .string()
  .trim()
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
    } catch {
      return false;
    }
  });

/**
 * BEIAN_SMS_URL: https, or http only to this machine (a relay beside beian): the request carries the
 * provider's key, which must not cross a network in clear text.
 */
const smsUrlSchema = z
  .string()
  .trim()
  .refine((text) => {
    try {
      const url = new URL(text);
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      return (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) && url.username === '';
    } catch {
      return false;
    }
  });

/** At most this many declared ranges: more is a configuration mistake, and every IP check walks them. */
const MAX_PROVIDER_RANGES = 1000;

/** 接入商 IP 段 — a declared range as the access checks (src/filing/access.ts) take it. */
export type DeclaredRange = { address: string; prefix: number; family: 'ipv4' | 'ipv6' };

/**
 * The ranges of BEIAN_PROVIDER_CIDRS (or its deprecated alias BEIAN_ACCESS_IP_RANGES): separated by
 * commas or whitespace, each a CIDR or one address; null for a text the schema refuses.
 */
export function parseDeclaredRanges(text: string): DeclaredRange[] | null {
  const entries = text.split(/[\s,]+/).filter((entry) => entry !== '');
  if (entries.length === 0 || entries.length > MAX_PROVIDER_RANGES) return null;
  const ranges = entries.map(parseRange);
  return ranges.some((range) => range === null) ? null : ranges.filter((range) => range !== null);
}

/** The same ranges written twice compare equal whatever their order, spacing or separators. */
function sameRanges(a: string, b: string): boolean {
  const key = (text: string) =>
    [
      ...new Set(
        (parseDeclaredRanges(text) ?? []).map((r) => `${r.family}:${r.address.toLowerCase()}/${r.prefix}`),
      ),
    ]
      .sort()
      .join(' ');
  return key(a) === key(b);
}

const providerRangesSchema = z
  .string()
  .trim()
  .refine((text) => parseDeclaredRanges(text) !== null);

/** BEIAN_MONITOR_DNS_SERVERS: `address` or `address:port` (`[v6]:port`), comma-separated. */
const dnsServersSchema = z
  .string()
  .trim()
  .transform((text, ctx): string[] => {
    const servers = text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    // The forms node:dns Resolver.setServers takes: an address, `v4:port` or `[v6]:port`.
    const valid = servers.every((entry) => {
      if (isIP(entry) !== 0) return true;
      const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(entry);
      const address = match?.[1] ?? match?.[2] ?? '';
      return isIP(address) !== 0 && Number(match?.[3]) >= 1 && Number(match?.[3]) <= 65535;
    });
    if (!valid) {
      ctx.addIssue({ code: 'custom', message: 'not a list of resolver addresses' });
      return z.NEVER;
    }
    return servers;
  });

/**
 * The schema itself. Every key is an environment variable; an empty value counts as unset (a unit
 * file's empty `Environment=NAME=` clears a variable rather than setting it to nothing).
 */
export const ENVIRONMENT_SCHEMA = z
  .object({
    DATABASE_URL: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\/\S+$/i)
      .optional(),
    PORT: integerIn(0, 65535).default(8080),
    BEIAN_PUBLIC_URL: httpUrlSchema.optional(),
    BEIAN_SECRET: z.string().min(MIN_SECRET_LENGTH).optional(),
    BEIAN_SECRET_FILE: path.default('.beian/secret'),
    BEIAN_TRUST_PROXY: trustProxySchema.default({ kind: 'none' }),
    BEIAN_METRICS: metricsSchema.default({ kind: 'loopback' }),
    BEIAN_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
    BEIAN_SHUTDOWN_SECONDS: integerIn(1, 3600).default(25),
    BEIAN_DOCUMENTS: z.enum(['database', 'dir']).optional(),
    BEIAN_DOCUMENTS_DIR: path.default('.beian/documents'),
    BEIAN_DOCUMENTS_ACCOUNT_MIB: integerIn(1, MAX_ACCOUNT_MIB).default(200),
    BEIAN_REVIEW_SLA_WORKDAYS: integerIn(1, MAX_REVIEW_SLA_WORKDAYS).default(1),
    BEIAN_OVERRIDES: path.optional(),
    BEIAN_PRECHECK_ONLINE: z
      .enum(['0', '1'])
      .transform((value) => value === '1')
      .default(false),
    BEIAN_RDAP_BOOTSTRAP: path.optional(),
    BEIAN_WHOIS_SERVERS: path.optional(),
    BEIAN_CJK_FONT: path.optional(),
    BEIAN_SMTP_URL: smtpUrlSchema.optional(),
    BEIAN_SMTP_HOST: z
      .string()
      .trim()
      .regex(/^[^\s/@]+$/)
      .optional(),
    BEIAN_SMTP_PORT: integerIn(1, 65535).default(587),
    BEIAN_SMTP_SECURE: z
      .enum(['0', '1'])
      .transform((value) => value === '1')
      .default(false),
    BEIAN_SMTP_USER: z.string().optional(),
    BEIAN_SMTP_PASS: z.string().optional(),
    // A sender address, optionally with a display name: `beian@example.cn`, `网站备案 <beian@example.cn>`.
    BEIAN_MAIL_FROM: z
      .string()
      .trim()
      .regex(/^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/)
      .optional(),
    BEIAN_PROVIDER_CIDRS: providerRangesSchema.optional(),
    BEIAN_MONITOR_DNS_SERVERS: dnsServersSchema.optional(),
    BEIAN_MONITOR_CONCURRENCY: integerIn(1, MAX_MONITOR_CONCURRENCY).default(20),
    BEIAN_MONITOR_TIMEOUT_MS: integerIn(100, 600_000).default(10_000),
    BEIAN_MONITOR_MAX_BYTES: integerIn(1024, 64 * 1024 * 1024).default(2 * 1024 * 1024),
    BEIAN_MONITOR_WARN_DAYS: integerIn(1, 365).default(30),
    BEIAN_ACCESS_MIN_TERM_MONTHS: integerIn(0, 120).default(3),
    BEIAN_ACCESS_CODES_PER_RESOURCE: integerIn(1, 100).default(5),
    BEIAN_ACCESS_IP_RANGES: providerRangesSchema.optional(),
    BEIAN_SERVICE_CODE: z.enum(['required', 'optional']).default('optional'),
    BEIAN_SMS_PROVIDER: z.enum(['sandbox', 'http']).default('sandbox'),
    BEIAN_SMS_URL: smsUrlSchema.optional(),
    BEIAN_SMS_KEY: z.string().trim().min(1).max(4096).optional(),
    // A 短信签名 is 2–12 characters at the big providers; 20 leaves room and keeps a header sane.
    BEIAN_SMS_SIGN_NAME: z
      .string()
      .trim()
      .regex(/^[^\s【】]{1,20}$/u)
      .optional(),
    BEIAN_SMS_TEMPLATE_ID: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
      .optional(),
    BEIAN_JOBS_INTERVAL_SECONDS: integerIn(1, 3600).default(60),
    BEIAN_SQLITE_BUSY_TIMEOUT_MS: integerIn(100, 600_000).default(30_000),
    BEIAN_IDENTITY_VERIFICATION: z.enum(['required', 'off']).default('off'),
    NO_COLOR: z.string().optional(),
    LC_ALL: z.string().optional(),
    LC_MESSAGES: z.string().optional(),
    LANG: z.string().optional(),
  })
  .superRefine((config, ctx) => {
    // Without a sender the SMTP server would be asked to relay mail "from" nobody (RFC 5321 §4.1.1.2
    // allows a null reverse-path only for bounces), so a configured SMTP needs BEIAN_MAIL_FROM.
    const smtp = config.BEIAN_SMTP_URL !== undefined || config.BEIAN_SMTP_HOST !== undefined;
    if (smtp && config.BEIAN_MAIL_FROM === undefined)
      ctx.addIssue({ code: 'custom', path: ['BEIAN_MAIL_FROM'], message: 'required with SMTP' });
    // The HTTP provider cannot send a message without where, as whom, and under which template.
    if (config.BEIAN_SMS_PROVIDER === 'http')
      for (const name of [
        'BEIAN_SMS_URL',
        'BEIAN_SMS_KEY',
        'BEIAN_SMS_SIGN_NAME',
        'BEIAN_SMS_TEMPLATE_ID',
      ] as const)
        if (config[name] === undefined)
          ctx.addIssue({ code: 'custom', path: [name], message: 'required with BEIAN_SMS_PROVIDER=http' });
    // One list of the provider's ranges serves the access checks (issue 15) and the monitor (issue 18).
    // The old name still works; two different lists under both names would leave one check wrong, so
    // they are refused rather than one silently winning.
    const { BEIAN_PROVIDER_CIDRS: ranges, BEIAN_ACCESS_IP_RANGES: alias } = config;
    if (ranges !== undefined && alias !== undefined && !sameRanges(ranges, alias))
      ctx.addIssue({ code: 'custom', path: ['BEIAN_ACCESS_IP_RANGES'], message: 'differs' });
  })
  .transform(({ BEIAN_ACCESS_IP_RANGES: alias, ...config }) => ({
    ...config,
    BEIAN_PROVIDER_CIDRS: config.BEIAN_PROVIDER_CIDRS ?? alias,
    // Read into BEIAN_PROVIDER_CIDRS above; nothing reads the old name itself.
    BEIAN_ACCESS_IP_RANGES: undefined,
  }));

export type ConfigVariable = keyof z.input<typeof ENVIRONMENT_SCHEMA>;
/** 运行配置 — the environment as the schema read it. */
export type Config = z.output<typeof ENVIRONMENT_SCHEMA>;

type VariableDoc = {
  /** The default as an operator writes it; none for variables that are off or unset by default. */
  default?: string;
  /** What a bad value must be instead, for the error message. */
  expected: Localized;
  /** What the variable does, for docs/CONFIGURATION.md. */
  meaning: string;
  /** Never repeat the value in an error: it is a credential. */
  secret?: boolean;
};

/** The documentation of every variable of the schema (the type makes a missing one a compile error). */
export const VARIABLE_DOCS: Record<ConfigVariable, VariableDoc> = {
  DATABASE_URL: {
    expected: {
      zh: '须为 postgres:// 或 postgresql:// 开头的网址',
      en: 'must be a postgres:// or postgresql:// URL',
    },
    meaning:
      'PostgreSQL connection URL; selects PostgreSQL instead of the SQLite file (`--db`, default `.beian/beian.db`). Several instances share one database this way.',
    secret: true,
  },
  PORT: {
    default: '8080',
    expected: { zh: '须为 0–65535 的整数', en: 'must be an integer from 0 to 65535' },
    meaning: '`beian serve` listens on this port unless `--port` is given (0: any free port).',
  },
  BEIAN_PUBLIC_URL: {
    expected: { zh: '须为 http:// 或 https:// 开头的网址', en: 'must be an http:// or https:// URL' },
    meaning:
      'The address visitors use, printed on certificates. When it is https, beian is behind a TLS proxy: cookies are `Secure` with `__Host-` names and answers carry HSTS. Default `http://HOST:PORT`.',
  },
  BEIAN_SECRET: {
    expected: {
      zh: `至少需要 ${MIN_SECRET_LENGTH} 个字符`,
      en: `must have at least ${MIN_SECRET_LENGTH} characters`,
    },
    meaning:
      'Key for the HMAC under which session ids and API tokens are stored (at least 32 characters). Several instances need the same key. Unset: read from `BEIAN_SECRET_FILE`.',
    secret: true,
  },
  BEIAN_SECRET_FILE: {
    default: '.beian/secret',
    expected: { zh: '须为文件路径', en: 'must be a file path' },
    meaning:
      'File holding the key when `BEIAN_SECRET` is unset; created with 256 random bits and mode 0600 on first start.',
  },
  BEIAN_TRUST_PROXY: {
    default: '0',
    expected: {
      zh: '须为 0–10 的代理层数，或以逗号分隔的 CIDR 列表（如 10.0.0.0/8,::1）',
      en: 'must be a number of proxy hops from 0 to 10, or a comma-separated list of CIDRs (e.g. 10.0.0.0/8,::1)',
    },
    meaning:
      'Which proxies may name the client in `X-Forwarded-For` (rate limits, sign-in limits, audit). `0`: none, the socket peer is the client. `N`: N proxies in front; the client is the N-th address from the right. CIDR list: proxies at those addresses; the client is the rightmost address not in them.',
  },
  BEIAN_METRICS: {
    default: 'loopback',
    expected: {
      zh: '须为 off、public、loopback 或 token:<至少 32 个字符的口令>',
      en: 'must be off, public, loopback or token:<secret of at least 32 characters>',
    },
    meaning:
      'Who may read `/metrics`: `off` (404), `public`, `loopback` (only a request from 127.0.0.1/::1 that no proxy forwarded), or `token:SECRET` (a `Authorization: Bearer SECRET` header, for a scraper elsewhere).',
    secret: true,
  },
  BEIAN_LOG_LEVEL: {
    expected: { zh: `须为 ${LOG_LEVELS.join('、')} 之一`, en: `must be one of ${LOG_LEVELS.join(', ')}` },
    meaning:
      'Least severity of the JSON log lines `beian serve` writes to stdout: `info` when unset (one line per request), `warn` for `beian start` (the demo, read by a person at a terminal).',
  },
  BEIAN_SHUTDOWN_SECONDS: {
    default: '25',
    expected: { zh: '须为 1–3600 的整数（秒）', en: 'must be a whole number of seconds from 1 to 3600' },
    meaning:
      'After SIGTERM/SIGINT, how long `beian serve` waits for requests in flight and the running job before it cuts them and exits 1. Below the 30 s most supervisors wait before SIGKILL.',
  },
  BEIAN_DOCUMENTS: {
    expected: {
      zh: '须为 database（存入数据库）或 dir（存入目录）',
      en: 'must be database (in the database) or dir (in a directory)',
    },
    meaning:
      "Where uploaded documents are kept: `database` (table `document_file`; needed by several instances on one PostgreSQL, since a file on one instance's disk is a 404 on another) or `dir` (under BEIAN_DOCUMENTS_DIR). Unset: `database` with DATABASE_URL, `dir` on SQLite.",
  },
  BEIAN_DOCUMENTS_DIR: {
    default: '.beian/documents',
    expected: { zh: '须为目录路径', en: 'must be a directory path' },
    meaning: 'Directory of uploaded documents (content-addressed by SHA-256).',
  },
  BEIAN_DOCUMENTS_ACCOUNT_MIB: {
    default: '200',
    expected: {
      zh: `须为 1–${MAX_ACCOUNT_MIB} 的整数（单位 MiB）`,
      en: `must be a whole number of MiB from 1 to ${MAX_ACCOUNT_MIB}`,
    },
    meaning: 'Most MiB of documents one account may store.',
  },
  BEIAN_REVIEW_SLA_WORKDAYS: {
    default: '1',
    expected: {
      zh: `须为 1–${MAX_REVIEW_SLA_WORKDAYS} 的整数（工作日）`,
      en: `must be a whole number of working days from 1 to ${MAX_REVIEW_SLA_WORKDAYS}`,
    },
    meaning:
      'Service level of the provider review (初审), in working days of the official calendar (data/calendar): the /review queue marks an application overdue after the end of the N-th working day since it entered review.',
  },
  BEIAN_OVERRIDES: {
    expected: { zh: '须为文件路径', en: 'must be a file path' },
    meaning: 'Operator override file for the policy data (as `--overrides FILE`).',
  },
  BEIAN_PRECHECK_ONLINE: {
    default: '0',
    expected: { zh: '须为 0 或 1', en: 'must be 0 or 1' },
    meaning:
      '`1`: the API precheck also asks public RDAP/WHOIS servers (on every anonymous caller’s behalf, hence off by default).',
  },
  BEIAN_RDAP_BOOTSTRAP: {
    expected: { zh: '须为文件路径', en: 'must be a file path' },
    meaning: 'An operator’s IANA RDAP bootstrap file (dns.json) instead of the bundled snapshot.',
  },
  BEIAN_WHOIS_SERVERS: {
    expected: { zh: '须为文件路径', en: 'must be a file path' },
    meaning: 'An operator’s WHOIS server list instead of the bundled one.',
  },
  BEIAN_CJK_FONT: {
    expected: { zh: '须为字体文件路径', en: 'must be a font file path' },
    meaning:
      'Font for certificate PDFs, `path` or `path#Face` for a .ttc collection; default Debian’s fonts-noto-cjk, else the optional npm font.',
  },
  BEIAN_SMTP_URL: {
    expected: {
      zh: '须为 smtp:// 或 smtps:// 开头的网址（如 smtps://用户:口令@smtp.example.cn:465）',
      en: 'must be an smtp:// or smtps:// URL (e.g. smtps://user:password@smtp.example.cn:465)',
    },
    meaning:
      'SMTP server for notification e-mail, with its credentials: `smtp://user:pass@host:587` (STARTTLS when the server offers it) or `smtps://…:465` (TLS from the start); user and password percent-encoded. Takes precedence over the BEIAN_SMTP_HOST group. Neither set: e-mail deliveries fail saying so; in-app notices and SMS still go.',
    secret: true,
  },
  BEIAN_SMTP_HOST: {
    expected: { zh: '须为主机名或 IP 地址', en: 'must be a host name or an IP address' },
    meaning:
      'SMTP server host for notification e-mail, when BEIAN_SMTP_URL is unset; with BEIAN_SMTP_PORT, BEIAN_SMTP_SECURE, BEIAN_SMTP_USER and BEIAN_SMTP_PASS.',
  },
  BEIAN_SMTP_PORT: {
    default: '587',
    expected: { zh: '须为 1–65535 的整数', en: 'must be an integer from 1 to 65535' },
    meaning: 'Port of BEIAN_SMTP_HOST: 587 is submission (RFC 6409), 465 submission over TLS (RFC 8314).',
  },
  BEIAN_SMTP_SECURE: {
    default: '0',
    expected: { zh: '须为 0 或 1', en: 'must be 0 or 1' },
    meaning:
      '`1`: TLS from the start (port 465); `0`: plain connection upgraded by STARTTLS when the server offers it.',
  },
  BEIAN_SMTP_USER: {
    expected: { zh: '任意值', en: 'any value' },
    meaning: 'User name for SMTP authentication with BEIAN_SMTP_HOST; unset: no authentication.',
  },
  BEIAN_SMTP_PASS: {
    expected: { zh: '任意值', en: 'any value' },
    meaning: 'Password for BEIAN_SMTP_USER.',
    secret: true,
  },
  BEIAN_MAIL_FROM: {
    expected: {
      zh: '须为发件地址，如 beian@example.cn 或 网站备案系统 <beian@example.cn>；设置了 SMTP 时必填',
      en: 'must be a sender address such as beian@example.cn or Beian <beian@example.cn>; required with SMTP',
    },
    meaning: 'Sender (From) of notification e-mail; required when SMTP is configured.',
  },
  BEIAN_SMS_PROVIDER: {
    default: 'sandbox',
    expected: { zh: '须为 sandbox 或 http', en: 'must be sandbox or http' },
    meaning:
      "Where notification SMS go: `sandbox` writes them to the sandbox SMS outbox (/sandbox/sms); `http` posts them to an SMS provider's API (BEIAN_SMS_URL, BEIAN_SMS_KEY, BEIAN_SMS_SIGN_NAME, BEIAN_SMS_TEMPLATE_ID, all required then; docs/DEPLOYMENT.md). The MIIT sandbox's verification codes stay in the outbox either way.",
  },
  BEIAN_SMS_URL: {
    expected: {
      zh: '须为 https:// 网址（仅本机地址可用 http://），不含用户名；BEIAN_SMS_PROVIDER=http 时必填',
      en: 'must be an https:// URL (http:// only to 127.0.0.1, localhost or [::1]), without a user name; required with BEIAN_SMS_PROVIDER=http',
    },
    meaning:
      "The SMS provider's send endpoint for BEIAN_SMS_PROVIDER=http: a JSON POST per message `{phone, signName, templateId, params: {text}, outId}` with `Authorization: Bearer` BEIAN_SMS_KEY and `Idempotency-Key` (the delivery's Message-ID). 2xx is sent; 408, 425, 429 and 5xx are retried; other 4xx fail the delivery.",
    // Some providers take the key in the query string.
    secret: true,
  },
  BEIAN_SMS_KEY: {
    expected: {
      zh: '须为非空的密钥；BEIAN_SMS_PROVIDER=http 时必填',
      en: 'must be a non-empty key; required with BEIAN_SMS_PROVIDER=http',
    },
    meaning: "The SMS provider's API key, sent as a bearer token.",
    secret: true,
  },
  BEIAN_SMS_SIGN_NAME: {
    expected: {
      zh: '须为 1–20 个字符的短信签名，不含空白和【】；BEIAN_SMS_PROVIDER=http 时必填',
      en: 'must be an SMS signature of 1–20 characters without spaces or 【】; required with BEIAN_SMS_PROVIDER=http',
    },
    meaning:
      'The registered SMS signature (短信签名) the provider prefixes to each message, e.g. `网站备案系统`.',
  },
  BEIAN_SMS_TEMPLATE_ID: {
    expected: {
      zh: '须为 1–64 位字母、数字或 _ . : -；BEIAN_SMS_PROVIDER=http 时必填',
      en: 'must be 1–64 letters, digits or _ . : -; required with BEIAN_SMS_PROVIDER=http',
    },
    meaning:
      'The approved SMS template (短信模板) with one variable, `text`, that carries the notification, e.g. `SMS_123456789`.',
  },
  BEIAN_JOBS_INTERVAL_SECONDS: {
    default: '60',
    expected: { zh: '须为 1–3600 的整数', en: 'must be an integer from 1 to 3600' },
    meaning:
      'How often `beian serve` turns new audit events into notifications and runs due jobs (SMS timeouts, deliveries, reports). A minute is never noticed by a 24-hour deadline; shorter sends notifications sooner.',
  },
  BEIAN_SQLITE_BUSY_TIMEOUT_MS: {
    default: '30000',
    expected: {
      zh: '须为 100–600000 的整数（毫秒）',
      en: 'must be an integer from 100 to 600000 (milliseconds)',
    },
    meaning:
      'SQLite only: how long a transaction waits for another process’s write lock (a CLI import beside `beian serve`) before it fails; a CLI command then exits 75 and can be run again.',
  },
  BEIAN_PROVIDER_CIDRS: {
    expected: {
      zh: '须为以逗号或空白分隔的 IP 段（如 203.0.113.0/24,2001:db8::/32），至多 1000 个',
      en: 'must be IP ranges separated by commas or spaces (e.g. 203.0.113.0/24,2001:db8::/32), at most 1000',
    },
    meaning:
      'The IP ranges this provider declared for its access service (接入), each a CIDR or one address. Resources, access changes and submitted filing service codes must have their IPs inside (`IP_OUTSIDE_PROVIDER_RANGES`), and the compliance monitor (`beian monitor run`, the daily job of `beian serve`) reports a filed website resolving outside them (`SITE_OUTSIDE_PROVIDER`: access moved away, the 空壳 risk). Unset: any public address is accepted and `beian serve` runs no monitor job.',
  },
  BEIAN_MONITOR_DNS_SERVERS: {
    expected: {
      zh: '须为以逗号分隔的解析服务器地址（如 223.5.5.5 或 [2400:3200::1]:53）',
      en: 'must be resolver addresses separated by commas (e.g. 223.5.5.5 or [2400:3200::1]:53)',
    },
    meaning: "Resolvers the monitor asks (`address` or `address:port`); default the system's.",
  },
  BEIAN_MONITOR_CONCURRENCY: {
    default: '20',
    expected: {
      zh: `须为 1–${MAX_MONITOR_CONCURRENCY} 的整数`,
      en: `must be an integer from 1 to ${MAX_MONITOR_CONCURRENCY}`,
    },
    meaning:
      'Websites the monitor checks at once (each host name still gets at most two requests at a time).',
  },
  BEIAN_MONITOR_TIMEOUT_MS: {
    default: '10000',
    expected: { zh: '须为 100–600000 的整数（毫秒）', en: 'must be a whole number of ms from 100 to 600000' },
    meaning: 'Deadline for one home page, redirects included, in milliseconds.',
  },
  BEIAN_MONITOR_MAX_BYTES: {
    default: '2097152',
    expected: {
      zh: '须为 1024–67108864 的整数（字节）',
      en: 'must be a whole number of bytes from 1024 to 67108864',
    },
    meaning: 'Most bytes of a home page the monitor reads; a longer page is cut and reported.',
  },
  BEIAN_MONITOR_WARN_DAYS: {
    default: '30',
    expected: { zh: '须为 1–365 的整数（天）', en: 'must be a whole number of days from 1 to 365' },
    meaning: 'Days before a domain registration or a certificate expires that the monitor starts warning.',
  },
  BEIAN_ACCESS_MIN_TERM_MONTHS: {
    default: '3',
    expected: { zh: '须为 0–120 的整数（月）', en: 'must be a whole number of months from 0 to 120' },
    meaning:
      'Months a filing service code’s server must still have paid at submit (providers ask 3: Huawei Cloud 包周期且不小于3个月; data/access-resources.json).',
  },
  BEIAN_ACCESS_CODES_PER_RESOURCE: {
    default: '5',
    expected: { zh: '须为 1–100 的整数', en: 'must be an integer from 1 to 100' },
    meaning: 'Filing service codes a registered resource issues unless its registration names a number.',
  },
  BEIAN_ACCESS_IP_RANGES: {
    expected: {
      zh: '已弃用，请改用 BEIAN_PROVIDER_CIDRS；须为 IP 段列表，与 BEIAN_PROVIDER_CIDRS 同时设置时须列出相同的 IP 段',
      en: 'is deprecated (use BEIAN_PROVIDER_CIDRS); it must be a list of IP ranges, the same ranges as BEIAN_PROVIDER_CIDRS when both are set',
    },
    meaning:
      'Deprecated alias of BEIAN_PROVIDER_CIDRS (its name before the two settings were one). Still read when BEIAN_PROVIDER_CIDRS is unset, with a warning at start-up; set together with BEIAN_PROVIDER_CIDRS it must list the same ranges (in any order), else beian refuses to start.',
  },
  BEIAN_SERVICE_CODE: {
    default: 'optional',
    expected: { zh: '须为 required 或 optional', en: 'must be required or optional' },
    meaning:
      '`required`: every website needs a filing service code to be submitted. `optional` (default, until resources are registered): a code named is checked, none is allowed.',
  },
  BEIAN_IDENTITY_VERIFICATION: {
    default: 'off',
    expected: { zh: '须为 required 或 off', en: 'must be required or off' },
    meaning:
      '真实性核验 before 初审: `required`: submit waits until every responsible person data/identity-verification.json names for the province has passed verification through their link (applicant page /applications/{id}/identity; API /api/v1/applications/{id}/identity; the link is texted to the person’s mobile). `off` (default): links can be sent and completed the same way, submit does not wait. The default stays off because the only vendor built in is the sandbox, which checks nothing real: see DEPLOYMENT.md, “Identity verification”.',
  },
  NO_COLOR: {
    expected: { zh: '任意值', en: 'any value' },
    meaning: 'Any value turns off colour in the CLI’s terminal output (no-color.org).',
  },
  LC_ALL: {
    expected: { zh: '任意值', en: 'any value' },
    meaning:
      'Locale; a value starting with `zh` makes the CLI speak Chinese (before LC_MESSAGES and LANG; `--lang` wins).',
  },
  LC_MESSAGES: {
    expected: { zh: '任意值', en: 'any value' },
    meaning: 'Locale of messages, when LC_ALL is unset.',
  },
  LANG: {
    expected: { zh: '任意值', en: 'any value' },
    meaning: 'Locale, when LC_ALL and LC_MESSAGES are unset.',
  },
};

/** A variable with a value the schema refuses; exit code 2 in the CLI. */
export class ConfigError extends LocalizedError {
  readonly variable: ConfigVariable;
  constructor(variable: ConfigVariable, messages: Localized) {
    super(messages);
    this.variable = variable;
  }
}

const VARIABLES = Object.keys(VARIABLE_DOCS) as ConfigVariable[];

/** The schema's variables, set and not empty. */
function known(env: Readonly<Record<string, string | undefined>>): Partial<Record<ConfigVariable, string>> {
  const picked: Partial<Record<ConfigVariable, string>> = {};
  for (const name of VARIABLES) {
    const value = env[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  return picked;
}

/** Reads the environment through the schema; throws ConfigError naming the first bad variable. */
export function readConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const raw = known(env);
  const parsed = ENVIRONMENT_SCHEMA.safeParse(raw);
  if (parsed.success) return parsed.data;
  const variable = String(parsed.error.issues[0]?.path[0] ?? '') as ConfigVariable;
  const doc = VARIABLE_DOCS[variable];
  // Unset (a variable another one requires, such as BEIAN_MAIL_FROM with SMTP) has no value to show.
  const value = doc.secret ? undefined : raw[variable];
  throw new ConfigError(variable, {
    zh: `环境变量 ${variable} ${doc.expected.zh}${value === undefined ? '' : `（当前为 ${value}）`}`,
    en: `environment variable ${variable} ${doc.expected.en}${value === undefined ? '' : `: ${value}`}`,
  });
}

/** A variable still read under an old name: what start-up warns about. */
export type ConfigWarning = { variable: ConfigVariable; message: Localized };

/** The deprecated variables `env` sets, each with what to write instead (logged at start-up). */
export function configWarnings(env: Readonly<Record<string, string | undefined>>): ConfigWarning[] {
  const raw = known(env);
  if (raw.BEIAN_ACCESS_IP_RANGES === undefined) return [];
  return [
    {
      variable: 'BEIAN_ACCESS_IP_RANGES',
      message: {
        zh: '环境变量 BEIAN_ACCESS_IP_RANGES 已弃用，请改名为 BEIAN_PROVIDER_CIDRS（同一组接入商 IP 段，备案资源核验和合规巡检共用）',
        en: 'environment variable BEIAN_ACCESS_IP_RANGES is deprecated: rename it BEIAN_PROVIDER_CIDRS (the one list of provider ranges that resource checks and the compliance monitor share)',
      },
    },
  ];
}

/** The locale variables alone: they can never be bad, so the language of an error is always known. */
export function localeOf(env: Readonly<Record<string, string | undefined>>): string {
  const raw = known(env);
  return raw.LC_ALL || raw.LC_MESSAGES || raw.LANG || '';
}

/** The variables in table order, for the generated document. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = VARIABLES;
