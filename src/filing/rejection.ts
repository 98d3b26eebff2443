/**
 * 驳回 — a reviewer's rejection (初审 at the provider, or the bureau): who, when, and the field-level
 * reasons the applicant sees next to the fields. Stored with the application (`application.rejection`).
 */
import type { Localized } from './field-errors.ts';

/**
 * 驳回原因 — one field-level reason a reviewer gave: free text, or a coded reason of the library
 * (data/rejection-reasons.json, `code`) with its remedy (修改建议), as WeChat's getIcpEntranceInfo
 * returns 字段, 原因 and 修改建议 for each field.
 */
export type RejectionReason = { path: string; message: Localized; code?: string; remedy?: Localized };

/** 驳回 — who rejected (初审 or 管局), when, and why. */
export type Rejection = { by: 'provider' | 'bureau'; at: string; reasons: RejectionReason[] };

/**
 * 字段类别 — what kind of field a reason is about; a coded reason names the kinds it fits (a wrong
 * phone number is no reason to reject a website name). `any` fits every field and the application.
 */
export const FIELD_KINDS = [
  'any',
  'subject-name',
  'certificate',
  'address',
  'person-name',
  'phone',
  'email',
  'website-name',
  'website-content',
  'domain',
  'document',
  // APP备案 (工信部信管〔2023〕105号): an app's name, its package name / Bundle ID, its signing features
  // (key, hashes, uploaded certificate or APK), its service content, and the IPs it uses.
  'app-name',
  'app-identifier',
  'app-feature',
  'app-content',
  'ip',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** The last named segment of a path (`websites.0.domains.1` → `domains`). */
function lastName(path: string): string {
  const names = path.split('.').filter((segment) => !/^\d+$/.test(segment));
  return names.at(-1) ?? '';
}

const KIND_BY_FIELD: Record<string, FieldKind> = {
  idType: 'certificate',
  idNumber: 'certificate',
  certificateAddress: 'address',
  mailingAddress: 'address',
  mobile: 'phone',
  emergencyPhone: 'phone',
  email: 'email',
  domains: 'domain',
  homeUrl: 'website-content',
  serviceContent: 'website-content',
  preApprovals: 'website-content',
};

const APP_KIND_BY_FIELD: Record<string, FieldKind> = {
  packageName: 'app-identifier',
  bundleId: 'app-identifier',
  platforms: 'app-feature',
  publicKey: 'app-feature',
  md5: 'app-feature',
  sha1: 'app-feature',
  fingerprint: 'app-feature',
  apk: 'app-feature',
  certificate: 'app-feature',
  android: 'app-feature',
  ios: 'app-feature',
  harmonyos: 'app-feature',
  serviceContent: 'app-content',
  type: 'app-content',
  remarks: 'app-content',
};

/** The kind of the field at `path` (a rejection reason's path, or `documents` for a document). */
export function fieldKindOf(path: string): FieldKind {
  const name = lastName(path);
  if (name === 'documents') return 'document';
  if (name === 'ips') return 'ip';
  if (/^apps\.\d+\./.test(path) && !path.includes('responsiblePerson')) {
    if (/^apps\.\d+\.name$/.test(path)) return 'app-name';
    const kind = APP_KIND_BY_FIELD[name];
    if (kind) return kind;
  }
  if (name === 'name') {
    if (path === 'subject.name') return 'subject-name';
    if (path.includes('responsiblePerson')) return 'person-name';
    if (/^websites\.\d+\.name$/.test(path)) return 'website-name';
  }
  if (path.includes('.preApprovals')) return 'website-content';
  return KIND_BY_FIELD[name] ?? 'any';
}
