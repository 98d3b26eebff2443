/**
 * 实名认证 (submission) — the holder, or an operator for them, submits the certificate data of the
 * registered holder, optionally with a scan kept by the document store (recorded by its SHA-256). The
 * data must be the registered holder's: verifying someone else is a change of holder (过户), which
 * comes first. A newer submission supersedes a pending one; a verified domain needs none.
 */
import { z } from 'zod';
import type { FieldError } from '../filing/index.ts';
import { toFieldErrors } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import type { RegistrarContext } from './context.ts';
import { auditDomain, domainScope, parseRegistrableDomain, requireReach } from './context.ts';
import { holderOf, loadDomainRow, requireActive, syncToMiit, updateDomainRow } from './domain-row.ts';
import { RegistrarError, invalidFields } from './errors.ts';
import { holderDifferences, holderInputSchema, validateHolder } from './holder.ts';
import type { HolderField } from './holder.ts';
import { supersedePendingSubmissions } from './report-schedule.ts';
import { submissionView } from './views.ts';
import type { RealNameSubmission, RegistrarActor } from './types.ts';

export const submitRealNameInputSchema = z
  .strictObject({
    holder: holderInputSchema,
    /** SHA-256 (hex) of the certificate scan in the document store. */
    documentSha256: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex (64 characters)')
      .optional(),
  })
  .meta({ id: 'RealNameSubmissionRequest' });

const FIELD_NAMES: Record<HolderField, { zh: string; en: string }> = {
  name: { zh: '名称', en: 'name' },
  type: { zh: '性质', en: 'type' },
  idType: { zh: '证件类型', en: 'certificate type' },
  idNumber: { zh: '证件号码', en: 'certificate number' },
};

export async function submitRealName(
  ctx: RegistrarContext,
  request: {
    actor: RegistrarActor;
    now: Date;
    domain: string;
    input: z.input<typeof submitRealNameInputSchema>;
  },
): Promise<RealNameSubmission> {
  const { actor, now } = request;
  const scope = domainScope(actor, { zh: '提交域名实名认证', en: 'submit real-name verification' });
  const domain = parseRegistrableDomain(request.domain);
  const parsed = submitRealNameInputSchema.safeParse(request.input, { reportInput: true });
  if (!parsed.success) throw invalidFields(toFieldErrors(parsed.error.issues, request.input));
  const holder = validateHolder(parsed.data.holder, shanghaiDate(now));

  return writeTransaction(ctx.database, async (tx) => {
    const row = await loadDomainRow(tx, domain.ascii);
    requireReach(actor, scope, row, domain.unicode);
    requireActive(row);
    const registered = holderOf(row);
    const differences = holderDifferences(registered, holder);
    if (differences.length > 0) {
      throw invalidFields(
        differences.map((field): FieldError => ({
          path: `holder.${field}`,
          code: 'HOLDER_MISMATCH',
          message: {
            zh: `${FIELD_NAMES[field].zh}与域名注册的持有者不一致；实名认证的是注册持有者本人，持有者变更须先办理过户`,
            en: `The ${FIELD_NAMES[field].en} differs from the registered holder's; real-name verification is of the registered holder, so change the holder (过户) first`,
          },
        })),
      );
    }
    if (row.real_name_status === 'verified') {
      throw new RegistrarError('REAL_NAME_STATE', {
        zh: `${domain.unicode} 已完成实名认证，无需再次提交`,
        en: `${domain.unicode} is already real-name verified`,
      });
    }
    const superseded = await supersedePendingSubmissions(tx, row.domain);
    const submission = await tx
      .insertInto('real_name_submission')
      .values({
        domain: row.domain,
        holder_name: holder.name,
        holder_type: holder.type,
        holder_id_type: holder.idType,
        holder_id_number: holder.idNumber,
        document_sha256: parsed.data.documentSha256 ?? null,
        submitted_by: actor.account,
        submitted_at: now.toISOString(),
        status: 'pending',
        decided_by: null,
        decided_at: null,
        reason: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const updated = await updateDomainRow(tx, row, { real_name_status: 'pending' }, now);
    await syncToMiit(tx, ctx, updated, now);
    await auditDomain(tx, {
      actor,
      action: 'registrar.real-name.submit',
      domain: row.domain,
      from: row.real_name_status,
      to: 'pending',
      data: { submissionId: submission.id, supersededSubmissions: superseded },
      now,
    });
    return submissionView(submission);
  });
}
