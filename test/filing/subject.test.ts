import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFields } from '../../src/filing/field-errors.ts';
import { makePersonSchema, makeSubjectSchema } from '../../src/filing/subject.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import { ENTERPRISE, PERSON } from './form-fixtures.ts';

const policy = loadPolicy();
const subjectSchema = makeSubjectSchema({ findProvince: (q) => policy.findProvince(q), today: '2026-11-28' });
const personSchema = makePersonSchema({ today: '2026-11-28' });

/** The codes of the errors at each path, for compact expectations. */
function codes(schema: typeof subjectSchema | typeof personSchema, input: unknown): string[] {
  const r = parseFields(schema, input);
  return r.ok ? [] : r.errors.map((e) => `${e.path}:${e.code}`);
}

describe('subject schema (主体)', () => {
  it('accepts the demo enterprise and normalises it', () => {
    const r = parseFields(subjectSchema, {
      ...ENTERPRISE,
      idNumber: '91330106ma2b3c4d5d',
      name: '  杭州示例科技有限公司 ',
      responsiblePerson: { ...PERSON, idNumber: '11010519491231002x', mobile: '+86 138 0013 8000' },
    });
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.value.idNumber, '91330106MA2B3C4D5D');
    assert.equal(r.value.name, '杭州示例科技有限公司');
    assert.equal(r.value.province, '330000');
    assert.equal(r.value.responsiblePerson.idNumber, '11010519491231002X');
    assert.equal(r.value.responsiblePerson.mobile, '13800138000');
  });

  it('accepts an individual with a minority name and a province code', () => {
    const r = parseFields(subjectSchema, {
      ...ENTERPRISE,
      type: 'individual',
      idType: 'resident-id',
      idNumber: '11010519491231002X',
      name: '阿依古丽•买买提',
      province: '110000',
      responsiblePerson: { ...PERSON, name: '阿依古丽·买买提' },
    });
    assert.equal(r.ok, true);
    if (r.ok) assert.equal(r.value.name, '阿依古丽·买买提');
  });

  const rules: [string, Record<string, unknown>, string[]][] = [
    [
      'enterprise with a resident ID',
      { idType: 'resident-id', idNumber: '11010519491231002X' },
      ['idType:ID_TYPE_NOT_ALLOWED'],
    ],
    ['individual with a USCC', { type: 'individual', name: '王小明' }, ['idType:ID_TYPE_NOT_ALLOWED']],
    ['institution with an enterprise USCC', { type: 'institution' }, ['idNumber:USCC_KIND_MISMATCH']],
    ['USCC with a wrong check character', { idNumber: '91330106MA2B3C4D5E' }, ['idNumber:ID_NUMBER_INVALID']],
    ['unknown province', { province: '火星' }, ['province:PROVINCE_UNKNOWN']],
    ['one-character name', { name: '杭' }, ['name:TOO_SHORT']],
    ['name with a control character', { name: '杭州示例\u0007科技有限公司' }, ['name:CONTROL_CHARACTER']],
    ['name of spaces only', { name: '   ' }, ['name:REQUIRED']],
    ['name over 100 characters', { name: '杭'.repeat(101) }, ['name:TOO_LONG']],
    ['PO box', { mailingAddress: '杭州市邮政信箱 123 号' }, ['mailingAddress:ADDRESS_PO_BOX']],
    [
      'markup in an address',
      { certificateAddress: '杭州市<script>文三路' },
      ['certificateAddress:ADDRESS_CHARACTERS'],
    ],
    ['short address', { certificateAddress: '杭州' }, ['certificateAddress:TOO_SHORT']],
    ['unknown field', { legalPerson: 'x' }, ['legalPerson:UNKNOWN_FIELD']],
    ['missing type', { type: undefined }, ['type:REQUIRED']],
    ['bad subject type', { type: 'company' }, ['type:INVALID_VALUE']],
    ['long remarks', { remarks: '注'.repeat(201) }, ['remarks:TOO_LONG']],
  ];
  for (const [what, change, expected] of rules) {
    it(`refuses ${what}`, () =>
      assert.deepEqual(codes(subjectSchema, { ...ENTERPRISE, ...change }), expected));
  }

  it('individual names: Chinese characters and · only with a resident ID; as printed otherwise', () => {
    const individual = {
      ...ENTERPRISE,
      type: 'individual',
      idType: 'resident-id',
      idNumber: '11010519491231002X',
    };
    assert.deepEqual(codes(subjectSchema, { ...individual, name: '王 小明' }), [
      'name:PERSON_NAME_CHARACTERS',
    ]);
    assert.deepEqual(codes(subjectSchema, { ...individual, name: '王小明2' }), [
      'name:PERSON_NAME_CHARACTERS',
    ]);
    assert.deepEqual(codes(subjectSchema, { ...individual, name: '·王小明' }), [
      'name:PERSON_NAME_CHARACTERS',
    ]);
    assert.deepEqual(codes(subjectSchema, { ...individual, name: '王'.repeat(31) }), ['name:TOO_LONG']);
    const passport = { ...individual, idType: 'passport', idNumber: 'E12345678', name: 'John Smith' };
    assert.deepEqual(codes(subjectSchema, passport), []);
    assert.deepEqual(codes(subjectSchema, { ...passport, name: 'John  Smith' }), [
      'name:PERSON_NAME_CHARACTERS',
    ]);
  });

  it('reports every field at once, also when another field has a type error', () => {
    assert.deepEqual(codes(subjectSchema, { ...ENTERPRISE, certificateAddress: 5, province: '火星' }), [
      'certificateAddress:INVALID_TYPE',
      'province:PROVINCE_UNKNOWN',
    ]);
  });

  it('never throws on non-objects', () => {
    for (const input of [null, undefined, 'x', 3, []])
      assert.equal(parseFields(subjectSchema, input).ok, false);
  });
});

describe('responsible person schema (负责人)', () => {
  const rules: [string, Record<string, unknown>, string[]][] = [
    ['a landline as mobile', { mobile: '057187654321' }, ['mobile:MOBILE_INVALID']],
    ['mobile starting 12', { mobile: '12800138000' }, ['mobile:MOBILE_INVALID']],
    ['10-digit mobile', { mobile: '1380013800' }, ['mobile:MOBILE_INVALID']],
    [
      'emergency phone = mobile',
      { emergencyPhone: '138 0013 8000' },
      ['emergencyPhone:EMERGENCY_PHONE_SAME_AS_MOBILE'],
    ],
    ['emergency phone without area code', { emergencyPhone: '87654321' }, ['emergencyPhone:PHONE_INVALID']],
    ['bad email', { email: 'wang@example' }, ['email:EMAIL_INVALID']],
    // Issue 12: markup passed the old pattern and was stored; WHATWG's valid e-mail address refuses it.
    ['an email with markup', { email: `a"'<script>alert(1)</script>…@x.cn` }, ['email:EMAIL_INVALID']],
    ['an email with angle brackets', { email: '<wang@example.cn>' }, ['email:EMAIL_INVALID']],
    ['an email with a quoted local part', { email: '"wang xiao"@example.cn' }, ['email:EMAIL_INVALID']],
    ['an email with two @', { email: 'wang@x@example.cn' }, ['email:EMAIL_INVALID']],
    ['an email whose domain label starts with -', { email: 'wang@-example.cn' }, ['email:EMAIL_INVALID']],
    [
      'an email with a 64-character domain label',
      { email: `wang@${'a'.repeat(64)}.cn` },
      ['email:EMAIL_INVALID'],
    ],
    ['an email with an empty domain label', { email: 'wang@example..cn' }, ['email:EMAIL_INVALID']],
    ['org code as a person certificate', { idType: 'org-code' }, ['idType:INVALID_VALUE']],
    ['bad resident ID', { idNumber: '110105194912310021' }, ['idNumber:ID_NUMBER_INVALID']],
    ['name with digits', { name: '王小明1' }, ['name:PERSON_NAME_CHARACTERS']],
  ];
  for (const [what, change, expected] of rules) {
    it(`refuses ${what}`, () => assert.deepEqual(codes(personSchema, { ...PERSON, ...change }), expected));
  }
  it('accepts valid e-mail addresses (WHATWG), also with a Chinese domain', () => {
    for (const email of [
      'wang@example.cn',
      'wang.xiao-ming+icp@mail.example.com.cn',
      "o'brien@example.cn",
      'WANG_01@EXAMPLE.CN',
      'wang@示例.中国',
    ])
      assert.deepEqual(codes(personSchema, { ...PERSON, email }), [], email);
  });

  it('names the field in both languages when the e-mail address is not valid', () => {
    const result = parseFields(personSchema, { ...PERSON, email: 'a<b>@x.cn' });
    assert.equal(result.ok, false);
    if (!result.ok) {
      const error = result.errors.find((e) => e.path === 'email');
      assert.match(error?.message.zh ?? '', /电子邮箱/);
      assert.match(error?.message.en ?? '', /email address/);
    }
  });

  it('accepts a mobile emergency phone and a landline with extension', () => {
    assert.deepEqual(codes(personSchema, { ...PERSON, emergencyPhone: '13900139000' }), []);
    assert.deepEqual(codes(personSchema, { ...PERSON, emergencyPhone: '010-12345678-123' }), []);
  });
});
