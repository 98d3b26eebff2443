/**
 * 续费 — renewing a domain registered here by whole years. Allowed while the domain is here and up to 30
 * days after it expired: registrars keep a renewal grace period (续费期) after expiry before the redemption
 * period; 30 days is the common figure for .cn (CNNIC's rules) and the sandbox applies it to every suffix.
 * That is the sandbox's rule, not a statement about any one registry.
 */
import { z } from 'zod';
import { toFieldErrors } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import { addShanghaiMonths, shanghaiDate } from '../shared/index.ts';
import type { RegistrarContext } from './context.ts';
import { auditDomain, parseRegistrableDomain, requirePermission } from './context.ts';
import { domainView, loadDomainRow, requireActive, syncToMiit, updateDomainRow } from './domain-row.ts';
import { RegistrarError, fieldError, invalidFields, notFound } from './errors.ts';
import type { RegistrarActor, RegistrarDomain } from './types.ts';

const RENEWAL_GRACE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Registries register for 1–10 years, and no registration may run more than 10 years ahead. */
export const MAX_REGISTRATION_YEARS = 10;

/** The instant after which a domain that expired at `expiresAt` can no longer be renewed. */
export function renewalClosesAt(expiresAt: string): Date {
  return new Date(Date.parse(expiresAt) + RENEWAL_GRACE_DAYS * DAY_MS);
}

export const renewDomainInputSchema = z
  .strictObject({ years: z.int().min(1).max(MAX_REGISTRATION_YEARS) })
  .meta({ id: 'RenewDomainRequest' });

export async function renewDomain(
  ctx: RegistrarContext,
  request: {
    actor: RegistrarActor;
    now: Date;
    domain: string;
    input: z.input<typeof renewDomainInputSchema>;
  },
): Promise<RegistrarDomain> {
  const { actor, now } = request;
  requirePermission(actor, 'registrar.manage', { zh: '续费域名', en: 'renew domains' });
  const domain = parseRegistrableDomain(request.domain);
  const input = renewDomainInputSchema.safeParse(request.input);
  if (!input.success) throw invalidFields(toFieldErrors(input.error.issues, request.input));
  const { years } = input.data;

  return writeTransaction(ctx.database, async (tx) => {
    const row = await loadDomainRow(tx, domain.ascii);
    if (!row)
      throw notFound({
        zh: `本注册商注册的域名 ${domain.unicode}`,
        en: `domain ${domain.unicode} registered here`,
      });
    requireActive(row);
    const closes = renewalClosesAt(row.expires_at);
    if (now.getTime() > closes.getTime()) {
      throw new RegistrarError('RENEWAL_CLOSED', {
        zh: `${domain.unicode} 已于 ${shanghaiDate(new Date(row.expires_at))} 到期，超过 ${RENEWAL_GRACE_DAYS} 天续费期（${shanghaiDate(closes)} 截止），不能再续费`,
        en: `${domain.unicode} expired on ${shanghaiDate(new Date(row.expires_at))}; the ${RENEWAL_GRACE_DAYS}-day renewal grace period ended on ${shanghaiDate(closes)}`,
      });
    }
    const expiresAt = addShanghaiMonths(new Date(row.expires_at), 12 * years);
    if (expiresAt.getTime() > addShanghaiMonths(now, 12 * MAX_REGISTRATION_YEARS).getTime()) {
      throw fieldError('years', 'TOO_MANY_YEARS', {
        zh: `续费后到期日 ${shanghaiDate(expiresAt)} 超过 ${MAX_REGISTRATION_YEARS} 年上限`,
        en: `after renewal it would expire on ${shanghaiDate(expiresAt)}, more than ${MAX_REGISTRATION_YEARS} years ahead`,
      });
    }
    const updated = await updateDomainRow(tx, row, { expires_at: expiresAt.toISOString() }, now);
    await syncToMiit(tx, ctx, updated, now);
    await auditDomain(tx, {
      actor,
      action: 'registrar.renew',
      domain: row.domain,
      data: { years, from: row.expires_at, to: updated.expires_at },
      now,
    });
    return domainView(ctx, updated);
  });
}
