/**
 * Every seed FAQ question as a scenario through the CLI: the demo walkthrough (demo/walkthrough.json),
 * run with `beian check --json` against the demo data, on SQLite and on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { caseArgs, DEMO_DIR, loadWalkthrough } from '../../src/cli/demo-command.ts';
import { runCli, testLocations } from './run-cli.ts';

const walkthrough = loadWalkthrough();

for (const location of testLocations()) {
  describe(`seed FAQ scenarios through the CLI (${location.name})`, { skip: location.skip }, () => {
    let db = '';
    before(async () => {
      db = await location.create();
      for (const [kind, file] of [
        ['registry', 'registrations.jsonl'],
        ['filings', 'filings.jsonl'],
      ]) {
        const run = await runCli([kind as string, 'import', `${DEMO_DIR}${file}`, '--db', db]);
        assert.equal(run.code, 0, run.stderr);
      }
    });
    after(() => location.drop());

    walkthrough.cases.forEach((item, index) => {
      it(`${item.faq ? `${item.faq}: ` : ''}${item.title.en}`, async () => {
        const run = await runCli(['check', ...caseArgs(walkthrough, index), '--json', '--db', db]);
        const report = JSON.parse(run.stdout) as {
          results: { ok: boolean; filingType: string | null; findings: { code: string }[] }[];
        };
        const actual = report.results.map((result) => ({
          filingType: result.filingType,
          codes: result.findings.map((finding) => finding.code).sort(),
        }));
        const expected = item.expect.map((e) => ({ filingType: e.filingType, codes: [...e.codes].sort() }));
        assert.deepEqual(actual, expected);
        assert.equal(run.code, report.results.every((result) => result.ok) ? 0 : 1, 'exit code');
      });
    });

    it('names the bureau of the other subject’s number (Q7)', async () => {
      const index = walkthrough.cases.findIndex((c) => c.faq === 'Q7');
      const run = await runCli(['check', ...caseArgs(walkthrough, index), '--json', '--db', db]);
      const finding = JSON.parse(run.stdout).results[0].findings[0];
      assert.match(finding.remedy.zh, /上海市通信管理局/);
      assert.match(finding.remedy.en, /Shanghai Communications Administration/);
      assert.equal(finding.evidence.number, '沪ICP备18012345号-1');
    });

    it('gives the expected reporting date on the working-day calendar (Q1e)', async () => {
      const index = walkthrough.cases.findIndex((c) => c.faq === 'Q1e');
      const run = await runCli(['check', ...caseArgs(walkthrough, index), '--json', '--db', db]);
      const finding = JSON.parse(run.stdout).results[0].findings[0];
      // Verified Thursday 2026-11-26; two working days later, over the weekend, is Monday 11-30.
      assert.equal(finding.evidence.expectedBy, '2026-11-30');
      assert.match(finding.message.zh, /2026-11-30/);
    });
  });
}
