/**
 * Real-format signing material built in the test, with OpenSSL (no checked-in binaries): a self-signed
 * certificate as `keytool`/Apple would hand out (DER and PEM), a v1 signature (PKCS#7 SignedData over
 * META-INF/CERT.SF, as `jarsigner` writes META-INF/CERT.RSA), and tiny APKs: a ZIP with that entry
 * (stored or deflated), and one with an APK Signature Scheme v2 block before the central directory
 * (https://source.android.com/docs/security/features/apksigning/v2). The expected features come from
 * `openssl x509`, not from the code under test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

export type Signer = {
  der: Buffer;
  pem: Buffer;
  /** PKCS#7 SignedData over a CERT.SF, DER: the content of META-INF/CERT.RSA. */
  pkcs7: Buffer;
  /** As `openssl x509` prints them, folded to lower-case hex without colons. */
  expected: { md5: string; sha1: string; sha256: string; modulus: string };
};

const fold = (text: string) => (text.split('=')[1] ?? '').trim().replace(/:/g, '').toLowerCase();

export function makeSigner(commonName: string, keyType: 'rsa' | 'ec' = 'rsa'): Signer {
  const dir = mkdtempSync(join(tmpdir(), 'beian-signer-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }).toString();
  try {
    const keyArgs =
      keyType === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
    run(
      'req',
      '-x509',
      ...keyArgs,
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
      '-days',
      '3650',
      '-subj',
      `/CN=${commonName}/O=beian test`,
    );
    run('x509', '-in', 'cert.pem', '-outform', 'DER', '-out', 'cert.der');
    writeFileSync(join(dir, 'CERT.SF'), 'Signature-Version: 1.0\r\nCreated-By: beian test\r\n\r\n');
    run(
      'smime',
      '-sign',
      '-binary',
      '-noattr',
      '-in',
      'CERT.SF',
      '-signer',
      'cert.pem',
      '-inkey',
      'key.pem',
      '-outform',
      'DER',
      '-out',
      'CERT.RSA',
    );
    return {
      der: readFileSync(join(dir, 'cert.der')),
      pem: readFileSync(join(dir, 'cert.pem')),
      pkcs7: readFileSync(join(dir, 'CERT.RSA')),
      expected: {
        md5: fold(run('x509', '-in', 'cert.pem', '-noout', '-fingerprint', '-md5')),
        sha1: fold(run('x509', '-in', 'cert.pem', '-noout', '-fingerprint', '-sha1')),
        sha256: fold(run('x509', '-in', 'cert.pem', '-noout', '-fingerprint', '-sha256')),
        modulus: keyType === 'rsa' ? fold(run('x509', '-in', 'cert.pem', '-noout', '-modulus')) : '',
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Entry = { name: string; data: Buffer; deflate?: boolean };

/** A ZIP of `entries`; `beforeDirectory` is placed between the last entry and the central directory. */
export function zip(entries: Entry[], beforeDirectory: Buffer = Buffer.alloc(0)): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const body = entry.deflate ? deflateRawSync(entry.data) : entry.data;
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cdOffset = offset + beforeDirectory.length;
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([...locals, beforeDirectory, cd, eocd]);
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
};
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n), 0);
  return b;
};
const prefixed = (...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(body.length), body]);
};

/**
 * An APK Signing Block holding a v2 block for `certificate` (digests and signatures are placeholders:
 * extraction reads the certificate, it does not verify the APK, which the stores do).
 */
export function signingBlock(certificate: Buffer, id = 0x7109871a): Buffer {
  const signedData = Buffer.concat([prefixed(), prefixed(prefixed(certificate)), prefixed()]);
  const signer = prefixed(prefixed(signedData), prefixed(), prefixed());
  const value = prefixed(signer);
  const pair = Buffer.concat([u64(4 + value.length), u32(id), value]);
  // The size counts the pairs, the second size field and the magic, not the first size field.
  const size = pair.length + 8 + 16;
  return Buffer.concat([u64(size), pair, u64(size), Buffer.from('APK Sig Block 42', 'latin1')]);
}

const MANIFEST = Buffer.from('<manifest package="cn.example.beian"/>');

/** A v1-signed APK: AndroidManifest.xml and META-INF/CERT.RSA (deflated unless `stored`). */
export function v1Apk(signer: Signer, stored = false): Buffer {
  return zip([
    { name: 'AndroidManifest.xml', data: MANIFEST },
    { name: 'META-INF/MANIFEST.MF', data: Buffer.from('Manifest-Version: 1.0\r\n'), deflate: true },
    { name: 'META-INF/CERT.RSA', data: signer.pkcs7, deflate: !stored },
  ]);
}

/** A v2-signed APK without v1 files. */
export function v2Apk(signer: Signer): Buffer {
  return zip([{ name: 'AndroidManifest.xml', data: MANIFEST }], signingBlock(signer.der));
}
