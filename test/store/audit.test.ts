/** The audit vocabulary: one naming style, data checked against each action's schema, old names renamed. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import * as renameMigration from '../../src/store/migrations/0010-audit-action-names.ts';
import { AUDIT_ACTIONS, auditActionLabel, insertAuditEvent } from '../../src/store/index.ts';
import type { AuditEventInput } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';

const NOW = new Date('2026-12-01T02:00:00Z');
const actor = { account: 'li.lei', role: 'applicant' };

describe('audit vocabulary', () => {
  it('names every action scope.verb and labels it in both languages', () => {
    for (const [action, { label }] of Object.entries(AUDIT_ACTIONS)) {
      assert.match(
        action,
        /^(application|filing|registrar|account|notification|monitor|resource|service-code|identity)\.[a-z0-9.-]+$/,
        action,
      );
      assert.ok(label.zh && label.en, action);
      assert.deepEqual(auditActionLabel(action), label);
    }
    assert.equal(auditActionLabel('no-such-action'), null);
  });

  it('renames to actions that exist, and only from names that no longer do', () => {
    for (const [from, to] of Object.entries(renameMigration.RENAMED_AUDIT_ACTIONS)) {
      assert.ok(Object.hasOwn(AUDIT_ACTIONS, to), to);
      assert.ok(!Object.hasOwn(AUDIT_ACTIONS, from), from);
    }
  });
});

for (const dialect of testDialects()) {
  describe(`audit events (${dialect.name})`, { skip: dialect.skip }, () => {
    it('writes data of the action’s shape and refuses any other', async () => {
      const db = await dialect.open();
      try {
        await insertAuditEvent(db.kysely, {
          applicationId: null,
          actor,
          action: 'filing.cancel-subject',
          from: null,
          to: null,
          data: { number: '京ICP备2021000001号' },
          now: NOW,
        });
        await insertAuditEvent(db.kysely, {
          applicationId: null,
          actor,
          action: 'account.enable',
          from: 'disabled',
          to: 'enabled',
          now: NOW,
        });
        const wrong = {
          applicationId: null,
          actor,
          action: 'filing.cancel-subject',
          from: null,
          to: null,
          data: { subject: 'x' },
          now: NOW,
        } as unknown as AuditEventInput;
        await assert.rejects(insertAuditEvent(db.kysely, wrong));
        const missing = { ...wrong, data: undefined } as unknown as AuditEventInput;
        await assert.rejects(insertAuditEvent(db.kysely, missing));
        const rows = await db.kysely
          .selectFrom('audit_event')
          .select(['action', 'data'])
          .orderBy('id')
          .execute();
        assert.deepEqual(
          rows.map((row) => [row.action, JSON.parse(row.data)]),
          [
            ['filing.cancel-subject', { number: '京ICP备2021000001号' }],
            ['account.enable', {}],
          ],
        );
      } finally {
        await db.destroy();
      }
    });

    it('migration 0010 renames stored workflow actions and leaves scoped ones alone', async () => {
      const db = await dialect.open();
      try {
        const stored = [
          'transition',
          'cancel-access',
          'idle-reminder-15',
          'registrar.renew',
          'account.create',
        ];
        await db.kysely
          .insertInto('audit_event')
          .values(
            stored.map((action) => ({
              application_id: null,
              actor_account: 'system',
              actor_role: 'system',
              action,
              from_status: null,
              to_status: null,
              target: null,
              data: '{}',
              created_at: NOW.toISOString(),
            })),
          )
          .execute();
        const actions = async () =>
          (await db.kysely.selectFrom('audit_event').select('action').orderBy('id').execute()).map(
            (r) => r.action,
          );
        const unknownDb = db.kysely as unknown as Kysely<unknown>;
        await renameMigration.up(unknownDb, db.dialect);
        assert.deepEqual(await actions(), [
          'application.transition',
          'filing.cancel-access',
          'application.idle-reminder-15',
          'registrar.renew',
          'account.create',
        ]);
        await renameMigration.down(unknownDb, db.dialect);
        assert.deepEqual(await actions(), stored);
      } finally {
        await db.destroy();
      }
    });
  });
}
