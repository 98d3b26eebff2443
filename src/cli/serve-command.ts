/**
 * `beian serve [--port N] [--host H]`: the web app and its HTTP API on 127.0.0.1 by default (a
 * deployment puts its TLS proxy in front), over the database and policy every other command uses.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppSecrets } from '../http/app.ts';
import { defaultSmsSecret } from '../http/app.ts';
import type { AppEnv } from '../http/context.ts';
import type { JobHandler } from '../jobs/index.ts';
import { runDueJobs } from '../jobs/index.ts';
import { createSandboxGateway, createSandboxSmsGateway } from '../miit/index.ts';
import { configWarnings, readConfig } from '../config/index.ts';
import type { Config } from '../config/index.ts';
import { collectOrphanDocuments, configuredDocumentStore } from '../documents/index.ts';
import type { DocumentStore } from '../documents/index.ts';
import type { Logger } from '../http/logging.ts';
import { createLogger } from '../http/logging.ts';
import { createMetrics } from '../http/metrics.ts';
import type { NotificationChannels } from '../notifications/index.ts';
import {
  createHttpSmsGateway,
  createSmtpTransport,
  httpSmsConfigFrom,
  notificationJobHandlers,
  runNotificationPass,
  smtpConfigFrom,
} from '../notifications/index.ts';
import { onlineFactsFromFiles } from '../online/index.ts';
import { monitorFromConfig, monitorJobHandlers, scheduleMonitor } from '../monitor/index.ts';
import { createRegistrarSandbox } from '../registrar/index.ts';
import { createFactsStore } from '../store/index.ts';
import type { Database } from '../store/index.ts';
import { createWebApp } from '../web/index.ts';
import { workflowJobHandlers } from '../workflow/index.ts';
import type { CliEnv } from './cli-env.ts';
import { accessSettingsOf, identitySettingsOf, UsageError } from './cli-env.ts';
import { DEMO_PASSWORD, demoLoginLines, loadDemoSite } from './demo-site.ts';

export const SERVE_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
} as const;

/** The path of the public page that checks a domain certificate's verification code (src/web). */
export const CERTIFICATE_VERIFY_PATH = '/certificates/verify';

const DEFAULT_HOST = '127.0.0.1';
const MIN_SECRET_LENGTH = 32;

/**
 * The credential key: BEIAN_SECRET, else the file BEIAN_SECRET_FILE (default .beian/secret), created
 * with 256 random bits and mode 0600 on first start so that sessions and tokens survive restarts.
 */
export function loadSecrets(env: NodeJS.ProcessEnv): AppSecrets {
  const config = readConfig(env);
  if (config.BEIAN_SECRET !== undefined) return { credentialKey: config.BEIAN_SECRET };
  const file = resolve(config.BEIAN_SECRET_FILE);
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

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError({
      zh: '--port 须为 0–65535 的整数',
      en: '--port must be an integer from 0 to 65535',
    });
  }
  return port;
}

export type RunningServer = {
  url: string;
  /** Closes at once, cutting requests in flight (tests, and a second signal). */
  close(): Promise<void>;
  /**
   * Stops accepting, lets the requests in flight finish (their connections then close), and resolves
   * `drained`, or `cut` when the deadline came first and the rest were closed.
   */
  drain(deadlineMs: number): Promise<'drained' | 'cut'>;
  /** Requests received and not yet answered. */
  inFlight(): number;
};

/** Once a minute by default (BEIAN_JOBS_INTERVAL_SECONDS): SMS timeouts are 24 h and expiry 45 days. */
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
  options: {
    now: () => Date;
    intervalMs?: number;
    onError: (error: unknown) => void;
    /** Runs first on every tick (the notification pass, which creates the jobs that send). */
    before?: (now: Date) => Promise<unknown>;
  },
): JobTimer {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    const now = options.now();
    running ??= (options.before ? options.before(now) : Promise.resolve())
      .then(() => runDueJobs(database, handlers, now))
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

/**
 * The notification channels: SMTP from BEIAN_SMTP_URL or BEIAN_SMTP_HOST (none: e-mail deliveries fail
 * saying so), and SMS through the provider's HTTP API (BEIAN_SMS_PROVIDER=http) or the sandbox outbox.
 */
function notificationChannels(config: Config, database: Database): NotificationChannels {
  const smtp = smtpConfigFrom(config);
  const http = httpSmsConfigFrom(config);
  return {
    email: smtp === null ? null : createSmtpTransport(smtp),
    sms: http === null ? createSandboxSmsGateway(database.kysely) : createHttpSmsGateway(http),
  };
}

/** Once a day: orphans wait out a 24-hour grace period anyway (src/documents/orphans.ts). */
const DOCUMENT_COLLECTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * Collects orphan documents once a day (`beian documents gc` by hand), one run at a time, on an
 * unref'd timer; `stop` waits for a run under way.
 */
function startDocumentCollection(
  database: Database,
  store: DocumentStore,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } {
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
    const open = new Set<ServerResponse>();
    let draining = false;
    const server = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host },
      (info: AddressInfo) => {
        server.off('error', rejectStart);
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        const closed = new Promise<void>((resolveClosed) => server.once('close', () => resolveClosed()));
        resolveStart({
          url: `http://${host}:${info.port}`,
          close: () =>
            new Promise((resolveClose, rejectClose) => {
              server.close((error) => (error ? rejectClose(error) : resolveClose()));
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
          async drain(deadlineMs) {
            draining = true;
            // An answer still to come ends its connection: keep-alive would hold the server open.
            for (const response of open) if (!response.headersSent) response.setHeader('Connection', 'close');
            server.close();
            if ('closeIdleConnections' in server) server.closeIdleConnections();
            let timer: NodeJS.Timeout | undefined;
            const deadline = new Promise<'cut'>((resolveDeadline) => {
              timer = setTimeout(() => resolveDeadline('cut'), deadlineMs);
            });
            const outcome = await Promise.race([closed.then(() => 'drained' as const), deadline]);
            clearTimeout(timer);
            if (outcome === 'cut' && 'closeAllConnections' in server) server.closeAllConnections();
            return outcome;
          },
          inFlight: () => open.size,
        });
      },
    );
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      open.add(response);
      if (draining) response.setHeader('Connection', 'close');
      const done = () => open.delete(response);
      response.once('finish', done);
      response.once('close', done);
    });
    server.once('error', rejectStart);
  });
}

const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);

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

/** Exit codes of a second signal, 128 + its number (the shell's convention). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Resolves at the first SIGINT/SIGTERM; a second one exits at once (an operator who presses Ctrl+C
 * twice, or a supervisor that gave up, does not wait for the drain).
 */
function untilSignal(onSecond: (signal: NodeJS.Signals) => void): Promise<NodeJS.Signals> {
  return new Promise((resolveStop) => {
    const first = (signal: NodeJS.Signals) => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      const second = (again: NodeJS.Signals) => {
        onSecond(again);
        process.exit(SIGNAL_EXIT[again as keyof typeof SIGNAL_EXIT] ?? 1);
      };
      process.once('SIGINT', second);
      process.once('SIGTERM', second);
      resolveStop(signal);
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}

/**
 * Serves until SIGINT/SIGTERM (or `stop`, for tests); returns the exit code. On the signal: /readyz
 * answers 503, the listener closes, requests in flight and the running job finish, the timers stop and
 * (in main) the pool closes; 0 when all that happened within BEIAN_SHUTDOWN_SECONDS, else the rest is
 * cut and the code is 1.
 */
export async function runServe(
  env: CliEnv,
  values: Record<string, unknown>,
  processEnv: NodeJS.ProcessEnv = process.env,
  stop?: Promise<void>,
  options: { demo?: boolean } = {},
): Promise<number> {
  const config = readConfig(processEnv);
  const port = parsePort(values.port as string | undefined, config.PORT);
  const host = (values.host as string | undefined) ?? DEFAULT_HOST;
  const secrets = loadSecrets(processEnv);
  // The demo (`beian start`) is for a person at a terminal: request lines only when asked for.
  const level = config.BEIAN_LOG_LEVEL ?? (options.demo ? 'warn' : 'info');
  const logger = createLogger({ level, destination: env.stdout });
  // A deprecated name still works (docs/CONFIGURATION.md); the log says once what to rename.
  for (const warning of configWarnings(processEnv))
    logger.warn({ variable: warning.variable }, warning.message.en);
  const database = await env.database();
  const documents = configuredDocumentStore(config, database);
  const policy = env.policy();
  const demo = options.demo ? await loadDemoSite(database, policy, new Date()) : null;
  const gateway = createSandboxGateway({
    database,
    policy,
    smsSecret: defaultSmsSecret(secrets.credentialKey),
  });
  // Printed on every certificate; BEIAN_PUBLIC_URL names the address visitors use behind a proxy.
  const publicUrl = config.BEIAN_PUBLIC_URL ?? `http://${urlHost(host)}:${port}`;
  const channels = notificationChannels(config, database);
  const registrar = createRegistrarSandbox({
    database,
    policy,
    verifyUrl: `${publicUrl}${CERTIFICATE_VERIFY_PATH}`,
    fontPath: config.BEIAN_CJK_FONT,
  });
  let draining = false;
  // 合规巡检 (issue 18): campaigns once the provider declares its ranges (BEIAN_PROVIDER_CIDRS);
  // without them every website would read as moved away.
  const monitor =
    config.BEIAN_PROVIDER_CIDRS === undefined
      ? null
      : () => monitorFromConfig(config, { facts: createFactsStore(database), policy });
  const app = createWebApp({
    monitor,
    db: database,
    policy,
    facts: createFactsStore(database),
    secrets,
    // https here means a TLS proxy in front: Secure `__Host-` cookies and HSTS (issue 12).
    publicUrl,
    gateway,
    registrar,
    documents,
    // Opt-in (issue 6): every online precheck asks public RDAP/WHOIS servers for an anonymous caller.
    online: config.BEIAN_PRECHECK_ONLINE
      ? onlineFactsFromFiles(
          { rdapBootstrap: config.BEIAN_RDAP_BOOTSTRAP, whoisServers: config.BEIAN_WHOIS_SERVERS },
          database,
        )
      : null,
    trustProxy: config.BEIAN_TRUST_PROXY,
    logger,
    metrics: createMetrics({ processMetrics: true }),
    metricsAccess: config.BEIAN_METRICS,
    reviewServiceLevelWorkdays: config.BEIAN_REVIEW_SLA_WORKDAYS,
    isDraining: () => draining,
    access: accessSettingsOf(config),
    identity: identitySettingsOf(config),
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
  const monitorHandlers = monitor ? monitorJobHandlers(monitor) : {};
  if (monitor) await scheduleMonitor(database, new Date());
  const handlers = {
    ...workflowJobHandlers({ gateway }),
    ...registrar.jobHandlers(),
    ...notificationJobHandlers(channels),
    ...monitorHandlers,
  };
  const jobs = startJobTimer(database, handlers, {
    now: () => new Date(),
    before: (now) => runNotificationPass(database, { publicUrl }, now),
    intervalMs: config.BEIAN_JOBS_INTERVAL_SECONDS * 1000,
    onError: (error) => logger.error({ err: error }, 'jobs: run failed'),
  });
  const collection = startDocumentCollection(database, documents, (error) =>
    logger.error({ err: error }, 'documents gc failed'),
  );
  if (host !== DEFAULT_HOST && host !== 'localhost' && host !== '::1') {
    env.stderr.write(
      env.lang === 'zh'
        ? 'beian: 注意：API 对网络开放，请在前面加 HTTPS 反向代理\n'
        : 'beian: note: the API is reachable from the network; put an HTTPS reverse proxy in front\n',
    );
  }
  // Listening for signals only now: a failed start must not leave Ctrl+C swallowed.
  const signal = await (stop ??
    untilSignal((again) => logger.warn({ signal: again }, 'second signal: exiting now')));
  return shutDown(
    { server, jobs, collection, logger, deadlineMs: config.BEIAN_SHUTDOWN_SECONDS * 1000 },
    () => {
      draining = true;
    },
    typeof signal === 'string' ? signal : 'stop',
  );
}

/** The drain after the first signal, under one deadline for the requests and the running job. */
async function shutDown(
  parts: {
    server: RunningServer;
    jobs: { stop(): Promise<void> };
    collection: { stop(): Promise<void> };
    logger: Logger;
    deadlineMs: number;
  },
  startDraining: () => void,
  signal: string,
): Promise<number> {
  const { server, logger } = parts;
  startDraining();
  const started = Date.now();
  const inFlight = server.inFlight();
  // Logged once the listener is closed: whoever reads the line may rely on new connections failing.
  const requests = server.drain(parts.deadlineMs);
  logger.info({ signal, inFlight, deadlineMs: parts.deadlineMs }, 'shutting down');
  let timer: NodeJS.Timeout | undefined;
  const background = Promise.all([parts.jobs.stop(), parts.collection.stop()]).then(() => 'done' as const);
  const deadline = new Promise<'cut'>((resolveDeadline) => {
    timer = setTimeout(() => resolveDeadline('cut'), parts.deadlineMs);
  });
  const [requestsOutcome, backgroundOutcome] = await Promise.all([
    requests,
    Promise.race([background, deadline]),
  ]);
  clearTimeout(timer);
  const clean = requestsOutcome === 'drained' && backgroundOutcome === 'done';
  if (clean) logger.info({ ms: Date.now() - started }, 'stopped');
  else
    logger.error(
      { ms: Date.now() - started, requests: requestsOutcome, jobs: backgroundOutcome },
      'shutdown deadline passed: cut what was still running',
    );
  return clean ? 0 : 1;
}
