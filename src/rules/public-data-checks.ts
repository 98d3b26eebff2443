/**
 * Checks over facts from public registration data (RDAP, WHOIS; issue 6): registry statuses, the
 * auto-renew grace period, real-name data no public source carries, and sources that disagree.
 */
import type { DomainFacts, DomainRegistration, FactObservation, FactOrigin } from '../facts/index.ts';
import { compareInstant, instantMs, shanghaiDate } from '../shared/index.ts';
import type { CheckContext } from './context.ts';
import { joinLocalized } from './identity.ts';
import { makeFinding } from './render.ts';
import type { Finding, Localized } from './types.ts';

export const ORIGIN_LABELS: Record<FactOrigin, Localized> = {
  'registrar-sandbox': { zh: '注册商（沙箱）', en: 'the registrar (sandbox)' },
  'miit-sandbox': { zh: '工信部域名库（沙箱）', en: "MIIT's domain database (sandbox)" },
  import: { zh: '导入的域名库数据', en: 'imported domain database data' },
  rdap: { zh: 'RDAP', en: 'RDAP' },
  whois: { zh: 'WHOIS', en: 'WHOIS' },
  upload: { zh: '上传的材料', en: 'an uploaded document' },
  memory: { zh: '内存数据', en: 'in-memory data' },
};

const PUBLIC_ORIGINS: ReadonlySet<FactOrigin> = new Set(['rdap', 'whois']);

/** What a public registration lookup (RDAP/WHOIS) said about a domain: `not-asked` without --online. */
export type PublicLookup = 'not-asked' | 'found' | 'not-found' | 'error' | 'no-server';

export function publicLookupOf(facts: DomainFacts): PublicLookup {
  if (!facts.sources) return 'not-asked';
  const outcomes = new Set(
    facts.sources.filter((source) => PUBLIC_ORIGINS.has(source.origin)).map((s) => s.outcome),
  );
  for (const outcome of ['found', 'not-found', 'error', 'no-server'] as const) {
    if (outcomes.has(outcome)) return outcome;
  }
  return 'not-asked';
}

/** The sources a finding about absence rests on: the run's local ones and the public ones asked. */
export function consultedOrigins(ctx: CheckContext, facts: DomainFacts): readonly FactOrigin[] {
  // Offline (the bulk hot path), the run's own list, whose label the context holds.
  if (!facts.sources) return ctx.consulted;
  const origins = [...ctx.consulted];
  for (const source of facts.sources) {
    if (source.outcome !== 'no-server' && !origins.includes(source.origin)) origins.push(source.origin);
  }
  return origins;
}

/** What a finding about absence says it consulted, per source (no brackets: messages put these in some). */
const CONSULTED_LABELS: Record<FactOrigin, Localized> = {
  'miit-sandbox': {
    zh: '本系统的域名库（工信部沙箱）',
    en: "this deployment's domain database (MIIT sandbox)",
  },
  'registrar-sandbox': { zh: '注册商沙箱', en: 'the registrar sandbox' },
  import: { zh: '导入的域名数据', en: 'imported domain data' },
  rdap: { zh: 'RDAP 公开注册信息', en: 'RDAP' },
  whois: { zh: 'WHOIS 公开注册信息', en: 'WHOIS' },
  upload: { zh: '上传的材料', en: 'uploaded documents' },
  memory: { zh: '内存数据', en: 'in-memory data' },
};

/** The same for filings: the MIIT sandbox holds those filed through beian and those imported. */
const FILINGS_CONSULTED_LABELS: Partial<Record<FactOrigin, Localized>> = {
  'miit-sandbox': { zh: '在本系统办理和导入的备案', en: 'filings made or imported here' },
};

/** `本系统的域名库（工信部沙箱）、RDAP 公开注册信息`; with no source named, the facts this check was given. */
export function consultedLabel(origins: readonly FactOrigin[], of: 'registrations' | 'filings'): Localized {
  if (origins.length === 0) return { zh: '本次核验提供的数据', en: 'the facts given to this check' };
  const one = (origin: FactOrigin) =>
    (of === 'filings' ? FILINGS_CONSULTED_LABELS[origin] : undefined) ?? CONSULTED_LABELS[origin];
  return joinLocalized(origins.map(one));
}

const ERROR_LABELS: Record<string, Localized> = {
  timeout: { zh: '超时', en: 'timed out' },
  'rate-limited': { zh: '被限流', en: 'rate-limited' },
  malformed: { zh: '应答格式错误', en: 'malformed answer' },
  'too-large': { zh: '应答过大', en: 'answer too large' },
  network: { zh: '网络错误', en: 'network error' },
  incomplete: { zh: '应答中没有到期日或注册商', en: 'the answer has no expiration date or registrar' },
  'too-many-redirects': { zh: '重定向次数过多', en: 'too many redirects' },
  'bad-redirect': { zh: '重定向地址无效', en: 'an invalid redirect' },
};

const errorLabel = (error: string): Localized =>
  ERROR_LABELS[error] ??
  (/^http-\d{3}$/.test(error)
    ? { zh: `HTTP ${error.slice(5)}`, en: `HTTP ${error.slice(5)}` }
    : { zh: error, en: error });

// RFC 5731 §2.3: a hold keeps the domain out of the DNS. RFC 3915: redemption and pending restore come
// before deletion. Compared without case, spaces or hyphens so EPP (`clientHold`) and RDAP (`client
// hold`) spellings both match.
const HOLD = new Set(['clienthold', 'serverhold']);
const DELETING = new Set(['pendingdelete', 'redemptionperiod', 'pendingrestore']);
const statusKey = (status: string): string => status.toLowerCase().replace(/[^a-z]/g, '');

/** DOMAIN_ON_HOLD, DOMAIN_PENDING_DELETE from the registry statuses the source gave, appended to `findings`. */
export function statusFindings(
  registrable: string,
  registration: DomainRegistration,
  findings: Finding[] = [],
): Finding[] {
  const statuses = registration.statuses;
  // Imports and the sandboxes carry no statuses: most checks end here, without allocating.
  if (statuses === undefined || statuses.length === 0) return findings;
  const holds = statuses.filter((status) => HOLD.has(statusKey(status)));
  if (holds.length > 0) {
    findings.push(
      makeFinding('DOMAIN_ON_HOLD', { registrable, statuses: holds.join(', ') }, { statuses: holds }),
    );
  }
  const deleting = statuses.filter((status) => DELETING.has(statusKey(status)));
  if (deleting.length > 0) {
    findings.push(
      makeFinding(
        'DOMAIN_PENDING_DELETE',
        { registrable, statuses: deleting.join(', ') },
        { statuses: deleting },
      ),
    );
  }
  return findings;
}

/**
 * DOMAIN_IN_RENEWAL_GRACE when the expiration has passed but the registry's auto-renew grace period
 * (ICANN: up to 45 days; RFC 3915 autoRenewPeriod) runs past the evaluation instant; else null.
 */
export function renewalGraceFinding(
  ctx: CheckContext,
  registrable: string,
  registration: DomainRegistration,
): Finding | null {
  const graceUntil = registration.renewalGraceUntil;
  if (!graceUntil || compareInstant(registration.expiresAt, ctx.derived.at) > 0) return null;
  if (compareInstant(graceUntil, ctx.derived.at) <= 0) return null;
  return makeFinding(
    'DOMAIN_IN_RENEWAL_GRACE',
    {
      registrable,
      expiresAt: shanghaiDate(instantMs(registration.expiresAt)),
      graceUntil: shanghaiDate(instantMs(graceUntil)),
    },
    { expiresAt: registration.expiresAt, renewalGraceUntil: graceUntil },
    ctx.resolved.expiringSoonIsError.value ? 'error' : 'warning',
  );
}

/** REAL_NAME_UNKNOWN: the source cannot see real-name data, so neither status nor holder is known. */
export function realNameUnknownFinding(
  registrable: string,
  registration: DomainRegistration,
  holderName: string | null,
): Finding {
  const holder: Localized = holderName
    ? {
        zh: `（公开记录显示的持有者为“${holderName}”，未经实名核实）`,
        en: ` (the public record shows "${holderName}" as holder, not a verified holder)`,
      }
    : { zh: '', en: '' };
  return makeFinding(
    'REAL_NAME_UNKNOWN',
    { registrable, origin: ORIGIN_LABELS[registration.origin], holder },
    { origin: registration.origin, holderName },
  );
}

/**
 * SOURCES_DISAGREE per less authoritative source; ONLINE_LOOKUP_FAILED when nothing has the
 * registration. Appended to `findings`.
 */
export function sourceFindings(
  ctx: CheckContext,
  registrable: string,
  facts: DomainFacts,
  findings: Finding[] = [],
): Finding[] {
  const sources = facts.sources;
  // Only online checks consult sources: offline checks end here, without allocating.
  if (sources === undefined || sources.length === 0) return findings;
  const used = sources.find((source) => source.used);
  if (used) {
    for (const other of sources) {
      if (other === used || other.outcome !== 'found') continue;
      const finding = disagreement(ctx, registrable, used, other);
      if (finding) findings.push(finding);
    }
  } else if (!facts.registration) {
    for (const failed of sources.filter((source) => source.outcome === 'error')) {
      const error = failed.error ?? 'network';
      findings.push(
        makeFinding(
          'ONLINE_LOOKUP_FAILED',
          {
            registrable,
            origin: ORIGIN_LABELS[failed.origin],
            server: failed.server ?? '',
            error: errorLabel(error),
          },
          { origin: failed.origin, server: failed.server, error },
        ),
      );
    }
  }
  return findings;
}

function disagreement(
  ctx: CheckContext,
  registrable: string,
  used: FactObservation,
  other: FactObservation,
): Finding | null {
  const usedLabel = ORIGIN_LABELS[used.origin];
  const otherLabel = ORIGIN_LABELS[other.origin];
  const details: Localized[] = [];
  const fields: string[] = [];
  if (used.registrar !== null && other.registrar !== null && !sameRegistrar(ctx, used, other)) {
    fields.push('registrar');
    details.push({
      zh: `注册商（${usedLabel.zh}：“${used.registrar}”；${otherLabel.zh}：“${other.registrar}”）`,
      en: `registrar (${usedLabel.en}: "${used.registrar}"; ${otherLabel.en}: "${other.registrar}")`,
    });
  }
  const usedDay = used.expiresAt === null ? null : shanghaiDate(instantMs(used.expiresAt));
  const otherDay = other.expiresAt === null ? null : shanghaiDate(instantMs(other.expiresAt));
  // Calendar days, not instants: sources write the same expiry at different times of day and offsets.
  if (usedDay !== null && otherDay !== null && usedDay !== otherDay) {
    fields.push('expiresAt');
    details.push({
      zh: `到期日（${usedLabel.zh}：${usedDay}；${otherLabel.zh}：${otherDay}）`,
      en: `expiration (${usedLabel.en}: ${usedDay}; ${otherLabel.en}: ${otherDay})`,
    });
  }
  if (fields.length === 0) return null;
  return makeFinding(
    'SOURCES_DISAGREE',
    { registrable, details: joinLocalized(details), used: usedLabel },
    {
      fields,
      used: used.origin,
      other: other.origin,
      'used.registrar': used.registrar,
      'other.registrar': other.registrar,
      'used.expiresAt': used.expiresAt,
      'other.expiresAt': other.expiresAt,
    },
  );
}

/** The same registrar entry of the policy data, else the same name after folding case and spaces. */
function sameRegistrar(ctx: CheckContext, a: FactObservation, b: FactObservation): boolean {
  const entryA = ctx.derived.findRegistrar(a.registrar ?? '', a.registrarIanaId);
  const entryB = ctx.derived.findRegistrar(b.registrar ?? '', b.registrarIanaId);
  if (entryA || entryB) return entryA?.id === entryB?.id;
  const fold = (name: string | null) =>
    (name ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return fold(a.registrar) === fold(b.registrar);
}
