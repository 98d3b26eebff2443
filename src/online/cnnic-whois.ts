/**
 * CNNIC's WHOIS reply for .cn and .中国 (whois.cnnic.cn, cwhois.cnnic.cn): `Key: value` lines such as
 *
 *   Domain Name: baidu.cn
 *   Domain Status: clientTransferProhibited
 *   Registrant: 北京百度网讯科技有限公司
 *   Sponsoring Registrar: 北京新网数码信息技术有限公司
 *   Registration Time: 2003-03-17 12:20:05
 *   Expiration Time: 2029-03-17 12:48:36
 *
 * Times are Beijing time (UTC+8) without an offset. Statuses are EPP names (RFC 5731), converted to the
 * RDAP spelling (RFC 8056) the engine reads. The Registrant line is a name only, never a verified
 * real-name holder: CNNIC WHOIS shows no certificate and no verification state.
 */
import { parseInstant } from '../shared/index.ts';

type CnnicWhoisFacts = {
  domain: string;
  registrar: string | null;
  registeredAt: string | null;
  expiresAt: string | null;
  statuses: string[];
  holderName: string | null;
};

type CnnicWhoisParse =
  | { kind: 'found'; facts: CnnicWhoisFacts }
  | { kind: 'not-found' }
  | { kind: 'rate-limited' }
  | { kind: 'malformed' };

const NOT_FOUND = /^\s*(no matching record|the domain you want to register is reserved)/im;
// CNNIC's throttling texts in English and Chinese; a reply like these carries no record.
const RATE_LIMITED =
  /(connection limit exceeded|exceeded the (query )?limit|too many (queries|requests)|queried interval is too short|try again later|查询(过于|太)频繁)/i;
const REDACTED = /(redacted|privacy|not disclosed|隐私|不公开)/i;
const MAX_TEXT = 256;
const MAX_STATUSES = 32;

export function parseCnnicWhois(text: string): CnnicWhoisParse {
  if (NOT_FOUND.test(text)) return { kind: 'not-found' };
  const fields = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line
      .slice(colon + 1)
      .trim()
      .slice(0, MAX_TEXT);
    if (value === '') continue;
    const values = fields.get(key);
    if (values) values.push(value);
    else fields.set(key, [value]);
  }
  const first = (key: string) => fields.get(key)?.[0] ?? null;
  const domain = first('domain name');
  if (domain === null) return RATE_LIMITED.test(text) ? { kind: 'rate-limited' } : { kind: 'malformed' };
  const holder = first('registrant');
  return {
    kind: 'found',
    facts: {
      domain: domain.toLowerCase(),
      registrar: first('sponsoring registrar'),
      registeredAt: beijingTime(first('registration time')),
      expiresAt: beijingTime(first('expiration time')),
      statuses: (fields.get('domain status') ?? []).slice(0, MAX_STATUSES).map(eppToRdap),
      holderName: holder !== null && !REDACTED.test(holder) ? holder : null,
    },
  };
}

/** `2003-03-17 12:20:05` in Beijing time → ISO 8601 UTC; null when unreadable. */
function beijingTime(value: string | null): string | null {
  if (value === null) return null;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2})?)$/.exec(value);
  if (!match) return null;
  return parseInstant(`${match[1]}T${match[2]}+08:00`)?.toISOString() ?? null;
}

/** RFC 8056 §2: `clientHold` → `client hold`; `ok` → `active`. */
export function eppToRdap(status: string): string {
  const name = status.trim().split(/\s+/)[0] ?? '';
  if (name.toLowerCase() === 'ok') return 'active';
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
