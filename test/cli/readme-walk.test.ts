/**
 * The README's walk through the FAQ runs against the database `npm start` loaded (the demo shifted to
 * its start day) at the real clock, with no `--at`: each of its commands must give, per input, what
 * demo/walkthrough.json documents for that input.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { caseArgs, loadWalkthrough } from '../../src/cli/demo-command.ts';
import { loadDemoSite } from '../../src/cli/demo-site.ts';
import { parseDomainInput } from '../../src/domain-name/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { shanghaiDate } from '../../src/shared/index.ts';
import { runCli, testLocations } from './run-cli.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const walkthrough = loadWalkthrough();

/** The sh block of "A walk through the FAQ": `S1="…"` and the `npx beian check … $S1` lines. */
function readmeWalk(): { s1: string[]; commands: { line: string; inputs: string[] }[] } {
  const section = readme.split('## A walk through the FAQ')[1]?.split('\n## ')[0] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const s1 = /^S1="([^"]*)"$/m.exec(block)?.[1]?.split(' ') ?? [];
  const commands = block
    .split('\n')
    .filter((line) => line.startsWith('npx beian check '))
    .map((line) => {
      const words = line.split('#')[0]!.trim().split(/\s+/).slice(3);
      assert.equal(words.at(-1), '$S1', line);
      return { line, inputs: words.slice(0, -1) };
    });
  return { s1, commands };
}

type Expectation = { filingType: string | null; codes: string[] };

/** What the walkthrough documents for each input of the subject's plain cases, by normalised host. */
function documented(subject: string): Map<string, Expectation> {
  const byHost = new Map<string, Expectation>();
  walkthrough.cases.forEach((item, index) => {
    if (item.subject !== subject || item.args.some((arg) => arg.startsWith('--'))) return;
    assert.ok(caseArgs(walkthrough, index).includes('--at'));
    item.args.forEach((input, position) => {
      const parsed = parseDomainInput(input);
      const expect = item.expect[position];
      if (parsed.ok && expect)
        byHost.set(parsed.domain.ascii, { ...expect, codes: [...expect.codes].sort() });
    });
  });
  return byHost;
}

const host = (input: string): string => {
  const parsed = parseDomainInput(input);
  assert.ok(parsed.ok, input);
  return parsed.domain.ascii;
};

describe('the README walk through the FAQ', () => {
  const walk = readmeWalk();

  it('names the S1 subject of the walkthrough and no fixed --at', () => {
    assert.ok(walk.commands.length >= 10, 'the walk has its commands');
    assert.ok(!walk.s1.includes('--at'), 'the walk evaluates at the clock, as the web app does');
    const subjectArgs = walkthrough.subjects.S1!.args;
    for (let i = 0; i < walk.s1.length; i += 2) {
      const flag = walk.s1[i]!;
      assert.equal(walk.s1[i + 1], subjectArgs[subjectArgs.indexOf(flag) + 1], flag);
    }
  });

  const location = testLocations().find((l) => l.name === 'sqlite')!;
  let url = '';
  before(async () => {
    url = await location.create();
    const database = await openDatabase({ path: url });
    // What `npm start` does on first start, at this instant; the commands below run at the clock too.
    await loadDemoSite(database, loadPolicy(), new Date());
    await database.destroy();
  });
  after(() => location.drop());

  const expected = documented('S1');
  for (const command of walk.commands) {
    it(command.line, async () => {
      const run = await runCli(['check', ...command.inputs, ...walk.s1, '--json', '--db', url]);
      const report = JSON.parse(run.stdout) as {
        results: {
          filingType: string | null;
          findings: { code: string; evidence: Record<string, unknown> }[];
        }[];
      };
      assert.deepEqual(
        report.results.map((result) => ({
          filingType: result.filingType,
          codes: result.findings.map((finding) => finding.code).sort(),
        })),
        command.inputs.map((input) => {
          const expectation = expected.get(host(input));
          assert.ok(expectation, `walkthrough.json documents ${input}`);
          return expectation;
        }),
      );
      for (const finding of report.results.flatMap((result) => result.findings)) {
        if (finding.code !== 'REAL_NAME_NOT_REPORTED') continue;
        // "expected by a date ≥ today", as the README says: never overdue on the day it loaded.
        assert.equal(finding.evidence.overdue, false);
        assert.ok(String(finding.evidence.expectedBy) >= shanghaiDate(new Date()));
      }
    });
  }
});
