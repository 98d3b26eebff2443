import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apkFeatures,
  certificateFeatures,
  MAX_APK_BYTES,
  SigningUploadError,
} from '../../src/documents/index.ts';
import { makeSigner, signingBlock, v1Apk, v2Apk, zip } from './apk-samples.ts';

const rsa = makeSigner('Beian Test App');
const ec = makeSigner('Beian EC App', 'ec');

/** The refusal's field and both messages, or a failure when nothing was refused. */
function refusal(run: () => unknown): { field: string; zh: string; en: string } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof SigningUploadError, String(error));
    assert.ok(error.messages.zh.length > 0 && error.messages.en.length > 0);
    return { field: error.field, zh: error.messages.zh, en: error.messages.en };
  }
  assert.fail('the upload was accepted');
}

describe('signing certificate features', () => {
  it('reads a DER certificate: RSA modulus as the public key, MD5/SHA-1/SHA-256 as openssl prints them', () => {
    const f = certificateFeatures(rsa.der);
    assert.equal(f.publicKey, rsa.expected.modulus);
    assert.equal(f.md5, rsa.expected.md5);
    assert.equal(f.sha1, rsa.expected.sha1);
    assert.equal(f.sha256, rsa.expected.sha256);
    assert.equal(f.publicKeyAlgorithm, 'rsa');
    assert.match(f.subject, /Beian Test App/);
  });

  it('reads the same certificate in PEM, and an EC certificate (public key as SPKI)', () => {
    assert.deepEqual(certificateFeatures(rsa.pem), certificateFeatures(rsa.der));
    const f = certificateFeatures(ec.pem);
    assert.equal(f.md5, ec.expected.md5);
    assert.equal(f.publicKeyAlgorithm, 'ec');
    assert.match(f.publicKey, /^3059/); // SEQUENCE of an id-ecPublicKey P-256 SPKI
  });

  it('refuses empty, oversized, non-certificate and corrupted uploads, naming the field', () => {
    assert.deepEqual(
      refusal(() => certificateFeatures(Buffer.alloc(0), 'apps.0.platforms.ios.certificate')).field,
      'apps.0.platforms.ios.certificate',
    );
    assert.match(refusal(() => certificateFeatures(Buffer.alloc(70_000, 0x30))).en, /larger than/);
    assert.match(
      refusal(() => certificateFeatures(Buffer.from('%PDF-1.4 hello'))).en,
      /not a certificate file/,
    );
    const broken = Buffer.from(rsa.der);
    broken[broken.length - 40] = (broken[broken.length - 40] as number) ^ 0xff;
    broken.writeUInt8(0x30, 0);
    const truncated = rsa.der.subarray(0, 200);
    assert.match(refusal(() => certificateFeatures(truncated)).en, /not a valid X\.509/);
    const pemGarbage = Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    assert.match(refusal(() => certificateFeatures(pemGarbage)).en, /not a valid X\.509/);
  });
});

describe('APK features', () => {
  it('reads the v1 signature (META-INF/CERT.RSA, deflated or stored)', () => {
    for (const stored of [false, true]) {
      const f = apkFeatures(v1Apk(rsa, stored));
      assert.equal(f.scheme, 'v1');
      assert.equal(f.entry, 'META-INF/CERT.RSA');
      assert.equal(f.md5, rsa.expected.md5);
      assert.equal(f.publicKey, rsa.expected.modulus);
    }
  });

  it('reads the v2 signing block before the central directory, preferring it to v1', () => {
    const f = apkFeatures(v2Apk(rsa));
    assert.deepEqual([f.scheme, f.md5, f.sha1], ['v2', rsa.expected.md5, rsa.expected.sha1]);
    // Both: the block wins (Android verifies v2/v3 first when present).
    const both = zip([{ name: 'META-INF/CERT.RSA', data: rsa.pkcs7 }], signingBlock(ec.der, 0xf05368c0));
    assert.deepEqual([apkFeatures(both).scheme, apkFeatures(both).md5], ['v3', ec.expected.md5]);
  });

  it('refuses what is no APK, an unsigned APK, and damaged or hostile archives', () => {
    assert.match(refusal(() => apkFeatures(rsa.der, 'apps.0.platforms.android.apk')).en, /not an APK/);
    assert.equal(refusal(() => apkFeatures(Buffer.from('PK\u0003\u0004'), 'f')).field, 'f');
    const unsigned = zip([{ name: 'AndroidManifest.xml', data: Buffer.from('x') }]);
    assert.match(refusal(() => apkFeatures(unsigned)).en, /not signed/);
    assert.match(refusal(() => apkFeatures({ length: MAX_APK_BYTES + 1 } as Uint8Array)).en, /larger than/);

    // A zip bomb posing as the signature: 64 MiB of zeros deflate to ~64 KiB; inflating stops at 1 MiB.
    const bomb = zip([{ name: 'META-INF/CERT.RSA', data: Buffer.alloc(64 * 1024 * 1024), deflate: true }]);
    assert.match(refusal(() => apkFeatures(bomb)).en, /cannot be inflated or is too large/);

    // A central directory that points past the archive, and an entry whose local header is elsewhere.
    const lyingDirectory = v1Apk(rsa, true);
    lyingDirectory.writeUInt32LE(lyingDirectory.length, lyingDirectory.length - 6);
    assert.match(refusal(() => apkFeatures(lyingDirectory)).en, /not an APK/);
    const lyingEntry = v1Apk(rsa, true);
    const name = lyingEntry.lastIndexOf('META-INF/CERT.RSA');
    lyingEntry.writeUInt32LE(0xfffffff0, name - 46 + 42);
    assert.match(refusal(() => apkFeatures(lyingEntry)).en, /damaged ZIP directory/);
    const notPkcs7 = zip([{ name: 'META-INF/CERT.RSA', data: rsa.der }]);
    assert.match(refusal(() => apkFeatures(notPkcs7)).en, /not PKCS#7/);
    // DER lengths larger than their container, and BER's indefinite length.
    const overlong = Buffer.from(rsa.pkcs7);
    overlong[1] = 0x84;
    overlong.writeUInt32BE(0x7fffffff, 2);
    assert.match(
      refusal(() => apkFeatures(zip([{ name: 'META-INF/CERT.RSA', data: overlong }]))).en,
      /damaged signature block/,
    );
    const indefinite = Buffer.from([0x30, 0x80, 0x00, 0x00]);
    assert.match(
      refusal(() => apkFeatures(zip([{ name: 'META-INF/A.RSA', data: indefinite }]))).en,
      /damaged signature block/,
    );
    // A signing block whose size field lies.
    const block = signingBlock(rsa.der);
    block.writeBigUInt64LE(BigInt(block.length * 1000), block.length - 24);
    assert.match(
      refusal(() => apkFeatures(zip([{ name: 'a', data: Buffer.from('a') }], block))).en,
      /damaged APK signing block/,
    );
    // A v2 block whose certificate length runs past the block.
    const shortCert = signingBlock(Buffer.from([0x30, 0x82, 0x10, 0x00]));
    assert.match(
      refusal(() => apkFeatures(zip([{ name: 'a', data: Buffer.from('a') }], shortCert))).en,
      /not a valid X\.509/,
    );
  });
});
