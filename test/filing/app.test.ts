import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  APP_PLATFORM_FIELDS,
  featureMismatches,
  makeAppSchema,
  makeAppsSchema,
  parseFields,
} from '../../src/filing/index.ts';
import { APP_PLATFORMS, loadAppFilingData } from '../../src/policy/index.ts';
import { PERSON } from './form-fixtures.ts';

export const APP = {
  name: '示例记账',
  type: 'app',
  platforms: {
    android: {
      packageName: 'cn.example.ledger',
      publicKey: 'A1:B2'.repeat(20),
      md5: '0123456789ABCDEF0123456789abcdef',
    },
  },
  serviceContent: ['software'],
  responsiblePerson: PERSON,
  domains: ['api.example.cn'],
  ips: ['203.0.113.7'],
};

const errorsOf = (input: unknown) => {
  const parsed = parseFields(makeAppSchema(), input);
  return parsed.ok ? [] : parsed.errors.map((e) => `${e.path} ${e.code}`);
};

describe('app entry (APP备案)', () => {
  it('carries the feature fields data/app-filing.json lists for each platform', () => {
    const data = loadAppFilingData();
    for (const platform of APP_PLATFORMS)
      assert.deepEqual(
        [...APP_PLATFORM_FIELDS[platform]],
        data.featureFields(platform, new Date('2026-12-05T04:00:00Z')).fields,
        platform,
      );
  });

  it('accepts an app and writes hashes and keys as lower-case hex without colons', () => {
    const parsed = parseFields(makeAppSchema(), APP);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.value.platforms.android?.md5, '0123456789abcdef0123456789abcdef');
    assert.equal(parsed.value.platforms.android?.publicKey, 'a1b2'.repeat(20));
    assert.deepEqual(parsed.value.domains, ['api.example.cn']);
  });

  it('names every wrong field at once', () => {
    const errors = errorsOf({
      ...APP,
      platforms: {
        android: { packageName: '1bad', publicKey: 'xyz', md5: '12345' },
        ios: { bundleId: 'no_dots', publicKey: 'ab'.repeat(40), sha1: 'ab'.repeat(19) },
      },
      domains: ['not a domain', 'api.example.cn', 'API.example.cn'],
      ips: ['300.1.1.1', '2001:db8::1'],
    });
    assert.deepEqual(errors.sort(), [
      'domains.0 DOMAIN_INVALID',
      'domains.2 DOMAIN_DUPLICATE',
      'ips.0 APP_IP_INVALID',
      'platforms.android.md5 APP_HASH_INVALID',
      'platforms.android.packageName APP_PACKAGE_INVALID',
      'platforms.android.publicKey APP_PUBLIC_KEY_INVALID',
      'platforms.ios.bundleId APP_PACKAGE_INVALID',
      'platforms.ios.sha1 APP_HASH_INVALID',
    ]);
  });

  it('asks an app for a platform, and refuses platforms on a mini program', () => {
    assert.deepEqual(errorsOf({ ...APP, platforms: {} }), ['platforms APP_PLATFORM_REQUIRED']);
    assert.deepEqual(errorsOf({ ...APP, type: 'mini-program' }), ['platforms APP_PLATFORMS_NOT_FOR_TYPE']);
    assert.deepEqual(errorsOf({ ...APP, type: 'mini-program', platforms: {} }), []);
  });

  it('refuses two apps of one application with one name or one package', () => {
    const parsed = parseFields(makeAppsSchema(), [APP, { ...APP, name: '另一个记账' }, APP]);
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.errors.map((e) => `${e.path} ${e.code}`),
      ['1.platforms.android APP_DUPLICATE', '2.name APP_DUPLICATE', '2.platforms.android APP_DUPLICATE'],
    );
  });

  it('reports a typed hash that differs from the uploaded certificate as a field error', () => {
    const computed = {
      publicKey: 'a1b2'.repeat(20),
      md5: 'ff'.repeat(16),
      sha1: '00'.repeat(20),
      sha256: '',
    };
    const issues = featureMismatches('android', APP.platforms.android, computed, ['apps', 0]);
    assert.deepEqual(
      issues.map((i) => [i.path.join('.'), i.code]),
      [['apps.0.platforms.android.md5', 'APP_FEATURE_MISMATCH']],
    );
    assert.match(issues[0]?.message.en ?? '', /ffffffff/);
  });
});
