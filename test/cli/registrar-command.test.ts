/**
 * `beian registrar` as an operator meets it: importing the demo domains with bad lines named, approving
 * and rejecting real-name submissions, printing a certificate to a file, the reports and their job, and
 * the exit codes. SQLite and PostgreSQL (through --db).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, testLocations } from './run-cli.ts';

const DEMO = readFileSync(new URL('../../demo/registrar-domains.jsonl', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'beian-registrar-cli-'));

/** The demo file plus, at lines 2–4 of a second part, two bad lines and a second pending domain. */
const EXTRA = [
  '# extra lines',
  JSON.stringify({
    domain: 'cli-bad-holder.cn',
    holder: { name: '张伟', type: 'individual', idType: 'resident-id', idNumber: '110105199003071230' },
    registeredAt: '2026-01-05',
    expiresAt: '2027-01-05',
  }),
  JSON.stringify({ domain: 'www.cli-sub.cn', holder: {}, registeredAt: 'soon', expiresAt: '2027-01-05' }),
  JSON.stringify({
    domain: 'cli-pending.cn',
    holder: { name: '张伟', type: 'individual', idType: 'resident-id', idNumber: '110105199003071239' },
    registeredAt: '2026-01-05',
    expiresAt: '2030-01-05',
    realName: { status: 'pending', submittedAt: '2026-01-06' },
  }),
].join('\n');

for (const location of testLocations()) {
  describe(`beian registrar (${location.name})`, { skip: location.skip }, () => {
    let db = '';
    const cli = (...args: string[]) => runCli(['registrar', ...args, '--db', db]);
    before(async () => {
      db = await location.create();
    });
    after(() => location.drop());

    it('imports the good lines and names each bad line and field (exit 1)', async () => {
      const file = join(dir, `import-${location.name}.jsonl`);
      writeFileSync(file, `${DEMO}\n${EXTRA}\n`);
      const demoLines = DEMO.split('\n').length;
      const run = await cli('import', file);
      assert.equal(run.code, 1);
      assert.match(run.stdout, /Imported 7 lines, skipped 2\./);
      assert.match(run.stderr, new RegExp(`line ${demoLines + 2}: holder\\.idNumber .*check digit`));
      assert.match(run.stderr, new RegExp(`line ${demoLines + 3}: domain is a subdomain`));
      assert.match(run.stderr, new RegExp(`line ${demoLines + 3}: registeredAt is not an ISO 8601`));
      const list = await cli('list', '--json');
      assert.equal(list.code, 0);
      const domains = JSON.parse(list.stdout) as {
        domain: { unicode: string };
        realName: { status: string };
      }[];
      assert.equal(domains.length, 7);
      assert.ok(
        domains.some((d) => d.domain.unicode === '演示生僻字.中国' && d.realName.status === 'verified'),
      );
      const pending = await cli('list', '--real-name', 'pending');
      assert.deepEqual(
        pending.stdout
          .trim()
          .split('\n')
          .map((line) => line.split('\t')[0]),
        ['cli-pending.cn', 'demo-reg-pending.cn'],
      );
      assert.equal((await cli('list', '--real-name', 'maybe')).code, 2);
    });

    it('approves and rejects the pending submission of a domain', async () => {
      const approved = await cli('real-name', 'approve', 'demo-reg-pending.cn');
      assert.equal(approved.code, 0, approved.stderr);
      assert.match(
        approved.stdout,
        /^Approved demo-reg-pending\.cn; it is reported to MIIT on \d{4}-\d{2}-\d{2}\.$/m,
      );
      const again = await runCli([
        'registrar',
        'real-name',
        'approve',
        'demo-reg-pending.cn',
        '--db',
        db,
        '--lang',
        'zh',
      ]);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /没有待审核的实名认证资料/);
      assert.equal((await cli('real-name', 'reject', 'cli-pending.cn')).code, 2);
      const rejected = await cli('real-name', 'reject', 'cli-pending.cn', '--reason', '证件照片模糊');
      assert.equal(rejected.code, 0, rejected.stderr);
      const list = await cli('list', '--real-name', 'rejected');
      assert.match(list.stdout, /^cli-pending\.cn\tactive\trejected\t/m);
    });

    it('prints a certificate to a file with its serial and verification code', async () => {
      const out = join(dir, `cert-${location.name}.pdf`);
      const run = await cli('certificate', 'demo-reg-reported.cn', '--out', out);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^Certificate number: DC-\d{8}-[0-9A-F]{8}$/m);
      assert.match(run.stdout, /^Verification code: [0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/m);
      assert.equal(readFileSync(out).subarray(0, 5).toString('latin1'), '%PDF-');
      const refused = await cli('certificate', 'demo-reg-rejected.cn', '--out', join(dir, 'refused.pdf'));
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /not real-name verified/);
      assert.equal((await cli('certificate', 'demo-reg-reported.cn')).code, 2);
    });

    it('lists reports, runs the due ones, and refuses to retry one that did not fail', async () => {
      const before = await cli('reports', '--json');
      const scheduled = (
        JSON.parse(before.stdout) as { id: number; status: string; domain: { ascii: string } }[]
      ).filter((r) => r.status === 'scheduled');
      assert.deepEqual(scheduled.map((r) => r.domain.ascii).sort(), [
        'demo-reg-pending.cn',
        'demo-reg-verified.cn',
      ]);
      const at = new Date(Date.now() + 21 * 86_400_000).toISOString();
      const jobs = await cli('run-jobs', '--at', at);
      assert.equal(jobs.code, 0, jobs.stderr);
      assert.match(jobs.stdout, /^Completed 2 jobs, 0 to retry, 0 failed\.$/m);
      const reports = await cli('reports');
      assert.equal(reports.stdout.match(/\treported\t/g)?.length, 5);
      assert.equal((await cli('reports', '--failed')).stdout, '');
      const retry = await cli('reports', 'retry', String(scheduled[0]?.id ?? 0));
      assert.equal(retry.code, 1);
      assert.match(retry.stderr, /only failed reports can be retried/);
      assert.equal((await cli('reports', 'retry', 'x')).code, 2);
    });

    it('registers from flags, naming a refused flag (exit 2), and acts only as an operator', async () => {
      const flags = ['--holder-name', '王芳', '--holder-type', 'individual', '--id-type', 'resident-id'];
      const bad = await cli('register', 'cli-new.cn', ...flags, '--id-number', '440305197701012340');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--id-number: The resident ID number has a wrong check digit/);
      const good = await cli(
        'register',
        'cli-new.cn',
        ...flags,
        '--id-number',
        '440305197701012349',
        '--years',
        '3',
      );
      assert.equal(good.code, 0, good.stderr);
      assert.match(good.stdout, /^cli-new\.cn\tactive\tnone\taliyun\t王芳\t/);
      const taken = await cli('register', 'cli-new.cn', ...flags, '--id-number', '440305197701012349');
      assert.equal(taken.code, 1);
      assert.equal((await cli('list', '--as', 'nobody')).code, 2);
      assert.equal((await cli('frobnicate')).code, 2);
    });
  });
}
