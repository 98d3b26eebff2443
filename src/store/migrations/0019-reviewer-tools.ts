/**
 * 审核工具 (issue 15): a document a provider reviewer rejects (驳回材料) carries the rejection, and the
 * document that replaces it names the one it replaced; the 初审 call log (初审电话核验) keeps each call
 * to a contact. The new status `supplement-requested` needs no schema change: statuses are text and
 * the hold indexes follow `hold_evidence` (0012), not the status.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('application_document').addColumn('rejected_at', 'text').execute();
  await db.schema.alterTable('application_document').addColumn('rejected_by', 'text').execute();
  await db.schema.alterTable('application_document').addColumn('rejection', 'text').execute();
  await db.schema.alterTable('application_document').addColumn('replaces_id', 'integer').execute();

  await db.schema
    .createTable('review_call')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('application_id', 'integer', (col) =>
      col.notNull().references('application.id').onDelete('cascade'),
    )
    .addColumn('contact', 'text', (col) => col.notNull())
    .addColumn('phone', 'text', (col) => col.notNull())
    .addColumn('called_at', 'text', (col) => col.notNull())
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('note', 'text', (col) => col.notNull())
    .addColumn('next_try_at', 'text')
    .addColumn('reviewer', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('review_call_application')
    .on('review_call')
    .columns(['application_id', 'called_at'])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('review_call').execute();
  await db.schema.alterTable('application_document').dropColumn('replaces_id').execute();
  await db.schema.alterTable('application_document').dropColumn('rejection').execute();
  await db.schema.alterTable('application_document').dropColumn('rejected_by').execute();
  await db.schema.alterTable('application_document').dropColumn('rejected_at').execute();
}
