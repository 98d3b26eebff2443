/**
 * The expiration a filing check should use, aware of gTLD auto-renewal. At expiration a gTLD registry
 * renews the domain by one year on its own and the registrar has the Auto-Renew Grace Period (up to 45
 * days; ICANN gTLD Registry Agreements, RFC 3915 `autoRenewPeriod`) to delete it for a refund. So:
 * - during that period the registry's `expiration` has already moved a year on while the holder has not
 *   paid: the date paid up to is the registrar's (`registrar expiration`), else the registry's minus the
 *   year it added;
 * - an expiration in the past but within 45 days is not yet an ended registration for a gTLD.
 * ccTLDs (.cn: CNNIC's own rules) get no grace here: their expiration is taken as it stands.
 */

/** ICANN gTLD Registry Agreements: Auto-Renew Grace Period, up to 45 days after expiration. */
const AUTO_RENEW_GRACE_DAYS = 45;

const DAY_MS = 86_400_000;

type RegistrationTerm = { expiresAt: string | null; renewalGraceUntil: string | null };

export function registrationTerm(input: {
  /** The registry's `expiration` event. */
  expiresAt: string | null;
  /** The registrar's own `registrar expiration` (or its RDAP's `expiration`), if known. */
  registrarExpiresAt: string | null;
  statuses: readonly string[];
  gtld: boolean;
}): RegistrationTerm {
  const autoRenewing = input.statuses.some((status) => status.toLowerCase() === 'auto renew period');
  const registry = input.expiresAt;
  const own = input.registrarExpiresAt;
  let paidUntil: string | null;
  if (registry === null) paidUntil = own;
  // A registrar date before the registry's: what the holder paid for (the registry may have auto-renewed).
  else if (own !== null && Date.parse(own) < Date.parse(registry)) paidUntil = own;
  else if (autoRenewing) {
    const date = new Date(registry);
    date.setUTCFullYear(date.getUTCFullYear() - 1);
    paidUntil = date.toISOString();
  } else paidUntil = registry;
  const renewalGraceUntil =
    input.gtld && paidUntil !== null
      ? new Date(Date.parse(paidUntil) + AUTO_RENEW_GRACE_DAYS * DAY_MS).toISOString()
      : null;
  return { expiresAt: paidUntil, renewalGraceUntil };
}
