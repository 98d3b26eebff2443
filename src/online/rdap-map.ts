/**
 * An RDAP domain object (RFC 9083 §5.3) read defensively: the fields the engine needs and nothing
 * else. Registrar: the entity with role `registrar`, its vCard `fn` and its `IANA Registrar ID` public
 * id (gTLD RDAP Response Profile). Events: `registration`, `expiration`, `registrar expiration`.
 * Status: RFC 8056 strings. Registrant data is never read: it is usually redacted (RFC 9537) and never
 * says anything about real-name verification (实名认证), which no RDAP server carries.
 */
import { parseInstant } from '../shared/index.ts';

export type RdapDomainFacts = {
  ldhName: string | null;
  registrar: string | null;
  registrarIanaId: number | null;
  registeredAt: string | null;
  expiresAt: string | null;
  registrarExpiresAt: string | null;
  statuses: string[];
  /** The registrar's RDAP URL for this domain (`links` rel `related`, RDAP media type), if given. */
  registrarLink: string | null;
};

const MAX_TEXT = 256;
const MAX_STATUSES = 32;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const array = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, MAX_TEXT) : null;

/** The facts of an RDAP domain object, or null when the JSON is not one (a malformed answer). */
export function mapRdapDomain(json: unknown): RdapDomainFacts | null {
  if (!isObject(json)) return null;
  if (json.objectClassName !== 'domain' && typeof json.ldhName !== 'string') return null;

  const events = new Map<string, string>();
  for (const event of array(json.events)) {
    if (!isObject(event)) continue;
    const action = text(event.eventAction)?.toLowerCase();
    const date = typeof event.eventDate === 'string' ? parseInstant(event.eventDate) : null;
    if (action && date && !events.has(action)) events.set(action, date.toISOString());
  }

  const registrarEntity = array(json.entities).find(
    (entity) => isObject(entity) && array(entity.roles).some((role) => role === 'registrar'),
  ) as Json | undefined;

  return {
    ldhName: text(json.ldhName)?.toLowerCase() ?? null,
    registrar: registrarEntity ? vcardName(registrarEntity) : null,
    registrarIanaId: registrarEntity ? ianaId(registrarEntity) : null,
    registeredAt: events.get('registration') ?? null,
    expiresAt: events.get('expiration') ?? null,
    registrarExpiresAt: events.get('registrar expiration') ?? null,
    statuses: array(json.status)
      .map((status) => text(status)?.toLowerCase())
      .filter((status): status is string => status !== undefined && status !== null)
      .slice(0, MAX_STATUSES),
    registrarLink: relatedRdapLink(json),
  };
}

/** vCard `fn` (RFC 7095 jCard: ["vcard", [[name, params, type, value], …]]), else `org`. */
function vcardName(entity: Json): string | null {
  const properties = array(array(entity.vcardArray)[1]);
  const valueOf = (name: string) => {
    const property = properties.find((p) => Array.isArray(p) && p[0] === name) as unknown[] | undefined;
    return property ? text(property[3]) : null;
  };
  return valueOf('fn') ?? valueOf('org');
}

function ianaId(entity: Json): number | null {
  for (const id of array(entity.publicIds)) {
    if (!isObject(id) || typeof id.type !== 'string' || id.type.toLowerCase() !== 'iana registrar id')
      continue;
    const identifier = id.identifier;
    const value =
      typeof identifier === 'string' || typeof identifier === 'number' ? String(identifier).trim() : '';
    if (/^\d{1,9}$/.test(value)) return Number(value);
  }
  return null;
}

/** gTLD registries point at the registrar's RDAP with rel `related` and the RDAP media type. */
function relatedRdapLink(json: Json): string | null {
  for (const link of array(json.links)) {
    if (!isObject(link) || link.rel !== 'related') continue;
    const type = typeof link.type === 'string' ? link.type.toLowerCase() : '';
    const href = typeof link.href === 'string' ? link.href : '';
    if (type.startsWith('application/rdap+json') && URL.canParse(href)) return href;
  }
  return null;
}
