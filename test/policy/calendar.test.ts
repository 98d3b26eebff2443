import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  CalendarCoverageError,
  createWorkdayCalendar,
  loadPolicy,
  toShanghaiDate,
  type CalendarFile,
} from '../../src/policy/index.ts';

const { calendar } = loadPolicy();

/** Expands inclusive `[from, to]` ranges of `YYYY-MM-DD` dates. */
function expand(ranges: [string, string][]): string[] {
  const out: string[] = [];
  for (const [from, to] of ranges) {
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
      out.push(new Date(t).toISOString().slice(0, 10));
    }
  }
  return out;
}

// 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号), gov.cn.
const HOLIDAYS_2026 = expand([
  ['2026-01-01', '2026-01-03'],
  ['2026-02-15', '2026-02-23'],
  ['2026-04-04', '2026-04-06'],
  ['2026-05-01', '2026-05-05'],
  ['2026-06-19', '2026-06-21'],
  ['2026-09-25', '2026-09-27'],
  ['2026-10-01', '2026-10-07'],
]);
const MAKEUP_2026 = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

describe('WorkdayCalendar (data/calendar/cn.json)', () => {
  it('covers 2018–2026 and not 2027 (no notice published as of the snapshot)', () => {
    assert.deepEqual(calendar.coverage, { fromYear: 2018, toYear: 2026 });
  });

  it('treats every 2026 holiday of the State Council notice as a day off', () => {
    for (const d of HOLIDAYS_2026) assert.equal(calendar.isWorkday(d), false, d);
  });

  it('treats every 2026 调休 makeup day as a working day', () => {
    for (const d of MAKEUP_2026) assert.equal(calendar.isWorkday(d), true, d);
  });

  it('holds exactly the notice dates in its 2026 entry', () => {
    const file = JSON.parse(
      readFileSync(new URL('../../data/calendar/cn.json', import.meta.url), 'utf8'),
    ) as CalendarFile;
    const entry = file.entries.find((e) => e.year === 2026);
    assert.ok(entry);
    assert.deepEqual(expand(entry.holidays.map((h) => [h.from, h.to])).sort(), [...HOLIDAYS_2026].sort());
    assert.deepEqual(entry.makeupWorkdays.map((m) => m.date).sort(), MAKEUP_2026);
    assert.ok(
      entry.sources.some((s) => s.url === 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm'),
    );
  });

  it('makes every other 2026 day a working day exactly when it is Monday–Friday', () => {
    const special = new Set([...HOLIDAYS_2026, ...MAKEUP_2026]);
    for (const d of expand([['2026-01-01', '2026-12-31']])) {
      if (special.has(d)) continue;
      const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
      assert.equal(calendar.isWorkday(d), wd >= 1 && wd <= 5, d);
    }
  });

  it('matches the 2024 and 2025 makeup days of the State Council notices', () => {
    for (const d of [
      '2024-02-04',
      '2024-02-18',
      '2024-04-07',
      '2024-04-28',
      '2024-05-11',
      '2024-09-14',
      '2024-09-29',
      '2024-10-12',
    ]) {
      assert.equal(calendar.isWorkday(d), true, d);
    }
    for (const d of ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']) {
      assert.equal(calendar.isWorkday(d), true, d);
    }
    for (const d of ['2025-01-28', '2025-02-04', '2025-05-31', '2025-06-02', '2025-10-08']) {
      assert.equal(calendar.isWorkday(d), false, d);
    }
  });

  it('adds 20 working days across 中秋 and 国庆 2026 (2026-09-25 → 2026-10-29)', () => {
    assert.equal(calendar.addWorkdays('2026-09-25', 20), '2026-10-29');
  });

  it('counts a 调休 Saturday as a working day', () => {
    assert.equal(calendar.addWorkdays('2026-10-09', 1), '2026-10-10');
    assert.equal(calendar.addWorkdays('2026-09-18', 1), '2026-09-20');
    assert.equal(calendar.addWorkdays('2026-09-30', 1), '2026-10-08');
  });

  it('returns the day itself for n = 0 on a working day, else the next working day', () => {
    assert.equal(calendar.addWorkdays('2026-10-10', 0), '2026-10-10');
    assert.equal(calendar.addWorkdays('2026-10-01', 0), '2026-10-08');
    assert.equal(calendar.addWorkdays('2026-10-01', 1), '2026-10-08');
  });

  it('throws CalendarCoverageError for 2027 and 2017 instead of guessing', () => {
    for (const d of ['2027-01-04', '2027-10-01', '2017-12-29']) {
      assert.throws(
        () => calendar.isWorkday(d),
        (err: unknown) => {
          assert.ok(err instanceof CalendarCoverageError);
          assert.equal(err.date, d);
          assert.deepEqual(err.coverage, { fromYear: 2018, toYear: 2026 });
          return true;
        },
      );
    }
    assert.throws(() => calendar.addWorkdays('2027-01-04', 0), CalendarCoverageError);
  });

  it('throws CalendarCoverageError when the walk leaves 2026', () => {
    assert.equal(calendar.addWorkdays('2026-12-30', 1), '2026-12-31');
    assert.throws(
      () => calendar.addWorkdays('2026-12-30', 2),
      (err: unknown) => {
        assert.ok(err instanceof CalendarCoverageError);
        assert.equal(err.date, '2027-01-01');
        return true;
      },
    );
  });

  it('rejects malformed dates and negative counts with a RangeError', () => {
    assert.throws(() => calendar.isWorkday('2026-02-30'), RangeError);
    assert.throws(() => calendar.isWorkday('2026/10/01'), RangeError);
    assert.throws(() => calendar.addWorkdays('2026-10-09', -1), RangeError);
    assert.throws(() => calendar.addWorkdays('2026-10-09', 1.5), RangeError);
  });

  it('is associative: addWorkdays(addWorkdays(d, a), b) = addWorkdays(d, a + b) from a working day', () => {
    const first = Date.parse('2018-01-01T00:00:00Z') / 86_400_000;
    const last = Date.parse('2025-06-30T00:00:00Z') / 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), fc.nat(120), fc.nat(120), (day, a, b) => {
        const d = new Date(day * 86_400_000).toISOString().slice(0, 10);
        fc.pre(calendar.isWorkday(d));
        const stepwise = calendar.addWorkdays(calendar.addWorkdays(d, a), b);
        assert.equal(stepwise, calendar.addWorkdays(d, a + b));
        if (a > 0) assert.ok(calendar.addWorkdays(d, a) > d);
        assert.equal(calendar.isWorkday(stepwise), true);
      }),
      { numRuns: 500 },
    );
  });

  it('converts instants to the Asia/Shanghai date', () => {
    assert.equal(toShanghaiDate(new Date('2019-04-21T15:59:59Z')), '2019-04-21');
    assert.equal(toShanghaiDate(new Date('2019-04-21T16:00:00Z')), '2019-04-22');
    assert.throws(() => toShanghaiDate(new Date('nope')), RangeError);
  });
});

describe('createWorkdayCalendar', () => {
  const base = (makeup: string): CalendarFile => ({
    source: 'test',
    snapshotDate: '2026-11-28',
    description: 'test',
    coverage: { fromYear: 2026, toYear: 2026 },
    entries: [
      {
        year: 2026,
        holidays: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-07' }],
        makeupWorkdays: [{ date: makeup, name: '国庆节' }],
        confidence: 'high',
        sources: [{ title: 'test' }],
      },
    ],
  });

  it('accepts consistent data', () => {
    assert.equal(createWorkdayCalendar(base('2026-10-10')).isWorkday('2026-10-10'), true);
  });

  it('rejects a makeup working day that is not a weekend day', () => {
    assert.throws(() => createWorkdayCalendar(base('2026-10-09')), /not a weekend day/);
  });

  it('rejects a covered year without an entry', () => {
    const file = base('2026-10-10');
    assert.throws(
      () => createWorkdayCalendar({ ...file, coverage: { fromYear: 2026, toYear: 2027 } }),
      /2027 .*no entry/,
    );
  });
});
