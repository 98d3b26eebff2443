/**
 * 验证码 and 证书编号 of domain certificates. The verification code is 16 random characters of
 * Crockford's base32 (80 bits: guessing one is hopeless even without the API's rate limit), printed in
 * groups of four. People read it off paper, so reading forgives what Crockford's alphabet was designed
 * to forgive: case, dashes and spaces, I and L for 1, O for 0. Only its SHA-256 is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { shanghaiDate } from '../shared/index.ts';

/** Crockford base32: digits and upper-case letters without I, L, O, U. */
const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 16;

/** A fresh code, `XXXX-XXXX-XXXX-XXXX`. */
export function newVerificationCode(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(CODE_LENGTH);
  let code = '';
  // 256 is a multiple of 32: taking each byte mod 32 keeps every character equally likely.
  for (let i = 0; i < CODE_LENGTH; i++) code += CROCKFORD_ALPHABET[(bytes[i] ?? 0) % 32];
  return code.match(/.{4}/g)?.join('-') ?? code;
}

/** What a person typed as the 16 characters it names, or null when it cannot be a code. */
export function normalizeVerificationCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const folded = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (folded.length !== CODE_LENGTH) return null;
  for (const char of folded) if (!CROCKFORD_ALPHABET.includes(char)) return null;
  return folded;
}

/** The stored form: SHA-256 hex of the normalised code. */
export function verificationCodeHash(normalized: string): string {
  return createHash('sha256').update(normalized).digest('hex');
}

/** 证书编号 `DC-20261128-3F2A9C1B`: the Asia/Shanghai issue day and 32 random bits. */
export function newCertificateSerial(now: Date, random: (size: number) => Buffer = randomBytes): string {
  return `DC-${shanghaiDate(now).replaceAll('-', '')}-${random(4).toString('hex').toUpperCase()}`;
}
