/**
 * 证书核验 — `application_document.certificate_serial`: the serial of the registrar-sandbox certificate
 * an uploaded 域名证书 was checked against (its verification code matched the stored hash, for this
 * domain, still current). Null on a certificate from elsewhere: a reviewer checks it by hand.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('application_document').addColumn('certificate_serial', 'text').execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('application_document').dropColumn('certificate_serial').execute();
}
