/**
 * 过户 — the domain passes to a new holder. Real-name verification belongs to the holder, so it starts
 * over: the registrar's state returns to `none`, pending submissions are superseded, reports not yet
 * landed are cancelled, and the MIIT domain database is told at once (real-name none, the new holder).
 * Until the new holder is verified and reported, the engine answers REAL_NAME_MISSING (seed FAQ Q2).
 */
import { z } from 'zod';
import { toFieldErrors } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import type { RegistrarContext } from './context.ts';
import { auditDomain, parseRegistrableDomain, requirePermission } from './context.ts';
import {
  domainView,
  holderColumns,
  holderOf,
  loadDomainRow,
  requireActive,
  syncToMiit,
  updateDomainRow,
} from './domain-row.ts';
import { fieldError, invalidFields, notFound } from './errors.ts';
import { holderDifferences, holderInputSchema, validateHolder } from './holder.ts';
import { accountField } from './register-domain.ts';
import { cancelOpenReports, supersedePendingSubmissions } from './report-schedule.ts';
import type { RegistrarActor, RegistrarDomain } from './types.ts';

export const changeHolderInputSchema = z
  .strictObject({
    holder: holderInputSchema,
    /** The new holder's login here; absent or null: none (the old holder's account loses the domain). */
    account: accountField,
  })
  .meta({ id: 'ChangeHolderRequest' });

export async function changeHolder(
  ctx: RegistrarContext,
  request: {
    actor: RegistrarActor;
    now: Date;
    domain: string;
    input: z.input<typeof changeHolderInputSchema>;
  },
): Promise<RegistrarDomain> {
  const { actor, now } = request;
  requirePermission(actor, 'registrar.manage', { zh: '办理域名过户', en: 'change domain holders' });
  const domain = parseRegistrableDomain(request.domain);
  const parsed = changeHolderInputSchema.safeParse(request.input, { reportInput: true });
  if (!parsed.success) throw invalidFields(toFieldErrors(parsed.error.issues, request.input));
  const holder = validateHolder(parsed.data.holder, shanghaiDate(now));

  return writeTransaction(ctx.database, async (tx) => {
    const row = await loadDomainRow(tx, domain.ascii);
    if (!row)
      throw notFound({
        zh: `本注册商注册的域名 ${domain.unicode}`,
        en: `domain ${domain.unicode} registered here`,
      });
    requireActive(row);
    const previous = holderOf(row);
    if (holderDifferences(previous, holder).length === 0) {
      throw fieldError('holder', 'SAME_HOLDER', {
        zh: '新持有者与当前持有者相同，无需过户',
        en: 'The new holder is the current holder; there is nothing to change',
      });
    }
    const superseded = await supersedePendingSubmissions(tx, row.domain);
    const cancelled = await cancelOpenReports(tx, row.domain, now);
    const updated = await updateDomainRow(
      tx,
      row,
      {
        ...holderColumns(holder),
        account: parsed.data.account ?? null,
        real_name_status: 'none',
        real_name_verified_at: null,
        real_name_reported_at: null,
      },
      now,
    );
    await syncToMiit(tx, ctx, updated, now);
    await auditDomain(tx, {
      actor,
      action: 'registrar.change-holder',
      domain: row.domain,
      from: row.real_name_status,
      to: 'none',
      data: {
        previousHolder: previous.name,
        holder: holder.name,
        account: updated.account,
        supersededSubmissions: superseded,
        cancelledReports: cancelled,
      },
      now,
    });
    return domainView(ctx, updated);
  });
}
