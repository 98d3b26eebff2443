/** Rows of the registrar tables as the API and CLI show them. */
import type { Selectable } from 'kysely';
import type { DomainCertificateTable, RealNameReportTable, RealNameSubmissionTable } from '../store/index.ts';
import { domainLabel } from './context.ts';
import { holderOf } from './domain-row.ts';
import type { CertificateRecord, Localized, RealNameReport, RealNameSubmission } from './types.ts';

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const isText = (value: unknown): value is string => typeof value === 'string';

/** A stored `{zh, en}` (en optional), or plain text from older writers shown in both languages. */
function localizedOf(text: string | null): { zh: string; en?: string } | null {
  const value = parseJson(text);
  if (value === null) return null;
  if (typeof value === 'object' && isText((value as { zh?: unknown }).zh)) {
    const { zh, en } = value as { zh: string; en?: unknown };
    return isText(en) ? { zh, en } : { zh };
  }
  return { zh: String(text), en: String(text) };
}

export function submissionView(row: Selectable<RealNameSubmissionTable>): RealNameSubmission {
  return {
    id: row.id,
    domain: domainLabel(row.domain),
    holder: holderOf(row),
    documentSha256: row.document_sha256,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    reason: localizedOf(row.reason),
  };
}

export function reportView(row: Selectable<RealNameReportTable>): RealNameReport {
  const error = localizedOf(row.last_error);
  return {
    id: row.id,
    domain: domainLabel(row.domain),
    submissionId: row.submission_id,
    status: row.status,
    dueDate: row.due_date,
    dueAt: row.due_at,
    attempts: row.attempts,
    lastError: error === null ? null : ({ zh: error.zh, en: error.en ?? error.zh } satisfies Localized),
    reportedAt: row.reported_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function certificateView(row: Selectable<DomainCertificateTable>): CertificateRecord {
  return {
    serial: row.serial,
    domain: domainLabel(row.domain),
    holderName: row.holder_name,
    holderIdMasked: row.holder_id_masked,
    registeredAt: row.registered_at,
    expiresAt: row.expires_at,
    issuedAt: row.issued_at,
    issuedBy: row.issued_by,
  };
}
