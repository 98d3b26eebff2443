/**
 * 备案材料 — files attached to applications (issue 4): domain certificates, ID and licence scans,
 * authorisation letters. Rows describe; the bytes live on disk under their SHA-256.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('application_document')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('application_id', 'integer', (col) =>
      col.notNull().references('application.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('domain', 'text')
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('media_type', 'text', (col) => col.notNull())
    .addColumn('size_bytes', 'integer', (col) => col.notNull())
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('uploaded_by', 'text', (col) => col.notNull())
    .addColumn('uploaded_at', 'text', (col) => col.notNull())
    .addColumn('removed_at', 'text')
    .execute();
  await db.schema
    .createIndex('application_document_application')
    .on('application_document')
    .column('application_id')
    .execute();
  await db.schema
    .createIndex('application_document_sha256')
    .on('application_document')
    .column('sha256')
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('application_document').execute();
}
