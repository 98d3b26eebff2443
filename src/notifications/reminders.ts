/**
 * Reminders that are events: an SMS verification about to expire (4 h before the round's 24 h end, as
 * the codes cannot be extended) and a domain about to expire at the registrar (30 and 7 days before,
 * the notices registrars send before expiry under ICANN's ERRP and CNNIC's 域名注册实施细则). Each is
 * written once as an audit event, which the outbox then delivers like any other. The pass runs in one
 * transaction under a lock (PostgreSQL advisory lock; SQLite's write lock), so two instances never
 * both write the same reminder. The 7/15/30-day idle reminders are written by the workflow's
 * `expire-idle` job already (src/workflow/expire-idle.ts).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, Schema } from '../store/index.ts';
import { insertAuditEvent, writeTransaction } from '../store/index.ts';
import { SYSTEM_ACTOR } from '../workflow/index.ts';

export const SMS_EXPIRY_NOTICE_MS = 4 * 60 * 60 * 1000;
/** Days before a domain's expiry at which its holder's account is reminded, latest first. */
export const DOMAIN_EXPIRY_NOTICE_DAYS = [7, 30] as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** An arbitrary constant naming the reminders' advisory lock. */
const REMINDER_LOCK = 160_016;

export type ReminderSummary = { smsExpiring: number; domainExpiring: number };

export async function writeReminders(database: Database, now: Date): Promise<ReminderSummary> {
  return writeTransaction(database, async (tx) => {
    if (database.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(${REMINDER_LOCK})`.execute(tx);
    return { smsExpiring: await smsExpiring(tx, now), domainExpiring: await domainExpiring(tx, now) };
  });
}

async function smsExpiring(tx: Kysely<Schema>, now: Date): Promise<number> {
  const rows = await tx
    .selectFrom('sms_verification as v')
    .innerJoin('application as a', 'a.id', 'v.application_id')
    .select(['v.application_id', 'v.phone', 'v.sent_at', 'v.expires_at', 'a.status'])
    .where('v.status', '=', 'pending')
    .where('a.status', '=', 'awaiting-sms')
    .where('v.expires_at', '>', now.toISOString())
    .where('v.expires_at', '<=', new Date(now.getTime() + SMS_EXPIRY_NOTICE_MS).toISOString())
    .orderBy('v.application_id')
    .execute();
  const rounds = new Map<number, { phones: string[]; expiresAt: string; sentAt: string }>();
  for (const row of rows) {
    const round = rounds.get(row.application_id) ?? {
      phones: [],
      expiresAt: row.expires_at,
      sentAt: row.sent_at,
    };
    round.phones.push(row.phone);
    if (row.sent_at < round.sentAt) round.sentAt = row.sent_at;
    rounds.set(row.application_id, round);
  }
  let written = 0;
  for (const [applicationId, round] of rounds) {
    const done = await tx
      .selectFrom('audit_event')
      .select('id')
      .where('application_id', '=', applicationId)
      .where('action', '=', 'application.sms-expiring')
      .where('created_at', '>=', round.sentAt)
      .executeTakeFirst();
    if (done) continue;
    await insertAuditEvent(tx, {
      applicationId,
      actor: SYSTEM_ACTOR,
      action: 'application.sms-expiring',
      from: 'awaiting-sms',
      to: 'awaiting-sms',
      data: { phones: round.phones, expiresAt: round.expiresAt },
      now,
    });
    written += 1;
  }
  return written;
}

async function domainExpiring(tx: Kysely<Schema>, now: Date): Promise<number> {
  const horizon = Math.max(...DOMAIN_EXPIRY_NOTICE_DAYS);
  const rows = await tx
    .selectFrom('registrar_domain')
    .select(['domain', 'account', 'expires_at'])
    .where('status', '=', 'active')
    .where('account', 'is not', null)
    .where('expires_at', '>', now.toISOString())
    .where('expires_at', '<=', new Date(now.getTime() + horizon * DAY_MS).toISOString())
    .orderBy('domain')
    .execute();
  let written = 0;
  for (const row of rows) {
    if (row.account === null) continue;
    const expires = Date.parse(row.expires_at);
    // The nearest threshold reached; after an outage the earlier one is not worth sending any more.
    const days = DOMAIN_EXPIRY_NOTICE_DAYS.find((d) => expires - now.getTime() <= d * DAY_MS);
    if (days === undefined) continue;
    const done = await tx
      .selectFrom('audit_event')
      .select('id')
      .where('target', '=', `domain:${row.domain}`)
      .where('action', '=', 'registrar.domain-expiring')
      .where('created_at', '>=', new Date(expires - days * DAY_MS).toISOString())
      .executeTakeFirst();
    if (done) continue;
    await insertAuditEvent(tx, {
      applicationId: null,
      actor: SYSTEM_ACTOR,
      action: 'registrar.domain-expiring',
      from: null,
      to: null,
      target: `domain:${row.domain}`,
      data: { account: row.account, expiresAt: row.expires_at, days },
      now,
    });
    written += 1;
  }
  return written;
}
