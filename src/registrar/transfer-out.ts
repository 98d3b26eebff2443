/**
 * 转出 — the domain moves to another registrar. The record here stays, read-only, for history; the MIIT
 * domain database now names the gaining registrar and keeps the real-name data it has (the holder did not
 * change). Reports not yet landed are cancelled and pending submissions superseded: this registrar no
 * longer speaks for the domain, and prints no certificates for it.
 */
import { z } from 'zod';
import { toFieldErrors } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import { recordDomainTransfer } from '../miit/index.ts';
import type { RegistrarContext } from './context.ts';
import { auditDomain, parseRegistrableDomain, requirePermission } from './context.ts';
import {
  domainView,
  findRegistrarEntry,
  loadDomainRow,
  requireActive,
  updateDomainRow,
} from './domain-row.ts';
import { fieldError, invalidFields, notFound } from './errors.ts';
import { requireKnownRegistrar } from './register-domain.ts';
import { cancelOpenReports, supersedePendingSubmissions } from './report-schedule.ts';
import type { RegistrarActor, RegistrarDomain } from './types.ts';

export const transferOutInputSchema = z
  .strictObject({ registrar: z.string().trim().min(1).max(64) })
  .meta({ id: 'TransferOutRequest', description: 'The gaining registrar: an id of data/registrars.json' });

export async function transferOut(
  ctx: RegistrarContext,
  request: {
    actor: RegistrarActor;
    now: Date;
    domain: string;
    input: z.input<typeof transferOutInputSchema>;
  },
): Promise<RegistrarDomain> {
  const { actor, now } = request;
  requirePermission(actor, 'registrar.manage', { zh: '办理域名转出', en: 'transfer domains out' });
  const domain = parseRegistrableDomain(request.domain);
  const parsed = transferOutInputSchema.safeParse(request.input, { reportInput: true });
  if (!parsed.success) throw invalidFields(toFieldErrors(parsed.error.issues, request.input));
  const gainingId = parsed.data.registrar;
  requireKnownRegistrar(ctx, gainingId);
  const gaining = findRegistrarEntry(ctx, gainingId);
  if (!gaining) throw new Error('unreachable: registrar checked above');

  return writeTransaction(ctx.database, async (tx) => {
    const row = await loadDomainRow(tx, domain.ascii);
    if (!row)
      throw notFound({
        zh: `本注册商注册的域名 ${domain.unicode}`,
        en: `domain ${domain.unicode} registered here`,
      });
    requireActive(row);
    if (row.registrar_id === gainingId) {
      throw fieldError('registrar', 'SAME_REGISTRAR', {
        zh: `${domain.unicode} 已在 ${gaining.legalName}，不能转出到同一注册商`,
        en: `${domain.unicode} is already at ${gaining.legalName}; it cannot move to the same registrar`,
      });
    }
    const superseded = await supersedePendingSubmissions(tx, row.domain);
    const cancelled = await cancelOpenReports(tx, row.domain, now);
    const updated = await updateDomainRow(
      tx,
      row,
      { status: 'transferred-out', transferred_to: gainingId, transferred_at: now.toISOString() },
      now,
    );
    await recordDomainTransfer(tx, { domain: row.domain, gaining, now });
    await auditDomain(tx, {
      actor,
      action: 'registrar.transfer-out',
      domain: row.domain,
      from: 'active',
      to: 'transferred-out',
      data: {
        from: row.registrar_id,
        to: gainingId,
        supersededSubmissions: superseded,
        cancelledReports: cancelled,
      },
      now,
    });
    return domainView(ctx, updated);
  });
}
