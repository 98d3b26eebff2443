/**
 * Password hashing with node:crypto scrypt (OWASP Password Storage Cheat Sheet: scrypt with
 * N=2^15, r=8, p=1). Each hash carries its parameters and salt, so raising the cost later leaves
 * stored hashes verifiable: `scrypt$32768$8$1$<salt>$<hash>` (base64url). The cost is a parameter
 * with the production value as default: test fixtures hash hundreds of passwords and pass a cheap one.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt's cost: N (CPU and memory, a power of two), r (block size) and p (parallelism). */
export type ScryptParams = { readonly N: number; readonly r: number; readonly p: number };

const SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Bounds for stored parameters: a corrupted or hostile row must not make verification eat the host. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

function derive(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default maxmem (32 MiB) is exactly N=2^15, r=8, so leave headroom.
  // The default stays the floor: OpenSSL adds fixed overhead that a tiny test cost would not cover.
  const maxmem = Math.max(256 * params.N * params.r, 32 * 1024 * 1024);
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** Hashes a password with a fresh random salt, at the production cost unless `cost` says otherwise. */
export async function hashPassword(password: string, cost: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  // A hash verifyPassword would refuse to read must not be written.
  if (!withinBounds(cost)) throw new RangeError(`scrypt cost out of bounds: ${JSON.stringify(cost)}`);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, cost);
  const { N, r, p } = cost;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function withinBounds(params: ScryptParams): boolean {
  return (
    Number.isInteger(params.N) &&
    params.N > 1 &&
    params.N <= MAX_N &&
    (params.N & (params.N - 1)) === 0 &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= MAX_R &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= MAX_P
  );
}

function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || rest.length > 0 || salt === undefined || key === undefined) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const saltBytes = Buffer.from(salt, 'base64url');
  const keyBytes = Buffer.from(key, 'base64url');
  if (!withinBounds(params) || saltBytes.length < SALT_BYTES || keyBytes.length < 16) return null;
  return { params, salt: saltBytes, key: keyBytes };
}

/** Whether `password` matches `stored`; compares in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification when no account matched, so response times do not tell which
 * login names exist (OWASP Authentication Cheat Sheet, "Authentication Responses").
 */
export async function verifyNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummyHash);
  return false;
}
