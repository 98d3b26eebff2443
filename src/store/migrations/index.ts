/**
 * Schema migrations, run by Kysely's Migrator from code (kysely-ctl needs Node 22). One set for both
 * dialects; a migration receives the dialect only to pick the id column type. Names sort in run order:
 * append new ones, never edit or rename a shipped one.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../dialect.ts';
import * as facts from './0001-facts.ts';
import * as miitSandbox from './0002-miit-sandbox.ts';
import * as jobs from './0003-jobs.ts';
import * as accounts from './0004-accounts.ts';
import * as applications from './0005-applications.ts';
import * as changesAndShells from './0006-changes-and-shells.ts';
import * as registrar from './0007-registrar.ts';
import * as documents from './0008-documents.ts';
import * as onlineFacts from './0009-online-facts.ts';
import * as auditActionNames from './0010-audit-action-names.ts';
import * as credentialsAndHolds from './0012-credentials-and-holds.ts';
import * as websiteFirstApproval from './0013-website-first-approval.ts';
import * as notifications from './0016-notifications.ts';
import * as sharedState from './0014-shared-state.ts';
import * as certificateChecks from './0015-certificate-checks.ts';
import * as monitor from './0018-monitor.ts';
import * as reviewerTools from './0019-reviewer-tools.ts';
import * as accessResources from './0020-access-resources.ts';
import * as apps from './0021-apps.ts';
import * as identityVerification from './0022-identity-verification.ts';
import * as subjectChanges from './0023-subject-changes.ts';
import * as notificationPreferences from './0025-notification-preferences.ts';
import * as appChangesAndAccess from './0026-app-changes-and-access.ts';

type DialectMigration = {
  up: (db: Kysely<unknown>, dialect: DialectName) => Promise<void>;
  down?: (db: Kysely<unknown>, dialect: DialectName) => Promise<void>;
};

const MIGRATIONS: Record<string, DialectMigration> = {
  '0001-facts': facts,
  '0002-miit-sandbox': miitSandbox,
  '0003-jobs': jobs,
  '0004-accounts': accounts,
  '0005-applications': applications,
  '0006-changes-and-shells': changesAndShells,
  '0007-registrar': registrar,
  '0008-documents': documents,
  '0009-online-facts': onlineFacts,
  '0010-audit-action-names': auditActionNames,
  '0012-credentials-and-holds': credentialsAndHolds,
  '0013-website-first-approval': websiteFirstApproval,
  '0016-notifications': notifications,
  '0014-shared-state': sharedState,
  '0015-certificate-checks': certificateChecks,
  '0018-monitor': monitor,
  '0019-reviewer-tools': reviewerTools,
  '0020-access-resources': accessResources,
  '0021-apps': apps,
  '0022-identity-verification': identityVerification,
  '0023-subject-changes': subjectChanges,
  '0025-notification-preferences': notificationPreferences,
  '0026-app-changes-and-access': appChangesAndAccess,
};

export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    getMigrations(): Promise<Record<string, Migration>> {
      const bound: Record<string, Migration> = {};
      for (const [name, migration] of Object.entries(MIGRATIONS)) {
        bound[name] = {
          up: (db: Kysely<unknown>) => migration.up(db, dialect),
          down: (db: Kysely<unknown>) => migration.down?.(db, dialect) ?? Promise.resolve(),
        };
      }
      return Promise.resolve(bound);
    },
  };
}
