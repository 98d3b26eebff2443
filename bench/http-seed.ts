/**
 * The data `npm run bench:http` measures on, made before any server starts: the demo's registrations
 * and filings (which the precheck reads) and, for the submit, many applicants each with an account, a
 * session, a domain registered and real-name verified to a subject of its own, and a saved draft that
 * passes every check, so that every submit of the run is a distinct domain and subject and none
 * conflicts with another (the hold would refuse a second submit of one domain or subject).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createAccount, createSession } from '../src/accounts/index.ts';
import { usccCheckChar } from '../src/filing/certificates.ts';
import { importFilings, importRegistrations } from '../src/imports/index.ts';
import { createSandboxGateway } from '../src/miit/index.ts';
import type { PolicyData } from '../src/policy/index.ts';
import type { Database } from '../src/store/index.ts';
import { createApplication, updateDraft } from '../src/workflow/index.ts';

/** The credential key of every bench instance (bench/http-instance.ts): sessions made here are theirs. */
export const BENCH_CREDENTIAL_KEY = 'bench-credential-key-0123456789abcdef';
/** Sign-in is not measured: the cheapest scrypt keeps making thousands of accounts quick. */
const CHEAP_PASSWORD_COST = { N: 2, r: 1, p: 1 };
const PASSWORD = 'correct horse battery staple';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Drafts made at once: enough to keep a PostgreSQL pool busy, few enough for SQLite's one writer. */
const SEED_CONCURRENCY = 8;

/** Imports the demo's registrations and filings, as `beian registry import` does. */
export async function importDemo(database: Database, policy: PolicyData): Promise<void> {
  const demo = (file: string) => createReadStream(fileURLToPath(new URL(`../demo/${file}`, import.meta.url)));
  await importRegistrations({ db: database, input: demo('registrations.jsonl'), format: 'jsonl' });
  await importFilings({ db: database, policy, input: demo('filings.jsonl'), format: 'jsonl' });
}

/** One submit of the bench: the draft's id and the headers of its applicant's session. */
export type SubmitTarget = { applicationId: number; headers: Record<string, string> };

const person = (mobile: string) => ({
  name: '王小明',
  idType: 'resident-id',
  idNumber: '11010519491231002X',
  mobile,
  emergencyPhone: '0571-87654321',
  email: 'wang@example.cn',
});

/** Runs `work` over 0..count-1, `concurrency` at a time, in order of start. */
async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await work(i);
      }
    }),
  );
  return out;
}

/**
 * `count` applicants with a saved draft each, tagged `tag` (distinct per batch, so several batches
 * share a database): account `bench.<tag>.<i>`, subject 杭州压测<tag><i>号有限公司 with a USCC of its own,
 * domain bench-<tag>-<i>.cn registered and verified to it.
 */
export async function seedDrafts(
  database: Database,
  policy: PolicyData,
  count: number,
  tag: string,
): Promise<SubmitTarget[]> {
  const now = new Date();
  const gateway = createSandboxGateway({ database, policy, smsSecret: `${BENCH_CREDENTIAL_KEY}-sms` });
  const subjects = Array.from({ length: count }, (_, i) => {
    const body = `91330106MA8${tag}${String(i).padStart(5, '0')}`;
    return {
      type: 'enterprise',
      idType: 'uscc',
      idNumber: `${body}${usccCheckChar(body)}`,
      name: `杭州压测${tag}${i}号有限公司`,
      province: '浙江',
      certificateAddress: '浙江省杭州市西湖区文三路 100 号',
      mailingAddress: '浙江省杭州市西湖区文三路 100 号 5 楼 501 室',
      responsiblePerson: person('13800138000'),
    };
  });
  const domainOf = (i: number) => `bench-${tag.toLowerCase()}-${i}.cn`;
  const registrations = subjects.map((subject, i) =>
    JSON.stringify({
      domain: domainOf(i),
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
  const summary = await importRegistrations({
    db: database,
    input: Readable.from([`${registrations.join('\n')}\n`]),
    format: 'jsonl',
  });
  if (summary.skipped > 0) throw new Error(`bench registrations: ${JSON.stringify(summary.errors)}`);

  return pool(count, SEED_CONCURRENCY, async (i) => {
    const subject = subjects[i] ?? subjects[0];
    if (!subject) throw new Error('no subject');
    const login = `bench.${tag.toLowerCase()}.${i}`;
    const account = await createAccount(
      database,
      { login, displayName: login, role: 'applicant', password: PASSWORD },
      now,
      CHEAP_PASSWORD_COST,
    );
    const session = await createSession(database, BENCH_CREDENTIAL_KEY, account.id, now, SESSION_TTL_MS);
    const deps = { database, policy, gateway, now, actor: { account: login, role: 'applicant' as const } };
    const { application } = await createApplication({
      ...deps,
      input: {
        province: subject.province,
        subject: {
          type: subject.type,
          idType: subject.idType,
          idNumber: subject.idNumber,
          name: subject.name,
        },
        domain: domainOf(i),
      },
    });
    const saved = await updateDraft({
      ...deps,
      applicationId: application.id,
      form: {
        subject,
        websites: [
          {
            name: '压测官方网站',
            domains: [domainOf(i)],
            homeUrl: `https://www.${domainOf(i)}/`,
            serviceContent: ['organisation-portal'],
            responsiblePerson: person('13900139000'),
          },
        ],
      },
    });
    if (saved.errors.length > 0) throw new Error(`bench draft ${i}: ${JSON.stringify(saved.errors)}`);
    return {
      applicationId: application.id,
      headers: { cookie: `beian_session=${session.id}`, 'x-csrf-token': session.csrfToken },
    };
  });
}
