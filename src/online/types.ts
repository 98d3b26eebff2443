/** Shapes of the online layer: what an RDAP or WHOIS lookup yields once mapped to registration facts. */

/** The public sources this layer asks (FactOrigin values). */
export type OnlineSourceName = 'rdap' | 'whois';

/** `no-server`: no RDAP or WHOIS server is known for the suffix, so nothing was asked (never cached). */
type OnlineOutcome = 'found' | 'not-found' | 'error' | 'no-server';

/** 在线查询结果 — one RDAP or WHOIS answer for a registrable domain, mapped to registration facts. */
export type OnlineRecord = {
  source: OnlineSourceName;
  /** Registrable domain, A-label form. */
  domain: string;
  /** The server that answered: the RDAP URL asked last, or WHOIS `host:port`. */
  server: string | null;
  outcome: OnlineOutcome;
  /** ISO 8601 instant of the lookup. */
  observedAt: string;
  registrar: string | null;
  registrarIanaId: number | null;
  registeredAt: string | null;
  /** The date the registration is paid up to (see expiry.ts), ISO 8601. */
  expiresAt: string | null;
  /** End of the gTLD auto-renew grace period after `expiresAt`; null for ccTLDs. */
  renewalGraceUntil: string | null;
  /** RFC 8056 RDAP status strings (`client hold`), WHOIS EPP statuses converted to them. */
  statuses: string[];
  /** The holder's name where the source shows it (CNNIC WHOIS); RDAP's is never taken (RFC 9537 redaction). */
  holderName: string | null;
  /** For `error`: `timeout`, `rate-limited`, `malformed`, `too-large`, `network`, `incomplete`, `http-NNN`. */
  error?: string;
};

/** A lookup's result before the layer stamps source, domain and time on it. */
export type LookupAnswer = Omit<OnlineRecord, 'source' | 'domain' | 'observedAt'>;

const EMPTY_ANSWER: Omit<LookupAnswer, 'server' | 'outcome'> = Object.freeze({
  registrar: null,
  registrarIanaId: null,
  registeredAt: null,
  expiresAt: null,
  renewalGraceUntil: null,
  statuses: [],
  holderName: null,
});

/** An answer that carries no facts: not found, or an error with its reason. */
export function emptyAnswer(
  server: string | null,
  outcome: Exclude<OnlineOutcome, 'found'>,
  error?: string,
): LookupAnswer {
  return { ...EMPTY_ANSWER, statuses: [], server, outcome, ...(error === undefined ? {} : { error }) };
}
