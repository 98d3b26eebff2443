import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addShanghaiMonths,
  compareInstant,
  instantRef,
  instantMs,
  parseInstant,
  shanghaiDate,
  toShanghaiIso,
} from '../../src/shared/shanghai-time.ts';

describe('shanghaiDate', () => {
  it('gives the Asia/Shanghai calendar day, which starts at 16:00 UTC', () => {
    assert.equal(shanghaiDate(new Date('2026-11-27T15:59:59.999Z')), '2026-11-27');
    assert.equal(shanghaiDate(new Date('2026-11-27T16:00:00Z')), '2026-11-28');
    assert.equal(shanghaiDate(new Date('2024-02-28T16:00:00Z')), '2024-02-29');
  });

  it('agrees with Intl for any instant from 1992 (China kept DST until 1991) to 2100', () => {
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 694_224_000_000, max: 4_102_444_800_000 }),
        (ms) => shanghaiDate(ms) === intl.format(ms),
      ),
      { numRuns: 5000 },
    );
  });
});

describe('instantMs', () => {
  it('reads the stores’ ISO layout exactly as Date.parse does', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01Z'), max: new Date('2099-12-31Z'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString();
          return (
            instantMs(iso) === date.getTime() &&
            instantMs(iso.replace('.000Z', 'Z')) === Date.parse(iso.replace('.000Z', 'Z'))
          );
        },
      ),
    );
    assert.equal(instantMs('2026-11-28T12:00:00+08:00'), Date.parse('2026-11-28T04:00:00Z'));
  });

  it('agrees with Date.parse where the layout is right but a field is not: roll-overs, refusals, early years', () => {
    for (const text of [
      '2024-02-30T00:00:00.000Z', // Date.parse rolls a day past the month's end over
      '2023-02-29T00:00:00.000Z',
      '2024-13-01T00:00:00.000Z', // and refuses month 13, minute 60, second 60 and day 0
      '2024-12-01T23:60:00.000Z',
      '2024-12-01T23:59:60.000Z',
      '2024-12-00T00:00:00.000Z',
      '2024-12-01T24:00:00.000Z',
      '0000-01-01T00:00:00.000Z', // Date.UTC would read year 0 as 1900
      '0099-03-01T00:00:00Z',
      '1969-12-31T23:59:59.999Z',
      '2024-02-29T12:34:56,789Z', // not the layout
      '2024-02-29 12:34:56.789Z',
      'abcd-02-29T12:34:56.789Z',
    ]) {
      const expected = Date.parse(text);
      const actual = instantMs(text);
      assert.ok(
        actual === expected || (Number.isNaN(actual) && Number.isNaN(expected)),
        `${text}: ${actual} ≠ ${expected}`,
      );
    }
  });
});

describe('parseInstant', () => {
  it('takes offsets and Shanghai-midnight dates, refuses ambiguity and impossible dates', () => {
    assert.equal(parseInstant('2026-11-28')?.toISOString(), '2026-11-27T16:00:00.000Z');
    assert.equal(parseInstant('2026-11-28T12:00:00+08:00')?.toISOString(), '2026-11-28T04:00:00.000Z');
    assert.equal(parseInstant('2026-11-28T12:00:00'), null);
    assert.equal(parseInstant('2026-02-30'), null);
    assert.equal(parseInstant('2026-02-30T10:00:00Z'), null);
    assert.equal(parseInstant('yesterday'), null);
  });
});

describe('addShanghaiMonths', () => {
  it('clamps to the end of a shorter month, as people count months', () => {
    assert.equal(
      toShanghaiIso(addShanghaiMonths(new Date('2026-11-30T12:00:00+08:00'), 3)),
      '2027-02-28T12:00:00+08:00',
    );
    assert.equal(
      toShanghaiIso(addShanghaiMonths(new Date('2027-11-30T12:00:00+08:00'), 3)),
      '2028-02-29T12:00:00+08:00',
    );
    assert.equal(
      toShanghaiIso(addShanghaiMonths(new Date('2026-01-15T00:30:00+08:00'), 1)),
      '2026-02-15T00:30:00+08:00',
    );
  });
});

describe('compareInstant', () => {
  it('orders stored instants as time does, whether canonical UTC text or with an offset', () => {
    const range = { min: new Date('1992-01-01Z'), max: new Date('2099-12-31Z'), noInvalidDate: true };
    fc.assert(
      fc.property(fc.date(range), fc.date(range), (a, b) => {
        const ref = instantRef(b.getTime());
        const sign = Math.sign(a.getTime() - b.getTime());
        const offset = new Date(a.getTime() + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
        const offsetSign = Math.sign(Math.floor(a.getTime() / 1000) * 1000 - b.getTime());
        return (
          Math.sign(compareInstant(a.toISOString(), ref)) === sign &&
          Math.sign(compareInstant(offset, ref)) === offsetSign
        );
      }),
    );
  });
});

describe('toShanghaiIso', () => {
  it('writes any instant, given as a Date or in milliseconds, in Asia/Shanghai time with its offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: 694_224_000_000, max: 4_102_444_800_000 }), (ms) => {
        const expected = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
        return toShanghaiIso(new Date(ms)) === expected && toShanghaiIso(ms) === expected;
      }),
    );
  });
});
