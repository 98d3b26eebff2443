/**
 * Facts tables: the MIIT sandbox domain database and the national filing registry (filed subjects,
 * their websites and domains). The only dialect branch is the auto-increment id.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('domain_registration')
    .addColumn('domain', 'text', (col) => col.primaryKey())
    .addColumn('registrar', 'text', (col) => col.notNull())
    .addColumn('registrar_iana_id', 'integer')
    .addColumn('registered_at', 'text')
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('real_name_status', 'text', (col) => col.notNull())
    .addColumn('real_name_verified_at', 'text')
    .addColumn('real_name_reported_at', 'text')
    .addColumn('holder_name', 'text')
    .addColumn('holder_type', 'text')
    .addColumn('holder_id_type', 'text')
    .addColumn('holder_id_number', 'text')
    .addColumn('origin', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('filed_subject')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    // Unique, but null for applications in progress: both dialects let NULLs repeat in a unique column.
    .addColumn('subject_number', 'text', (col) => col.unique())
    .addColumn('province', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('type', 'text')
    .addColumn('id_type', 'text', (col) => col.notNull())
    .addColumn('id_number', 'text', (col) => col.notNull())
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('account', 'text')
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('filed_subject_id_number').on('filed_subject').column('id_number').execute();

  await db.schema
    .createTable('filed_website')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('subject_id', 'integer', (col) =>
      col.notNull().references('filed_subject.id').onDelete('cascade'),
    )
    .addColumn('number', 'text', (col) => col.unique())
    .addColumn('providers', 'text', (col) => col.notNull())
    .execute();
  // Replacing a subject's websites deletes by subject_id; without this index that is a full scan.
  await db.schema.createIndex('filed_website_subject_id').on('filed_website').column('subject_id').execute();

  await db.schema
    .createTable('filed_website_domain')
    .addColumn('website_id', 'integer', (col) =>
      col.notNull().references('filed_website.id').onDelete('cascade'),
    )
    .addColumn('domain', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('filed_website_domain_pk', ['website_id', 'domain'])
    .execute();
  await db.schema
    .createIndex('filed_website_domain_domain')
    .on('filed_website_domain')
    .column('domain')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('filed_website_domain').execute();
  await db.schema.dropTable('filed_website').execute();
  await db.schema.dropTable('filed_subject').execute();
  await db.schema.dropTable('domain_registration').execute();
}
