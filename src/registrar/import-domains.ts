/**
 * 导入 — registering domains with their history (demo data, a migration from a real registrar): explicit
 * dates and real-name state, one line each. The shell reads the file (JSON Lines or CSV, with
 * src/imports/import-lines.ts) and validates each line's shape with `importLineSchema`; `importDomain`
 * checks the rest (holder, registrar, availability) and writes one line in one transaction, so a bad
 * line is reported and skipped while the good ones are committed.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { instant, registrableDomain } from '../facts/index.ts';
import { writeTransaction } from '../store/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import type { Schema } from '../store/index.ts';
import type { RegistrarContext } from './context.ts';
import { auditDomain, parseRegistrableDomain, requirePermission } from './context.ts';
import { domainView, newDomainRow, syncToMiit } from './domain-row.ts';
import { fieldError } from './errors.ts';
import { holderInputSchema, validateHolder } from './holder.ts';
import {
  DEFAULT_REGISTRAR_ID,
  accountField,
  requireAvailable,
  requireKnownRegistrar,
  requireKnownSuffix,
} from './register-domain.ts';
import { MAX_REASON_LENGTH } from './review-real-name.ts';
import { scheduleReport } from './report-schedule.ts';
import type { RegistrarActor, RegistrarDomain } from './types.ts';

type Reason = { zh: string; en: string };
const issue = (ctx: z.RefinementCtx, path: string[], reason: Reason) =>
  ctx.addIssue({ code: 'custom', path, params: reason, message: reason.en });

const realNameSchema = z.strictObject({
  status: z.enum(['none', 'pending', 'verified', 'rejected']),
  submittedAt: instant.optional(),
  /** Approval (verified) or rejection (rejected). */
  decidedAt: instant.optional(),
  reportedAt: instant.optional(),
  reason: z
    .strictObject({
      zh: z.string().trim().min(1).max(MAX_REASON_LENGTH),
      en: z.string().trim().min(1).max(MAX_REASON_LENGTH).optional(),
    })
    .optional(),
});

/** One line: the registration, its holder, and where its real-name verification stands. */
export const importLineSchema = z
  .strictObject({
    domain: registrableDomain,
    registrar: z.string().trim().min(1).max(64).default(DEFAULT_REGISTRAR_ID),
    account: accountField,
    holder: holderInputSchema,
    registeredAt: instant,
    expiresAt: instant,
    realName: realNameSchema.default({ status: 'none' }),
  })
  .superRefine((line, ctx) => {
    if (line.expiresAt <= line.registeredAt) {
      issue(ctx, ['expiresAt'], { zh: '应晚于 registeredAt', en: 'must be after registeredAt' });
    }
    const { status, decidedAt, reportedAt, reason } = line.realName;
    if ((status === 'verified' || status === 'rejected') && decidedAt === undefined) {
      issue(ctx, ['realName', 'decidedAt'], {
        zh: `为必填项（status 为 ${status} 时）`,
        en: `is required when status is ${status}`,
      });
    }
    if (reportedAt !== undefined && status !== 'verified') {
      issue(ctx, ['realName', 'reportedAt'], {
        zh: '只有 status 为 verified 时才能有上报时间',
        en: 'is only allowed when status is verified',
      });
    } else if (reportedAt !== undefined && decidedAt !== undefined && reportedAt < decidedAt) {
      issue(ctx, ['realName', 'reportedAt'], {
        zh: '不能早于 decidedAt',
        en: 'must not be before decidedAt',
      });
    }
    if (status === 'rejected' && reason === undefined) {
      issue(ctx, ['realName', 'reason'], {
        zh: '为必填项（status 为 rejected 时）',
        en: 'is required when status is rejected',
      });
    }
  });
export type ImportLine = z.output<typeof importLineSchema>;

/** CSV columns: the JSON fields, nested ones flattened with dots. */
export const IMPORT_CSV_COLUMNS = [
  'domain',
  'registrar',
  'account',
  'holder.name',
  'holder.type',
  'holder.idType',
  'holder.idNumber',
  'registeredAt',
  'expiresAt',
  'realName.status',
  'realName.submittedAt',
  'realName.decidedAt',
  'realName.reportedAt',
  'realName.reason.zh',
  'realName.reason.en',
] as const;

/** History cannot come from the future: every instant of the line is at or before `now`. */
function requirePast(line: ImportLine, now: Date): void {
  const instants: [string, string | undefined][] = [
    ['registeredAt', line.registeredAt],
    ['realName.submittedAt', line.realName.submittedAt],
    ['realName.decidedAt', line.realName.decidedAt],
    ['realName.reportedAt', line.realName.reportedAt],
  ];
  for (const [path, value] of instants) {
    if (value !== undefined && Date.parse(value) > now.getTime()) {
      throw fieldError(path, 'IN_FUTURE', { zh: '不能晚于导入时间', en: 'must not be after the import' });
    }
  }
}

export async function importDomain(
  ctx: RegistrarContext,
  request: { actor: RegistrarActor; now: Date; line: ImportLine },
): Promise<RegistrarDomain> {
  const { actor, now, line } = request;
  requirePermission(actor, 'registrar.manage', { zh: '导入域名', en: 'import domains' });
  const domain = parseRegistrableDomain(line.domain);
  requireKnownSuffix(ctx, domain, now);
  requireKnownRegistrar(ctx, line.registrar);
  const holder = validateHolder(line.holder, shanghaiDate(now));
  requirePast(line, now);
  const { status, submittedAt, decidedAt, reportedAt, reason } = line.realName;

  return writeTransaction(ctx.database, async (tx) => {
    await requireAvailable(tx, domain, now);
    const row = await tx
      .insertInto('registrar_domain')
      .values(
        newDomainRow({
          domain: domain.ascii,
          registrarId: line.registrar,
          account: line.account ?? null,
          holder,
          registeredAt: line.registeredAt,
          expiresAt: line.expiresAt,
          realName: status,
          verifiedAt: status === 'verified' ? (decidedAt ?? null) : null,
          reportedAt: reportedAt ?? null,
          now,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    let reportId: number | null = null;
    if (status !== 'none') {
      const decided = status === 'verified' || status === 'rejected';
      const submission = await tx
        .insertInto('real_name_submission')
        .values({
          domain: domain.ascii,
          holder_name: holder.name,
          holder_type: holder.type,
          holder_id_type: holder.idType,
          holder_id_number: holder.idNumber,
          document_sha256: null,
          submitted_by: line.account ?? actor.account,
          submitted_at: submittedAt ?? decidedAt ?? now.toISOString(),
          status: status === 'verified' ? 'approved' : status,
          decided_by: decided ? actor.account : null,
          decided_at: decided ? (decidedAt ?? null) : null,
          reason: status === 'rejected' && reason ? JSON.stringify(reason) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (status === 'verified' && decidedAt !== undefined) {
        reportId = reportedAt
          ? await insertLandedReport(tx, {
              domain: domain.ascii,
              submissionId: submission.id,
              reportedAt,
              now,
            })
          : (
              await scheduleReport(tx, ctx.policy, {
                domain: domain.ascii,
                submissionId: submission.id,
                verifiedAt: new Date(decidedAt),
                now,
              })
            ).id;
      }
    }
    await syncToMiit(tx, ctx, row, now);
    await auditDomain(tx, {
      actor,
      action: 'registrar.import',
      domain: domain.ascii,
      to: status,
      data: { registrar: line.registrar, account: row.account, reportId },
      now,
    });
    return domainView(ctx, row);
  });
}

/** A report that landed before the import: recorded as such, with no job. */
async function insertLandedReport(
  tx: Kysely<Schema>,
  request: { domain: string; submissionId: number; reportedAt: string; now: Date },
): Promise<number> {
  const reported = new Date(request.reportedAt);
  const row = await tx
    .insertInto('real_name_report')
    .values({
      domain: request.domain,
      submission_id: request.submissionId,
      status: 'reported',
      due_date: shanghaiDate(reported),
      due_at: request.reportedAt,
      attempts: 1,
      last_error: null,
      reported_at: request.reportedAt,
      job_id: null,
      created_at: request.now.toISOString(),
      updated_at: request.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
