/**
 * Audit actions in one naming style, `scope.verb` (src/store/audit.ts): the workflow's actions were
 * bare verbs (`transition`, `cancel-website`) while the registrar's and accounts' were scoped. Stored
 * events are renamed so timelines and queries by action read old and new events alike.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';

/** Old name → new name; never edit: a later rename is a new migration. */
export const RENAMED_AUDIT_ACTIONS: Readonly<Record<string, string>> = {
  create: 'application.create',
  'create-change': 'application.create-change',
  transition: 'application.transition',
  'add-domain': 'application.add-domain',
  'add-website': 'application.add-website',
  'upload-document': 'application.upload-document',
  'remove-document': 'application.remove-document',
  'resend-sms': 'application.resend-sms',
  'idle-reminder-7': 'application.idle-reminder-7',
  'idle-reminder-15': 'application.idle-reminder-15',
  'idle-reminder-30': 'application.idle-reminder-30',
  'cancel-website': 'filing.cancel-website',
  'cancel-subject': 'filing.cancel-subject',
  'cancel-access': 'filing.cancel-access',
  'remove-shell-website': 'filing.remove-shell-website',
};

type AuditTable = { audit_event: { action: string } };

async function rename(db: Kysely<unknown>, pairs: [string, string][]): Promise<void> {
  const audit = db as Kysely<AuditTable>;
  for (const [from, to] of pairs) {
    await audit.updateTable('audit_event').set({ action: to }).where('action', '=', from).execute();
  }
}

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await rename(db, Object.entries(RENAMED_AUDIT_ACTIONS));
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await rename(
    db,
    Object.entries(RENAMED_AUDIT_ACTIONS).map(([from, to]) => [to, from]),
  );
}
