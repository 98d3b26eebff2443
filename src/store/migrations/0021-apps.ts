/**
 * APP备案 (issue 17) — apps, mini programs and quick apps beside websites, in tables of their own:
 * `application_app` holds an application's app entries as entered (JSON, like `application.websites`);
 * `filed_app` is the MIIT sandbox's record of a filed app under its subject, with its number
 * (`<subject number>-<N>A`, `-<N>X` for mini programs), unique; `filed_app_identifier` its package
 * names and Bundle IDs (`android:cn.example.app`), unique, so two subjects can never both hold one app.
 * A subject's cancellation removes its apps (cascade); the numbers stay burnt in `website_seq`.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('application_app')
    .addColumn('application_id', 'integer', (col) =>
      col.primaryKey().references('application.id').onDelete('cascade'),
    )
    .addColumn('apps', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('filed_app')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('subject_id', 'integer', (col) =>
      col.notNull().references('filed_subject.id').onDelete('cascade'),
    )
    .addColumn('number', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('entry', 'text', (col) => col.notNull())
    .addColumn('approved_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('filed_app_subject').on('filed_app').column('subject_id').execute();
  await db.schema.createIndex('filed_app_name').on('filed_app').column('name').execute();

  await db.schema
    .createTable('filed_app_identifier')
    .addColumn('app_id', 'integer', (col) => col.notNull().references('filed_app.id').onDelete('cascade'))
    .addColumn('identifier', 'text', (col) => col.notNull().unique())
    .execute();
  await db.schema
    .createIndex('filed_app_identifier_app')
    .on('filed_app_identifier')
    .column('app_id')
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('filed_app_identifier').execute();
  await db.schema.dropTable('filed_app').execute();
  await db.schema.dropTable('application_app').execute();
}
