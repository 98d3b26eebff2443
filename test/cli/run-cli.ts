/** Runs `beian` in-process with captured output, and gives CLI tests a database on each dialect. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { main } from '../../src/cli/main.ts';

export type CliRun = { code: number; stdout: string; stderr: string };

class Capture extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = { LANG: 'C' },
  stderrIsTerminal = false,
): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  stderr.isTTY = stderrIsTerminal;
  const code = await main(argv, { stdout, stderr }, env);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export type TestLocation = {
  name: 'sqlite' | 'postgres';
  skip: string | false;
  /** A fresh, empty database: a SQLite file path or a PostgreSQL URL, for `--db`. */
  create(): Promise<string>;
  drop(): Promise<void>;
};

/** SQLite always; PostgreSQL when BEIAN_TEST_PG_URL is set, and required when CI is set. */
export function testLocations(env: NodeJS.ProcessEnv = process.env): TestLocation[] {
  let dir = '';
  const sqlite: TestLocation = {
    name: 'sqlite',
    skip: false,
    create() {
      dir = mkdtempSync(join(tmpdir(), 'beian-cli-'));
      return Promise.resolve(join(dir, 'beian.db'));
    },
    drop() {
      if (dir) rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
  const adminUrl = env.BEIAN_TEST_PG_URL;
  let name = '';
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const postgres: TestLocation = {
    name: 'postgres',
    skip: adminUrl || env.CI ? false : 'BEIAN_TEST_PG_URL not set',
    async create() {
      if (!adminUrl)
        throw new Error('BEIAN_TEST_PG_URL is not set; CI must run the CLI scenarios on PostgreSQL');
      name = `beian_cli_${process.pid}_${randomBytes(4).toString('hex')}`;
      await admin(`create database ${name} strategy file_copy`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async drop() {
      if (name) await admin(`drop database if exists ${name} with (force)`);
    },
  };
  return [sqlite, postgres];
}
