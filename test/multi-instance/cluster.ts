/**
 * Several `beian serve` processes on one PostgreSQL database, for the multi-instance and fault tests
 * (issue 14): each a child process (`node --import tsx src/cli/main.ts serve --port 0`), its address
 * read from the line it prints once listening. The database is a fresh test database; the accounts,
 * sessions and domain registrations are made directly, as the other API tests make them.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { usccCheckChar } from '../../src/filing/certificates.ts';
import { importRegistrations } from '../../src/imports/index.ts';
import type { Database } from '../../src/store/index.ts';
import { CREDENTIAL_KEY, createRoleAccounts, createTestAccount, sessionFor } from '../support/app-fixture.ts';
import { SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE } from '../workflow/workflow-fixture.ts';

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');

export type Instance = { url: string; child: ChildProcess; exited: Promise<number | null> };

/** The URL of the test database `database` (a fresh one per test, from BEIAN_TEST_PG_URL). */
export async function databaseUrl(database: Database): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(database.kysely);
  const url = new URL(process.env.BEIAN_TEST_PG_URL ?? '');
  url.pathname = `/${rows[0]?.name ?? ''}`;
  return url.toString();
}

/** Starts one `beian serve` on a free port over `url` (`env`: more variables); resolves once it listens. */
export function startInstance(url: string, cwd: string, env: Record<string, string> = {}): Promise<Instance> {
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), MAIN, 'serve', '--port', '0'],
    {
      cwd,
      env: {
        ...process.env,
        DATABASE_URL: url,
        BEIAN_SECRET: CREDENTIAL_KEY,
        // These tests are about instances sharing one database; identity verification has its own
        // (test/workflow/identity-verification.test.ts), and its links would only lengthen each journey.
        BEIAN_IDENTITY_VERIFICATION: 'off',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const found = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (found?.[1]) {
        child.stdout?.off('data', onData);
        resolve({ url: found[1], child, exited });
      }
    };
    child.stdout?.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`beian serve exited (${code}) before listening: ${out}${err}`)),
    );
  });
}

export async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode === null && instance.child.signalCode === null) instance.child.kill('SIGTERM');
  await instance.exited;
}

export const tempDir = (): { path: string; remove(): void } => {
  const path = mkdtempSync(join(tmpdir(), 'beian-cluster-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};

const person = (mobile: string) => ({
  name: '王小明',
  idType: 'resident-id',
  idNumber: '11010519491231002X',
  mobile,
  emergencyPhone: '0571-87654321',
  email: 'wang@example.cn',
});

/** One applicant of the burst: an account of its own, a subject of its own, a domain registered to it. */
export type Applicant = {
  login: string;
  domain: string;
  subject: Record<string, unknown> & { idNumber: string; name: string; province: string };
  headers: Record<string, string>;
};

export async function seedApplicants(database: Database, count: number, tag: string) {
  const existing = await database.kysely.selectFrom('account').select(['id', 'login']).execute();
  const roles =
    existing.length === 0
      ? await createRoleAccounts(database)
      : new Map(existing.map((row) => [row.login.replace(/\.user$/, ''), row.id]));
  const now = new Date();
  const roleHeaders = async (role: 'provider-reviewer' | 'bureau-reviewer') => {
    const session = await sessionFor(database, roles.get(role) ?? 0, now);
    return { cookie: session.cookie, 'x-csrf-token': session.csrf };
  };
  const applicants: Applicant[] = [];
  const registrations: string[] = [];
  for (let i = 1; i <= count; i++) {
    const body = `91330106MA7${tag}${String(i).padStart(5, '0')}`;
    const subject = {
      type: 'enterprise',
      idType: 'uscc',
      idNumber: `${body}${usccCheckChar(body)}`,
      name: `杭州并发测试${tag}${i}号有限公司`,
      province: '浙江',
      certificateAddress: '浙江省杭州市西湖区文三路 100 号',
      mailingAddress: '浙江省杭州市西湖区文三路 100 号 5 楼 501 室',
      responsiblePerson: person(SUBJECT_LEADER_PHONE),
    };
    const domain = `cluster-${tag.toLowerCase()}-${i}.cn`;
    registrations.push(
      JSON.stringify({
        domain,
        registrar: '阿里云计算有限公司',
        registrarIanaId: 420,
        registeredAt: '2024-03-01T10:00:00+08:00',
        expiresAt: '2030-03-01T10:00:00+08:00',
        realName: {
          status: 'verified',
          verifiedAt: '2024-03-02T10:00:00+08:00',
          reportedAt: '2024-03-05T10:00:00+08:00',
          holder: { name: subject.name, type: 'enterprise', idType: 'uscc', idNumber: subject.idNumber },
        },
      }),
    );
    const login = `cluster.${tag.toLowerCase()}.${i}`;
    const id = await createTestAccount(database, { login, role: 'applicant' }, now);
    const session = await sessionFor(database, id, now);
    applicants.push({
      login,
      domain,
      subject,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });
  }
  const summary = await importRegistrations({
    db: database,
    input: Readable.from([`${registrations.join('\n')}\n`]),
    format: 'jsonl',
  });
  if (summary.skipped > 0) throw new Error(`registrations: ${JSON.stringify(summary.errors)}`);
  return {
    applicants,
    reviewer: await roleHeaders('provider-reviewer'),
    bureau: await roleHeaders('bureau-reviewer'),
  };
}

export const websiteOf = (domain: string) => ({
  name: '并发测试官方网站',
  domains: [domain],
  homeUrl: `https://www.${domain}/`,
  serviceContent: ['organisation-portal'],
  responsiblePerson: person(WEBSITE_LEADER_PHONE),
});

/** A JSON request to `base`; a network failure (an instance killed) answers status 0. */
export async function call(
  base: string,
  headers: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  try {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as unknown) : text };
  } catch {
    return { status: 0, body: null };
  }
}
