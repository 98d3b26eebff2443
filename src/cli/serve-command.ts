/**
 * `beian serve [--port N] [--host H]`: the web app and its HTTP API on 127.0.0.1 by default (a
 * deployment puts its TLS proxy in front), over the database and policy every other command uses.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppSecrets } from '../http/app.ts';
import { defaultSmsSecret } from '../http/app.ts';
import type { AppEnv } from '../http/context.ts';
import type { JobHandler } from '../jobs/index.ts';
import { runDueJobs } from '../jobs/index.ts';
import { createSandboxGateway } from '../miit/index.ts';
import {
  collectOrphanDocuments,
  createDocumentStore,
  documentsDirFromEnv,
  maxAccountBytesFromEnv,
} from '../documents/index.ts';
import { LocalizedError } from '../shared/index.ts';
import { monitorFromEnv, monitorJobHandlers, scheduleMonitor } from '../monitor/index.ts';
import { onlineFactsFromEnv } from '../online/index.ts';
import { createRegistrarSandbox } from '../registrar/index.ts';
import { createFactsStore } from '../store/index.ts';
import type { Database } from '../store/index.ts';
import { createWebApp } from '../web/index.ts';
import { workflowJobHandlers } from '../workflow/index.ts';
import type { CliEnv } from './cli-env.ts';
import { UsageError } from './cli-env.ts';
import { DEMO_PASSWORD, demoLoginLines, loadDemoSite } from './demo-site.ts';

export const SERVE_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
} as const;

/** The path of the public page that checks a domain certificate's verification code (src/web). */
export const CERTIFICATE_VERIFY_PATH = '/certificates/verify';

const DEFAULT_PORT = 8080;
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_SECRET_FILE = '.beian/secret';
const MIN_SECRET_LENGTH = 32;

/**
 * The credential key: BEIAN_SECRET, else the file BEIAN_SECRET_FILE (default .beian/secret), created
 * with 256 random bits and mode 0600 on first start so that sessions and tokens survive restarts.
 */
export function loadSecrets(env: NodeJS.ProcessEnv): AppSecrets {
  const fromEnv = env.BEIAN_SECRET;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new UsageError({
        zh: `BEIAN_SECRET 至少需要 ${MIN_SECRET_LENGTH} 个字符`,
        en: `BEIAN_SECRET must have at least ${MIN_SECRET_LENGTH} characters`,
      });
    }
    return { credentialKey: fromEnv };
  }
  const file = resolve(env.BEIAN_SECRET_FILE || DEFAULT_SECRET_FILE);
  try {
    mkdirSync(dirname(file), { recursive: true });
    // `wx`: never overwrite a key that exists (two servers starting at once keep the first one's).
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < MIN_SECRET_LENGTH) {
    throw new UsageError({
      zh: `密钥文件 ${file} 过短（至少 ${MIN_SECRET_LENGTH} 个字符）`,
      en: `secret file ${file} is too short (at least ${MIN_SECRET_LENGTH} characters)`,
    });
  }
  return { credentialKey: key };
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError({
      zh: '--port 须为 0–65535 的整数',
      en: '--port must be an integer from 0 to 65535',
    });
  }
  return port;
}

export type RunningServer = { url: string; close(): Promise<void> };

/** Once a minute: SMS timeouts are 24 h and expiry 45 days, so a minute late is never noticed. */
const JOB_INTERVAL_MS = 60_000;

type JobTimer = { tick(): Promise<void>; stop(): Promise<void> };

/**
 * Runs due jobs on an interval, one run at a time (a slow run is not stacked on), with the clock
 * injected. The timer is unref'd so it never keeps the process alive; `stop` waits for a run under way
 * so the database is not closed beneath it.
 */
export function startJobTimer(
  database: Database,
  handlers: Readonly<Record<string, JobHandler>>,
  options: { now: () => Date; intervalMs?: number; onError: (error: unknown) => void },
): JobTimer {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= runDueJobs(database, handlers, options.now())
      .then(() => undefined, options.onError)
      .finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? JOB_INTERVAL_MS);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** BEIAN_DOCUMENTS_ACCOUNT_MIB as a usage error when it is not a number of MiB. */
function accountCap(env: NodeJS.ProcessEnv): number {
  try {
    return maxAccountBytesFromEnv(env);
  } catch (error) {
    if (error instanceof LocalizedError) throw new UsageError(error.messages);
    throw error;
  }
}

/** Once a day: orphans wait out a 24-hour grace period anyway (src/documents/orphans.ts). */
const DOCUMENT_COLLECTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * Collects orphan documents once a day (`beian documents gc` by hand), one run at a time, on an
 * unref'd timer; `stop` waits for a run under way.
 */
function startDocumentCollection(
  database: Database,
  dir: string,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } {
  const store = createDocumentStore({ dir });
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    running ??= collectOrphanDocuments({ database, store, now: new Date() })
      .then(() => undefined, onError)
      .finally(() => (running = null));
  }, DOCUMENT_COLLECTION_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** Listens on host:port (0: any free port) and resolves once listening. */
export function startServer(
  app: Hono<AppEnv>,
  options: { port: number; host: string },
): Promise<RunningServer> {
  return new Promise((resolveStart, rejectStart) => {
    const server = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host },
      (info: AddressInfo) => {
        server.off('error', rejectStart);
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolveStart({
          url: `http://${host}:${info.port}`,
          close: () =>
            new Promise((resolveClose, rejectClose) => {
              server.close((error) => (error ? rejectClose(error) : resolveClose()));
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once('error', rejectStart);
  });
}

const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** BEIAN_PUBLIC_URL without trailing slashes; anything but an http(s) URL is a usage error. */
function parsePublicUrl(value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new UsageError({
      zh: `BEIAN_PUBLIC_URL 须为 http:// 或 https:// 开头的网址：${value}`,
      en: `BEIAN_PUBLIC_URL must be an http:// or https:// URL: ${value}`,
    });
  }
  return value.replace(/\/+$/, '');
}

async function printDemoLogins(
  env: CliEnv,
  database: Database,
  url: string,
  loadedNow: boolean,
): Promise<void> {
  const zh = env.lang === 'zh';
  const lines = [
    loadedNow
      ? zh
        ? '已载入演示数据（每个常见问题都有对应的域名，见 README）。'
        : 'Demo data loaded (a domain for every FAQ question; see the README).'
      : zh
        ? '演示数据此前已载入，保留现有数据。'
        : 'Demo data was loaded before; the database is kept as it is.',
    zh
      ? `打开 ${url}/ ，用以下演示账号登录（密码均为 ${DEMO_PASSWORD}）：`
      : `Open ${url}/ and sign in with a demo login (password ${DEMO_PASSWORD} for all):`,
    ...(await demoLoginLines(database, env.lang)),
  ];
  env.stdout.write(`${lines.join('\n')}\n`);
}

function untilSignal(): Promise<void> {
  return new Promise((resolveStop) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Serves until SIGINT/SIGTERM (or `stop`, for tests); returns the exit code. */
export async function runServe(
  env: CliEnv,
  values: Record<string, unknown>,
  processEnv: NodeJS.ProcessEnv = process.env,
  stop?: Promise<void>,
  options: { demo?: boolean } = {},
): Promise<number> {
  const port = parsePort((values.port as string | undefined) ?? (processEnv.PORT || undefined));
  const host = (values.host as string | undefined) ?? DEFAULT_HOST;
  const secrets = loadSecrets(processEnv);
  const database = await env.database();
  const policy = env.policy();
  const demo = options.demo ? await loadDemoSite(database, policy, new Date()) : null;
  const gateway = createSandboxGateway({
    database,
    policy,
    smsSecret: defaultSmsSecret(secrets.credentialKey),
  });
  // Printed on every certificate; BEIAN_PUBLIC_URL names the address visitors use behind a proxy.
  const publicUrl = parsePublicUrl(processEnv.BEIAN_PUBLIC_URL || `http://${urlHost(host)}:${port}`);
  const registrar = createRegistrarSandbox({
    database,
    policy,
    verifyUrl: `${publicUrl}${CERTIFICATE_VERIFY_PATH}`,
  });
  const app = createWebApp({
    db: database,
    policy,
    facts: createFactsStore(database),
    secrets,
    // https here means a TLS proxy in front: Secure `__Host-` cookies and HSTS (issue 12).
    publicUrl,
    gateway,
    registrar,
    documentsDir: documentsDirFromEnv(processEnv),
    maxAccountDocumentBytes: accountCap(processEnv),
    // Opt-in (issue 6): every online precheck asks public RDAP/WHOIS servers for an anonymous caller.
    online: processEnv.BEIAN_PRECHECK_ONLINE === '1' ? onlineFactsFromEnv(processEnv, database) : null,
  });
  let server: RunningServer;
  try {
    server = await startServer(app, { port, host });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError({
      zh: `无法监听 ${host}:${port}：${message}`,
      en: `cannot listen on ${host}:${port}: ${message}`,
    });
  }
  const text = {
    zh: `beian 已启动：${server.url}/（API：${server.url}/api/v1/，OpenAPI：${server.url}/api/v1/openapi.json），按 Ctrl+C 停止\n`,
    en: `beian listening on ${server.url}/ (API: ${server.url}/api/v1/, OpenAPI: ${server.url}/api/v1/openapi.json); Ctrl+C stops it\n`,
  };
  env.stdout.write(text[env.lang]);
  if (demo) await printDemoLogins(env, database, server.url, demo.loaded);
  // 合规巡检 (issue 18): a daily campaign once the provider declares its ranges (BEIAN_PROVIDER_CIDRS);
  // without them every website would read as moved away.
  const monitoring = Boolean(processEnv.BEIAN_PROVIDER_CIDRS);
  const monitorHandlers = monitoring
    ? monitorJobHandlers(() => monitorFromEnv(processEnv, { facts: createFactsStore(database), policy }))
    : {};
  if (monitoring) await scheduleMonitor(database.kysely, new Date());
  const handlers = { ...workflowJobHandlers({ gateway }), ...registrar.jobHandlers(), ...monitorHandlers };
  const jobs = startJobTimer(database, handlers, {
    now: () => new Date(),
    onError: (error) =>
      env.stderr.write(`beian: jobs: ${error instanceof Error ? error.message : String(error)}\n`),
  });
  const collection = startDocumentCollection(database, documentsDirFromEnv(processEnv), (error) =>
    env.stderr.write(`beian: documents gc: ${error instanceof Error ? error.message : String(error)}\n`),
  );
  if (host !== DEFAULT_HOST && host !== 'localhost' && host !== '::1') {
    env.stderr.write(
      env.lang === 'zh'
        ? 'beian: 注意：API 对网络开放，请在前面加 HTTPS 反向代理\n'
        : 'beian: note: the API is reachable from the network; put an HTTPS reverse proxy in front\n',
    );
  }
  // Listening for signals only now: a failed start must not leave Ctrl+C swallowed.
  await (stop ?? untilSignal());
  await jobs.stop();
  await collection.stop();
  await server.close();
  return 0;
}
