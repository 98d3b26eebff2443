/** The store's public surface: opening the database and reading facts from it. */
export { AUDIT_ACTIONS, auditActionLabel, insertAuditEvent } from './audit.ts';
export type { AuditAction, AuditData, AuditEventInput } from './audit.ts';
export { databaseReadiness, migrateToLatest, openDatabase } from './database.ts';
export {
  backupSqliteFile,
  restoreSqliteFile,
  sqliteFileHasData,
  sqliteFileOf,
  tableRowCounts,
} from './backup.ts';
export type { Database, PoolUse } from './database.ts';
export type { DialectName } from './dialect.ts';
export { createFactsStore } from './facts-store.ts';
export type { Schema } from './schema.ts';
export { writeTransaction } from './transaction.ts';
export { chunked } from './facts-store.ts';
export {
  findFilingConflicts,
  findSubjectIds,
  insertWebsites,
  replaceSubject,
  upsertRegistrations,
} from './facts-writer.ts';
export type { FilingConflict } from './facts-writer.ts';
export { fromJson } from './json.ts';
export { registrationFromRow } from './rows.ts';
export type {
  ApplicationDocumentTable,
  ApplicationTable,
  CampaignStatus,
  MonitorCampaignTable,
  MonitorRectificationTable,
  MonitorResultTable,
  RectificationStatus,
  StoredMonitorFinding,
  DocumentRejection,
  ReviewCallTable,
  DocumentFileTable,
  DomainCertificateTable,
  HoldEvidence,
  JobTable,
  RealNameReportTable,
  RealNameSubmissionTable,
  RegistrarDomainStatus,
  RegistrarDomainTable,
  RegistrarRealNameStatus,
  ReportStatus,
  SmsVerificationTable,
  SubmissionStatus,
  SmsPurpose,
  NotificationChannel,
  DeliveryStatus,
  NotificationRecipientTable,
  NotificationDeliveryTable,
  NotificationPreferenceTable,
  IdentitySandboxOutcomeTable,
  IdentityTaskStatus,
  IdentityTaskTable,
  SandboxVerificationOutcome,
} from './schema.ts';
