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
/** Bounds a hop count: more than 10 proxies in front of one service is a configuration mistake. */
const MAX_PROXY_HOPS = 10;

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

/** 接入商地址段 — the provider's declared CIDRs, comma separated. */
const rangesSchema = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const ranges = text.split(',').map(parseRange);
    if (ranges.length === 0 || ranges.length > 1000 || ranges.some((range) => range === null)) {
      ctx.addIssue({ code: 'custom', message: 'not a list of CIDRs' });
      return z.NEVER;
    }
    return ranges.filter((range) => range !== null);
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

/**
 * The schema itself. Every key is an environment variable; an empty value counts as unset (a unit
 * file's empty `Environment=NAME=` clears a variable rather than setting it to nothing).
 */
export const ENVIRONMENT_SCHEMA = z.object({
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
  BEIAN_OVERRIDES: path.optional(),
  BEIAN_PRECHECK_ONLINE: z
    .enum(['0', '1'])
    .transform((value) => value === '1')
    .default(false),
  BEIAN_RDAP_BOOTSTRAP: path.optional(),
  BEIAN_WHOIS_SERVERS: path.optional(),
  BEIAN_CJK_FONT: path.optional(),
  BEIAN_ACCESS_MIN_TERM_MONTHS: integerIn(0, 120).default(3),
  BEIAN_ACCESS_CODES_PER_RESOURCE: integerIn(1, 100).default(5),
  BEIAN_ACCESS_IP_RANGES: rangesSchema.optional(),
  BEIAN_SERVICE_CODE: z.enum(['required', 'optional']).default('optional'),
  NO_COLOR: z.string().optional(),
  LC_ALL: z.string().optional(),
  LC_MESSAGES: z.string().optional(),
  LANG: z.string().optional(),
});

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
      zh: '须为以逗号分隔的 CIDR 列表（如 47.96.0.0/16,2408:4000::/32）',
      en: 'must be a comma-separated list of CIDRs (e.g. 47.96.0.0/16,2408:4000::/32)',
    },
    meaning:
      'The provider’s declared address ranges: resources, access changes and submitted codes must have their IPs inside. Unset: none declared, any public address.',
  },
  BEIAN_SERVICE_CODE: {
    default: 'optional',
    expected: { zh: '须为 required 或 optional', en: 'must be required or optional' },
    meaning:
      '`required`: every website needs a filing service code to be submitted. `optional` (default, until resources are registered): a code named is checked, none is allowed.',
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
  const shown = doc.secret ? '' : `: ${raw[variable] ?? ''}`;
  throw new ConfigError(variable, {
    zh: `环境变量 ${variable} ${doc.expected.zh}${shown ? `（当前为 ${raw[variable] ?? ''}）` : ''}`,
    en: `environment variable ${variable} ${doc.expected.en}${shown}`,
  });
}

/** The locale variables alone: they can never be bad, so the language of an error is always known. */
export function localeOf(env: Readonly<Record<string, string | undefined>>): string {
  const raw = known(env);
  return raw.LC_ALL || raw.LC_MESSAGES || raw.LANG || '';
}

/** The variables in table order, for the generated document. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = VARIABLES;
