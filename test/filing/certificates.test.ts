import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { validateCertificate } from '../../src/filing/certificates.ts';
import { ID_TYPES, type IdType } from '../../src/policy/index.ts';

const TODAY = '2026-11-28';

// Independent implementations (not the module's weight tables): ISO 7064 MOD 11-2 by its recursive
// definition, and the GB 32100 weights as powers of 3 modulo 31.
function mod11_2(body: string): string {
  let p = 0;
  for (const c of body) p = ((p + Number(c)) * 2) % 11;
  const check = (12 - p) % 11;
  return check === 10 ? 'X' : String(check);
}
const USCC_SET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function mod31(body: string): string {
  let sum = 0;
  let weight = 1;
  for (const c of body) {
    sum += USCC_SET.indexOf(c) * weight;
    weight = (weight * 3) % 31;
  }
  return USCC_SET[(31 - (sum % 31)) % 31] ?? '?';
}
const uscc = (body17: string): string => body17 + mod31(body17);
const residentId = (body17: string): string => body17 + mod11_2(body17);

const check = (idType: IdType, input: string) => validateCertificate(idType, input, TODAY);

describe('validateCertificate — resident ID (GB 11643-1999)', () => {
  it('the independent check digit agrees with the GB 11643 example', () => {
    assert.equal(residentId('11010519491231002'), '11010519491231002X');
  });

  const valid: [string, string][] = [
    ['11010519491231002X', '11010519491231002X'], // GB 11643 example
    ['11010519491231002x', '11010519491231002X'], // lower-case x is upper-cased
    ['33010619900101123X', '33010619900101123X'], // demo data
    [' 1101 0519 4912 3100 2X ', '11010519491231002X'], // spaces
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X'], // full-width
    [residentId('81000019800229001'), residentId('81000019800229001')], // HK residence permit, leap day
  ];
  for (const [input, normalized] of valid) {
    it(`accepts ${JSON.stringify(input)}`, () =>
      assert.deepEqual(check('resident-id', input), { ok: true, normalized }));
  }

  const invalid: [string, string, RegExp][] = [
    ['wrong check digit', '110105194912310021', /校验码/],
    ['15-digit old number', '110105491231002', /15 位/],
    ['17 digits', '11010519491231002', /18 位/],
    ['letter inside', '1101051949123100AX', /18 位/],
    ['region 99', residentId('99010519491231002'), /地区码/],
    ['30 February', residentId('11010519490230002'), /出生日期/],
    ['born tomorrow', residentId('11010520261129002'), /出生日期/],
    ['born before 1800', residentId('11010517991231002'), /出生日期/],
    ['empty', '  ', /不能为空/],
  ];
  for (const [what, input, zh] of invalid) {
    it(`refuses ${what}`, () => {
      const r = check('resident-id', input);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.match(r.message.zh, /^居民身份证号码/);
        assert.match(r.message.zh, zh);
        assert.match(r.message.en, /^The resident ID number /);
      }
    });
  }

  it('accepts a birth date of today, refuses it with an earlier today', () => {
    assert.equal(check('resident-id', residentId('11010520261128002')).ok, true);
    assert.equal(validateCertificate('resident-id', residentId('11010520261128002'), '2026-11-27').ok, false);
  });
});

describe('validateCertificate — unified social credit code (GB 32100-2015)', () => {
  const valid = [
    '91330106MA2B3C4D5D', // demo subject S1
    '91110108MA01AB2C3T',
    '91310000MA1F2G3H4X',
    '91330106MA2B3C4E7L',
    '91510100MA6C7D8E9H',
    '91320100MA1P2Q3R4X',
    '91330106MA2B3C4D6G',
    '91450100MA5L6M7N8B',
    '9144030071526726XG', // public: 深圳市腾讯计算机系统有限公司
    '91350100M000100Y43', // public example
    '31110000E00017525U', // a law firm (司法行政 3, kind 1)
  ];
  for (const code of valid) {
    it(`accepts ${code} (independent MOD 31 agrees)`, () => {
      assert.equal(mod31(code.slice(0, 17)), code[17]);
      assert.deepEqual(check('uscc', code), { ok: true, normalized: code });
    });
  }
  it('normalises case and spaces', () => {
    assert.deepEqual(check('uscc', ' 91330106ma2b3c4d5d '), { ok: true, normalized: '91330106MA2B3C4D5D' });
  });

  const invalid: [string, string, RegExp][] = [
    ['wrong check character', '91330106MA2B3C4D5E', /校验码/],
    ['17 characters', '91330106MA2B3C4D5', /18 位/],
    ['the letter O', '91330106MO2B3C4D5D', /“O”/],
    ['the letter I', '91330106MI2B3C4D5D', /“I”/],
    ['the letter Z (never used)', 'Z1330106MA2B3C4D5D', /“Z”/],
    ['authority W', uscc('W1330106MA2B3C4D5'), /登记管理部门代码/],
    ['kind 0', uscc('90330106MA2B3C4D5'), /机构类别代码/],
    ['region with letters', uscc('91AB0106MA2B3C4D5'), /行政区划码/],
    ['region 99', uscc('91990106MA2B3C4D5'), /行政区划码/],
  ];
  for (const [what, input, zh] of invalid) {
    it(`refuses ${what}`, () => {
      const r = check('uscc', input);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.match(r.message.zh, /^统一社会信用代码/);
        assert.match(r.message.zh, zh);
        assert.match(r.message.en, /^The unified social credit code /);
      }
    });
  }
});

describe('validateCertificate — other certificate types', () => {
  const cases: [IdType, string, string | null][] = [
    ['org-code', '71526726-X', '71526726-X'], // GB 11714 check of Tencent's code
    ['org-code', '71526726x', '71526726-X'],
    ['org-code', '71526726-1', null],
    ['org-code', '7152672-X', null],
    ['institution-cert', uscc('12330000MB0000001'), uscc('12330000MB0000001')],
    ['institution-cert', '91330106MA2B3C4D5D', null], // an enterprise code
    ['social-group-cert', uscc('51110000MJ0000001'), uscc('51110000MJ0000001')],
    ['social-group-cert', uscc('12330000MB0000001'), null],
    ['passport', 'e12345678', 'E12345678'],
    ['passport', 'EA1234567', 'EA1234567'],
    ['passport', 'AB<123', null],
    ['hk-mo-permit', 'H12345678', 'H12345678'],
    ['hk-mo-permit', 'M1234567801', 'M1234567801'],
    ['hk-mo-permit', 'K12345678', null],
    ['tw-permit', '12345678', '12345678'],
    ['tw-permit', '1234567890（B）', '1234567890(B)'],
    ['tw-permit', '1234567', null],
    ['foreign-pr', 'USA330000000001', 'USA330000000001'], // 2017 card layout
    ['foreign-pr', residentId('93184019800101001'), residentId('93184019800101001')], // 2023 card
    ['foreign-pr', '931840198001010011', null], // wrong check digit (if it were right, change it)
    ['foreign-pr', residentId('11010519491231002'), null], // a resident ID is not a PR card
  ];
  for (const [idType, input, normalized] of cases) {
    it(`${idType} ${JSON.stringify(input)} → ${normalized ?? 'refused'}`, () => {
      const r = check(idType, input);
      if (normalized === null) {
        assert.equal(r.ok, false);
        if (!r.ok) assert.ok(r.message.zh.length > 0 && r.message.en.length > 0);
      } else assert.deepEqual(r, { ok: true, normalized });
    });
  }
  it('the 2023 PR check-digit case above really has a wrong check digit', () => {
    assert.notEqual(mod11_2('93184019800101001'), '1');
  });
});

describe('validateCertificate — properties', () => {
  const digits = (n: number) =>
    fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''));
  const residentIds = fc
    .tuple(
      fc.constantFrom('11', '31', '33', '44', '45', '50', '65', '81'),
      digits(4),
      fc.date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2020-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      digits(3),
    )
    .map(([p, r, d, s]) => residentId(`${p}${r}${d.toISOString().slice(0, 10).replaceAll('-', '')}${s}`));
  const usccs = fc
    .tuple(
      fc.constantFrom('91', '92', '93', '11', '12', '51', '52', '53', '31', 'A1', 'N2', 'Y1'),
      fc.constantFrom('110000', '330106', '450100', '100000'),
      fc.array(fc.constantFrom(...USCC_SET), { minLength: 9, maxLength: 9 }).map((a) => a.join('')),
    )
    .map(([k, r, o]) => uscc(`${k}${r}${o}`));

  /** The id with character `i` replaced by another character of `alphabet`. */
  const mutate = (id: string, i: number, pick: number, alphabet: string): string => {
    const others = [...alphabet].filter((c) => c !== id[i]);
    return id.slice(0, i) + others[pick % others.length] + id.slice(i + 1);
  };

  it('a generated valid resident ID validates; any one-character change is refused', () => {
    fc.assert(
      fc.property(residentIds, fc.nat(17), fc.nat(), (id, i, pick) => {
        assert.deepEqual(check('resident-id', id), { ok: true, normalized: id });
        assert.equal(check('resident-id', mutate(id, i, pick, '0123456789X')).ok, false);
      }),
    );
  });

  it('a generated valid USCC validates; any one-character change is refused', () => {
    fc.assert(
      fc.property(usccs, fc.nat(17), fc.nat(), (code, i, pick) => {
        assert.deepEqual(check('uscc', code), { ok: true, normalized: code });
        assert.equal(check('uscc', mutate(code, i, pick, USCC_SET)).ok, false);
      }),
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ID_TYPES),
        fc.oneof(fc.string(), fc.string({ unit: 'binary' })),
        (idType, input) => {
          const r = validateCertificate(idType, input);
          assert.equal(typeof r.ok, 'boolean');
        },
      ),
    );
    assert.equal(validateCertificate('uscc', 42 as unknown as string).ok, false);
  });
});
