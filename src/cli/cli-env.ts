/** What every command gets: streams, language, and lazily the policy data, the database and facts. */
import type { Writable } from 'node:stream';
import { parseDeclaredRanges, readConfig } from '../config/index.ts';
import type { Config } from '../config/index.ts';
import type { AccessSettings, IdentitySettings } from '../workflow/index.ts';
import { LocalizedError } from '../shared/index.ts';
import { loadPolicy } from '../policy/index.ts';
import type { PolicyData } from '../policy/index.ts';
import type { Database } from '../store/index.ts';
import type { Checker } from '../checking/index.ts';
import type { Lang } from './lang.ts';

/** Bad flags or arguments: exit code 2, with a message in both languages naming the option. */
export class UsageError extends LocalizedError {}

/** `subjectIdType` → `subject-id-type`. */
export const optionName = (field: string): string => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export type CliEnv = {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly lang: Lang;
  readonly colour: boolean;
  /** The environment as the configuration schema read it (src/config). */
  readonly config: Config;
  policy(): PolicyData;
  database(): Promise<Database>;
  checker(): Promise<Checker>;
  close(): Promise<void>;
};

export function createCliEnv(options: {
  stdout: CliEnv['stdout'];
  stderr: CliEnv['stderr'];
  lang: Lang;
  db?: string | undefined;
  overrides?: string | undefined;
  env?: NodeJS.ProcessEnv;
}): CliEnv {
  const config = readConfig(options.env ?? process.env);
  let policy: PolicyData | undefined;
  let database: Promise<Database> | undefined;
  const overridesFile = options.overrides ?? config.BEIAN_OVERRIDES;
  const self: CliEnv = {
    stdout: options.stdout,
    stderr: options.stderr,
    lang: options.lang,
    colour: options.stdout.isTTY === true && config.NO_COLOR === undefined,
    config,
    policy() {
      if (!policy) policy = loadPolicy(overridesFile ? { overridesFile } : {});
      return policy;
    },
    database() {
      // --db wins; else DATABASE_URL selects PostgreSQL; else the embedded SQLite file.
      // The store (Kysely, better-sqlite3, pg) loads with the first command that needs a database.
      database ??= import('../store/index.ts').then(({ openDatabase }) =>
        openDatabase({
          ...(options.db !== undefined ? { path: options.db } : { url: config.DATABASE_URL }),
          busyTimeoutMs: config.BEIAN_SQLITE_BUSY_TIMEOUT_MS,
        }),
      );
      return database;
    },
    async checker() {
      const { createFactsStore } = await import('../store/index.ts');
      return { policy: self.policy(), facts: createFactsStore(await self.database()) };
    },
    async close() {
      if (database) await (await database).destroy();
    },
  };
  return self;
}

/** 接入资源设置 from the configuration, for `beian serve` and `beian resources`. */
/** 真实性核验 settings from BEIAN_IDENTITY_VERIFICATION; the vendor is the sandbox (the only one built in). */
export function identitySettingsOf(config: Config): IdentitySettings {
  return { mode: config.BEIAN_IDENTITY_VERIFICATION };
}

export function accessSettingsOf(config: Config): AccessSettings {
  return {
    minTermMonths: config.BEIAN_ACCESS_MIN_TERM_MONTHS,
    codesPerResource: config.BEIAN_ACCESS_CODES_PER_RESOURCE,
    // The one list of provider ranges (BEIAN_PROVIDER_CIDRS), shared with the compliance monitor.
    ranges:
      config.BEIAN_PROVIDER_CIDRS === undefined ? null : parseDeclaredRanges(config.BEIAN_PROVIDER_CIDRS),
    serviceCode: config.BEIAN_SERVICE_CODE,
  };
}
