/**
 * `npm start` shifts the demo to the day it starts and the web app evaluates at the real clock: every
 * walkthrough case must read as demo/walkthrough.json documents it whenever the demo starts. The engine
 * runs here on in-memory facts (what the store answers for the same lines) at each hour of two weeks:
 * an ordinary one and the National Day week of 2026 (holidays, and Saturday 10-10 a makeup workday).
 */
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { describe, it } from 'node:test';
import { CHECK_OPTIONS, requestOf } from '../../src/cli/check-command.ts';
import { caseArgs, loadWalkthrough } from '../../src/cli/demo-command.ts';
import { demoShiftDays, shiftedDemoRecords } from '../../src/cli/demo-site.ts';
import { checkDomains } from '../../src/checking/index.ts';
import { createMemoryFacts } from '../../src/facts/memory-facts.ts';
import { filingLineSchema, registrationLineSchema } from '../../src/facts/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import { shanghaiDate } from '../../src/shared/index.ts';

const walkthrough = loadWalkthrough();
const policy = loadPolicy();
const HOUR = 60 * 60 * 1000;

/** What the demo database holds when `npm start` runs at `now`. */
function demoFactsAt(now: Date) {
  const days = demoShiftDays(now);
  return createMemoryFacts({
    registrations: shiftedDemoRecords('registrations.jsonl', days).map((line) =>
      registrationLineSchema.parse(line),
    ),
    subjects: shiftedDemoRecords('filings.jsonl', days).map((line) => filingLineSchema(policy).parse(line)),
  });
}

type Report = Awaited<ReturnType<typeof checkDomains>>;

async function walkthroughAt(now: Date): Promise<{ faq: string; report: Report }[]> {
  const checker = { policy, facts: demoFactsAt(now) };
  const reports = [];
  for (let index = 0; index < walkthrough.cases.length; index++) {
    const args = caseArgs(walkthrough, index);
    const atIndex = args.indexOf('--at');
    // Cases pinned to a past date (Guangxi 2019) keep it; the rest run at the start instant.
    if (args[atIndex + 1] === walkthrough.at) args[atIndex + 1] = now.toISOString();
    const { values, positionals } = parseArgs({ args, options: CHECK_OPTIONS, allowPositionals: true });
    reports.push({
      faq: walkthrough.cases[index]!.faq,
      report: await checkDomains(checker, requestOf(values, positionals)),
    });
  }
  return reports;
}

const codesOf = (report: Report) =>
  report.results.map((result) => ({
    filingType: result.filingType,
    codes: result.findings.map((finding) => finding.code).sort(),
  }));

describe('demo shift: the walkthrough reads as documented at any start time', () => {
  it('keeps the walkthrough day itself: no shift on 2026-11-28 in Beijing, one day at its midnight', () => {
    assert.equal(demoShiftDays(new Date('2026-11-28T00:00:00+08:00')), 0);
    assert.equal(demoShiftDays(new Date('2026-11-28T23:59:59+08:00')), 0);
    assert.equal(demoShiftDays(new Date('2026-11-29T00:00:00+08:00')), 1);
    // The reported start: a Saturday at 01:58 Beijing time, 10 hours before the walkthrough's noon.
    assert.equal(demoShiftDays(new Date('2026-12-05T01:58:00+08:00')), 7);
  });

  for (const monday of ['2026-11-30T00:00:00+08:00', '2026-10-05T00:00:00+08:00']) {
    it(`every hour of the week from ${monday.slice(0, 10)}`, async () => {
      const start = Date.parse(monday);
      let checked = 0;
      for (let hour = 0; hour < 7 * 24; hour++) {
        const now = new Date(start + hour * HOUR + 58 * 60 * 1000);
        const reports = await walkthroughAt(now);
        reports.forEach(({ faq, report }, index) => {
          const expected = walkthrough.cases[index]!.expect.map((e) => ({
            filingType: e.filingType,
            codes: [...e.codes].sort(),
          }));
          assert.deepEqual(codesOf(report), expected, `${faq} started at ${now.toISOString()}`);
        });
        // Q1e reads "expected by <date>", never "overdue": the date is today or later.
        const fresh = reports.find((r) => r.faq === 'Q1e')!.report.results[0]!.findings[0]!;
        const evidence = fresh.evidence as { expectedBy: string; overdue: boolean; calendarError: unknown };
        assert.equal(evidence.calendarError, null);
        assert.equal(evidence.overdue, false, `Q1e overdue when started at ${now.toISOString()}`);
        assert.ok(evidence.expectedBy >= shanghaiDate(now));
        assert.match(fresh.message.en, /expected by \d{4}-\d{2}-\d{2}/);
        checked++;
      }
      assert.equal(checked, 168);
    });
  }
});
