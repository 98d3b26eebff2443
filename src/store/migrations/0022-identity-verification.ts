/**
 * 真实性核验 (issue 15) — `identity_task`: one verification link sent to one responsible person of an
 * application, bound to that person's name and certificate number; only the SHA-256 of the link's token
 * is stored (unique); the status, not the hash, says whether the link may still be used. The photos go to the verification vendor and are not
 * kept here: the row keeps their SHA-256 and type as evidence of what was checked, and the outcome.
 * `identity_sandbox_outcome`: what the sandbox vendor answers for a certificate number, as an operator
 * steered it (like the MIIT sandbox's SMS outbox, it exists only in the sandbox).
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('identity_task')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('application_id', 'integer', (col) =>
      col.notNull().references('application.id').onDelete('cascade'),
    )
    .addColumn('person_name', 'text', (col) => col.notNull())
    .addColumn('person_id_type', 'text', (col) => col.notNull())
    .addColumn('person_id_number', 'text', (col) => col.notNull())
    .addColumn('roles', 'text', (col) => col.notNull())
    .addColumn('method', 'text', (col) => col.notNull())
    .addColumn('declarations_required', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.unique())
    .addColumn('issued_by', 'text', (col) => col.notNull())
    .addColumn('issued_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('opened_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('failure', 'text')
    .addColumn('vendor_reference', 'text')
    .addColumn('id_photo_sha256', 'text')
    .addColumn('face_photo_sha256', 'text')
    .addColumn('declarations_signed', 'text')
    .execute();
  await db.schema
    .createIndex('identity_task_application')
    .on('identity_task')
    .columns(['application_id', 'person_id_number'])
    .execute();

  await db.schema
    .createTable('identity_sandbox_outcome')
    .addColumn('id_number', 'text', (col) => col.primaryKey())
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('remaining', 'integer')
    .addColumn('set_by', 'text', (col) => col.notNull())
    .addColumn('set_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('identity_sandbox_outcome').execute();
  await db.schema.dropTable('identity_task').execute();
}
