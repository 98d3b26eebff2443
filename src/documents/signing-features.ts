/**
 * 签名特征提取 — the feature information (特征信息) of an app's signing certificate, computed from the
 * certificate itself or from an APK, so the operator never types hashes by hand (data/app-filing.json:
 * Android public key + certificate MD5, iOS public key + SHA-1, HarmonyOS SHA-256 fingerprint).
 *
 * Uploads are hostile until proven otherwise: every length is checked against the bytes that are
 * there, nothing is inflated beyond a small bound (node:zlib `maxOutputLength`), and every refusal is a
 * `SigningUploadError` naming the field in zh and en.
 *
 * Why no zip library: the APK Signature Scheme v2/v3 block sits between the last entry and the central
 * directory (https://source.android.com/docs/security/features/apksigning/v2), where a zip library does
 * not look; finding it needs the End of Central Directory offsets anyway, and the v1 signature is one
 * small entry, read here with the same offsets and node:zlib's bounded inflate.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import type { Localized } from '../shared/index.ts';
import { LocalizedError } from '../shared/index.ts';

/** 签名证书特征 — what MIIT's form asks of a signing certificate, as lower-case hex without colons. */
export type SigningFeatures = {
  /** RSA: the modulus (what JadxGUI and the providers' guides show as 公钥/模数); else the SPKI DER. */
  publicKey: string;
  publicKeyAlgorithm: string;
  /** Of the certificate's DER bytes: Android's MD5, iOS's SHA-1, HarmonyOS's SHA-256 fingerprint. */
  md5: string;
  sha1: string;
  sha256: string;
  subject: string;
  validTo: string;
};

/** Where a certificate was found in an APK: the v2/v3 signing block or the v1 `META-INF/*.RSA` entry. */
export type ApkFeatures = SigningFeatures & { scheme: 'v1' | 'v2' | 'v3'; entry: string | null };

/** A refused upload: the field it came in and why, in both languages. */
export class SigningUploadError extends LocalizedError {
  readonly field: string;
  constructor(field: string, messages: Localized) {
    super(messages);
    this.field = field;
  }
}

/** A signing certificate is a few KiB; a chain in PEM rarely passes 16 KiB. */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;
/** An APK is read whole in memory; larger ones are refused (upload the certificate instead). */
export const MAX_APK_BYTES = 100 * 1024 * 1024;
/** A v1 signature block (PKCS#7 with its certificate chain) is small; inflating stops here. */
const MAX_SIGNATURE_ENTRY_BYTES = 1024 * 1024;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const digest = (algorithm: string, bytes: Uint8Array) => createHash(algorithm).update(bytes).digest('hex');

function refuse(field: string, zh: string, en: string): never {
  throw new SigningUploadError(field, { zh, en });
}

/** The features of one DER certificate; anything node:crypto cannot read is refused. */
function featuresOfDer(field: string, der: Uint8Array): SigningFeatures {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    refuse(field, '不是有效的 X.509 证书，无法读取', 'is not a valid X.509 certificate');
  }
  const key = cert.publicKey;
  let publicKey: string;
  if (key.asymmetricKeyType === 'rsa') {
    const jwk = key.export({ format: 'jwk' });
    // The modulus as an unsigned big-endian number: JWK's `n` has no sign byte.
    publicKey = Buffer.from(String(jwk.n), 'base64url').toString('hex');
  } else publicKey = hex(key.export({ type: 'spki', format: 'der' }));
  return {
    publicKey,
    publicKeyAlgorithm: key.asymmetricKeyType ?? 'unknown',
    md5: digest('md5', cert.raw),
    sha1: digest('sha1', cert.raw),
    sha256: digest('sha256', cert.raw),
    subject: cert.subject,
    validTo: new Date(cert.validTo).toISOString(),
  };
}

const PEM = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/;

/**
 * Features of an uploaded certificate file: DER (`.cer`, `.der`, `.crt`) or PEM (the first certificate
 * of the file, which is the leaf in a chain as Apple and the keytool export it).
 */
export function certificateFeatures(bytes: Uint8Array, field = 'certificate'): SigningFeatures {
  if (bytes.length === 0) refuse(field, '文件为空', 'is empty');
  if (bytes.length > MAX_CERTIFICATE_BYTES)
    refuse(
      field,
      `超过 ${MAX_CERTIFICATE_BYTES / 1024} KiB，不是证书文件`,
      `is larger than ${MAX_CERTIFICATE_BYTES / 1024} KiB, not a certificate file`,
    );
  if (bytes[0] === 0x30) return featuresOfDer(field, bytes);
  const text = Buffer.from(bytes).toString('latin1');
  const pem = PEM.exec(text);
  if (!pem)
    refuse(
      field,
      '不是证书文件（应为 DER 或 PEM 格式的 X.509 证书，如 .cer、.pem）',
      'is not a certificate file (expected an X.509 certificate in DER or PEM form, such as .cer or .pem)',
    );
  return featuresOfDer(field, Buffer.from((pem[1] as string).replace(/\s+/g, ''), 'base64'));
}

// ---- DER, as far as PKCS#7 SignedData needs it (RFC 5652 §5.1; X.690 definite lengths only).

type Tlv = { tag: number; start: number; contentStart: number; end: number };

function readTlv(field: string, buf: Uint8Array, offset: number, limit: number): Tlv {
  const bad = () => refuse(field, '签名块结构损坏', 'has a damaged signature block');
  if (offset + 2 > limit) bad();
  const tag = buf[offset] as number;
  // High tag numbers (0x1f) never occur in SignedData.
  if ((tag & 0x1f) === 0x1f) bad();
  let length = buf[offset + 1] as number;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // 0x80 is BER's indefinite length, which DER forbids; more than 4 bytes is no real block.
    if (count === 0 || count > 4 || contentStart + count > limit) bad();
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (buf[contentStart + i] as number);
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) bad();
  return { tag, start: offset, contentStart, end };
}

function children(field: string, buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const child = readTlv(field, buf, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

const SIGNED_DATA_OID = Buffer.from('06092a864886f70d010702', 'hex');

/** The certificates of a PKCS#7 SignedData (a v1 `META-INF/*.RSA`), the signer's first. */
export function pkcs7Certificates(bytes: Uint8Array, field = 'apk'): Uint8Array[] {
  const info = readTlv(field, bytes, 0, bytes.length);
  if (info.tag !== 0x30)
    refuse(field, '的签名块不是 PKCS#7 结构', 'has a signature block that is not PKCS#7');
  const [oid, wrapped] = children(field, bytes, info);
  if (
    !oid ||
    !Buffer.from(bytes.subarray(oid.start, oid.end)).equals(SIGNED_DATA_OID) ||
    wrapped?.tag !== 0xa0
  )
    refuse(field, '的签名块不是 PKCS#7 SignedData', 'has a signature block that is not PKCS#7 SignedData');
  const signedData = children(field, bytes, wrapped)[0];
  if (signedData?.tag !== 0x30) refuse(field, '签名块结构损坏', 'has a damaged signature block');
  // version, digestAlgorithms, encapContentInfo, then [0] IMPLICIT certificates.
  const certificates = children(field, bytes, signedData).find((t) => t.tag === 0xa0);
  if (!certificates) refuse(field, '的签名块不含证书', 'has a signature block without a certificate');
  return children(field, bytes, certificates)
    .filter((t) => t.tag === 0x30)
    .map((t) => bytes.subarray(t.start, t.end));
}

// ---- ZIP (APPNOTE.TXT 4.3.12, 4.3.16) and the APK signing block.

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const SIG_BLOCK_MAGIC = Buffer.from('APK Sig Block 42', 'latin1');
const V2_BLOCK_ID = 0x7109871a;
const V3_BLOCK_ID = 0xf05368c0;
/** The EOCD record is 22 bytes plus a comment of at most 65,535. */
const EOCD_SEARCH = 22 + 0xffff;

const NOT_AN_APK = {
  zh: '不是 APK 文件（应为 ZIP 格式的 Android 安装包）',
  en: 'is not an APK (expected an Android package in ZIP format)',
};

type Zip = { buf: Buffer; cdOffset: number; cdEnd: number; entries: number };

function readZip(field: string, bytes: Uint8Array): Zip {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL_SIGNATURE) refuse(field, NOT_AN_APK.zh, NOT_AN_APK.en);
  for (let at = buf.length - 22; at >= Math.max(0, buf.length - EOCD_SEARCH); at -= 1) {
    if (buf.readUInt32LE(at) !== EOCD_SIGNATURE) continue;
    const entries = buf.readUInt16LE(at + 10);
    const cdSize = buf.readUInt32LE(at + 12);
    const cdOffset = buf.readUInt32LE(at + 16);
    if (cdOffset + cdSize > at) continue; // a signature inside the comment, or a ZIP64 archive
    return { buf, cdOffset, cdEnd: cdOffset + cdSize, entries };
  }
  return refuse(field, NOT_AN_APK.zh, NOT_AN_APK.en);
}

/** The first signer's first certificate of the v3 (preferred) or v2 scheme block, if the APK has one. */
function signingBlockCertificate(field: string, zip: Zip): { der: Uint8Array; scheme: 'v2' | 'v3' } | null {
  const { buf, cdOffset } = zip;
  if (cdOffset < 32 || !buf.subarray(cdOffset - 16, cdOffset).equals(SIG_BLOCK_MAGIC)) return null;
  const damaged = () =>
    refuse(field, '的 APK 签名块（v2/v3）结构损坏', 'has a damaged APK signing block (v2/v3)');
  const size = Number(buf.readBigUInt64LE(cdOffset - 24));
  const blockStart = cdOffset - 8 - size;
  if (!Number.isSafeInteger(size) || size < 24 || blockStart < 0) damaged();
  if (Number(buf.readBigUInt64LE(blockStart)) !== size) damaged();
  const pairs = new Map<number, Buffer>();
  for (let at = blockStart + 8; at < cdOffset - 24;) {
    if (at + 12 > cdOffset - 24) damaged();
    const length = Number(buf.readBigUInt64LE(at));
    if (!Number.isSafeInteger(length) || length < 4 || at + 8 + length > cdOffset - 24) damaged();
    pairs.set(buf.readUInt32LE(at + 8), buf.subarray(at + 12, at + 8 + length));
    at += 8 + length;
  }
  const found: [number, 'v2' | 'v3'][] = [
    [V3_BLOCK_ID, 'v3'],
    [V2_BLOCK_ID, 'v2'],
  ];
  for (const [id, scheme] of found) {
    const value = pairs.get(id);
    if (!value) continue;
    // signers: [len] { [len] signer: [len] signedData: [len] digests, [len] certificates: [len] cert … }
    const prefixed = (b: Buffer, at: number): Buffer => {
      if (at + 4 > b.length) damaged();
      const n = b.readUInt32LE(at);
      if (at + 4 + n > b.length) damaged();
      return b.subarray(at + 4, at + 4 + n);
    };
    const signers = prefixed(value, 0);
    const signer = prefixed(signers, 0);
    const signedData = prefixed(signer, 0);
    const digests = prefixed(signedData, 0);
    const certificates = prefixed(signedData, 4 + digests.length);
    const der = prefixed(certificates, 0);
    return { der, scheme };
  }
  return null;
}

/** The v1 signature entry (`META-INF/*.RSA|DSA|EC`), inflated within bounds. */
function v1SignatureEntry(field: string, zip: Zip): { name: string; data: Uint8Array } | null {
  const { buf } = zip;
  const damaged = () => refuse(field, '的 ZIP 目录结构损坏', 'has a damaged ZIP directory');
  let at = zip.cdOffset;
  for (let i = 0; i < zip.entries; i += 1) {
    if (at + 46 > zip.cdEnd || buf.readUInt32LE(at) !== CENTRAL_SIGNATURE) damaged();
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const localOffset = buf.readUInt32LE(at + 42);
    if (at + 46 + nameLength > zip.cdEnd) damaged();
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (!/^META-INF\/[^/]+\.(RSA|DSA|EC)$/i.test(name)) continue;
    if (localOffset + 30 > zip.cdOffset || buf.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) damaged();
    const dataStart =
      localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > zip.cdOffset) damaged();
    const raw = buf.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) return { name, data: raw };
    if (method !== 8)
      refuse(
        field,
        `的签名文件 ${name} 使用了不支持的压缩方式`,
        `compresses its signature file ${name} in an unsupported way`,
      );
    try {
      return { name, data: inflateRawSync(raw, { maxOutputLength: MAX_SIGNATURE_ENTRY_BYTES }) };
    } catch {
      refuse(
        field,
        `的签名文件 ${name} 无法解压或过大`,
        `has a signature file ${name} that cannot be inflated or is too large`,
      );
    }
  }
  return null;
}

/**
 * Features of an APK's signing certificate: from the v3/v2 signing block when there is one (APKs
 * signed for Android 7 and later may carry no v1 signature), else from the v1 `META-INF/*.RSA`.
 */
export function apkFeatures(bytes: Uint8Array, field = 'apk'): ApkFeatures {
  if (bytes.length === 0) refuse(field, '文件为空', 'is empty');
  if (bytes.length > MAX_APK_BYTES)
    refuse(
      field,
      `超过 ${MAX_APK_BYTES / 1024 / 1024} MiB；请改为上传签名证书`,
      `is larger than ${MAX_APK_BYTES / 1024 / 1024} MiB; upload the signing certificate instead`,
    );
  const zip = readZip(field, bytes);
  const block = signingBlockCertificate(field, zip);
  if (block) return { ...featuresOfDer(field, block.der), scheme: block.scheme, entry: null };
  const entry = v1SignatureEntry(field, zip);
  if (!entry)
    refuse(
      field,
      '未签名：既没有 v2/v3 签名块，也没有 META-INF 下的签名文件',
      'is not signed: it has neither a v2/v3 signing block nor a signature file under META-INF',
    );
  const [first] = pkcs7Certificates(entry.data, field);
  if (!first) refuse(field, '的签名块不含证书', 'has a signature block without a certificate');
  return { ...featuresOfDer(field, first), scheme: 'v1', entry: entry.name };
}
