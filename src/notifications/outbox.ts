/**
 * 通知发件箱 — turns audit events into deliveries (the transactional outbox pattern: the event is the
 * message, written in the transaction of the change). The scan reads events not yet processed, in id
 * order, and for each one, in one transaction: marks the event processed (a primary key, so two
 * instances scanning at once process it once: the second waits on the first's insert and then finds
 * it taken), renders the message once per recipient, inserts its deliveries (unique by event, channel
 * and recipient), and enqueues one job per e-mail or SMS delivery. Inbox notices need no sending: the
 * delivery row is the notice.
 *
 * Ids are handed out before commit, so an event with a lower id may become visible after a higher one:
 * the scan therefore looks at every unprocessed event above a floor, and the floor only passes events
 * that are processed and older than an hour (no transaction of this system runs that long).
 */
import { createHash } from 'node:crypto';
import { domainToUnicode } from 'node:url';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Role } from '../filing/index.ts';
import { isMainlandMobile, isValidEmail, normalizePhone } from '../filing/index.ts';
import { enqueue } from '../jobs/index.ts';
import type { Database, NotificationChannel, Schema } from '../store/index.ts';
import { fromJson, writeTransaction } from '../store/index.ts';
import type { AuditRow, Derived } from './derive.ts';
import { deriveNotifications } from './derive.ts';
import { mutedFor } from './preferences.ts';
import type { TemplateInput } from './templates.ts';
import { renderNotification } from './templates.ts';

export const DELIVER_JOB = 'notification-deliver';
/** Attempts per e-mail or SMS: 30 s, 1, 2, 4, 8, 16, 32 min between them (src/jobs backoffSeconds). */
export const DELIVERY_MAX_ATTEMPTS = 8;
const SCAN_BATCH = 200;
const FLOOR_LAG_MS = 60 * 60 * 1000;

/** Where links point and what Message-IDs end with. */
export type OutboxSettings = { publicUrl: string };

export type ScanSummary = { events: number; deliveries: number };

type Target = { channel: NotificationChannel; recipient: string; account: string | null; lang: 'zh' | 'en' };

/** Processes the events not processed yet (at most `limit`); safe to run from any number of instances. */
export async function scanNotifications(
  database: Database,
  settings: OutboxSettings,
  now: Date,
  limit = SCAN_BATCH,
): Promise<ScanSummary> {
  const db = database.kysely;
  const floor = await readFloor(db);
  const events = await db
    .selectFrom('audit_event as e')
    .selectAll('e')
    .where('e.id', '>', floor)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('notification_event as m').select('m.event_id').whereRef('m.event_id', '=', 'e.id'),
        ),
      ),
    )
    .orderBy('e.id')
    .limit(limit)
    .execute();
  const summary: ScanSummary = { events: 0, deliveries: 0 };
  for (const row of events) {
    const event: AuditRow = { ...row, data: fromJson(row.data) };
    const created = await writeTransaction(database, (tx) => processEvent(tx, event, settings, now));
    if (created !== null) {
      summary.events += 1;
      summary.deliveries += created;
    }
  }
  await advanceFloor(database, floor, now);
  return summary;
}

async function readFloor(db: Kysely<Schema>): Promise<number> {
  const row = await db
    .selectFrom('notification_cursor')
    .select('floor_event_id')
    .where('name', '=', 'outbox')
    .executeTakeFirst();
  return row?.floor_event_id ?? 0;
}

/** Moves the floor over the prefix of processed events older than FLOOR_LAG_MS. */
async function advanceFloor(database: Database, floor: number, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - FLOOR_LAG_MS).toISOString();
  const rows = await database.kysely
    .selectFrom('audit_event as e')
    .leftJoin('notification_event as m', 'm.event_id', 'e.id')
    .select(['e.id', 'e.created_at', 'm.event_id as processed'])
    .where('e.id', '>', floor)
    .orderBy('e.id')
    .limit(1000)
    .execute();
  let next = floor;
  for (const row of rows) {
    if (row.processed === null || row.created_at >= cutoff) break;
    next = row.id;
  }
  if (next === floor) return;
  await database.kysely
    .updateTable('notification_cursor')
    .set({ floor_event_id: next })
    .where('name', '=', 'outbox')
    .where('floor_event_id', '<', next)
    .execute();
}

/**
 * One event in the caller's transaction: null when another instance processed it first, else the
 * number of deliveries created.
 */
async function processEvent(
  tx: Kysely<Schema>,
  event: AuditRow,
  settings: OutboxSettings,
  now: Date,
): Promise<number | null> {
  const marked = await tx
    .insertInto('notification_event')
    .values({ event_id: event.id, processed_at: now.toISOString() })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .executeTakeFirst();
  if (marked === undefined) return null;
  const domainAccount = await accountOfDomain(tx, event.target);
  let created = 0;
  for (const derived of deriveNotifications(event, domainAccount)) {
    created += await createDeliveries(tx, event, derived, settings, now);
  }
  return created;
}

async function accountOfDomain(tx: Kysely<Schema>, target: string | null): Promise<string | null> {
  if (!target?.startsWith('domain:')) return null;
  const row = await tx
    .selectFrom('registrar_domain')
    .select('account')
    .where('domain', '=', target.slice('domain:'.length))
    .executeTakeFirst();
  return row?.account ?? null;
}

type ApplicationFacts = {
  account: string;
  label: NonNullable<TemplateInput['application']>;
  persons: { mobile: string | null; email: string | null }[];
};

async function applicationFacts(tx: Kysely<Schema>, id: number | null): Promise<ApplicationFacts | null> {
  if (id === null) return null;
  const row = await tx
    .selectFrom('application')
    .select(['id', 'account', 'subject', 'websites'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const subject: { name?: unknown; responsiblePerson?: unknown } = fromJson(row.subject);
  const websites: { domains?: unknown; responsiblePerson?: unknown }[] = fromJson(row.websites);
  const domains = websites.flatMap((w) =>
    Array.isArray(w.domains)
      ? w.domains.filter((d): d is string => typeof d === 'string').map((d) => domainToUnicode(d) || d)
      : [],
  );
  const persons = [subject.responsiblePerson, ...websites.map((w) => w.responsiblePerson)].map(personContact);
  return {
    account: row.account,
    label: { id: row.id, subject: typeof subject.name === 'string' ? subject.name : '', domains },
    persons,
  };
}

/** The application's label for a template (`#12（主体，域名）`); null when there is no such application. */
export async function applicationLabel(
  tx: Kysely<Schema>,
  id: number,
): Promise<NonNullable<TemplateInput['application']> | null> {
  return (await applicationFacts(tx, id))?.label ?? null;
}

/** A responsible person's mobile and e-mail as the form holds them; invalid or missing ones are null. */
function personContact(person: unknown): { mobile: string | null; email: string | null } {
  const p = (person ?? {}) as { mobile?: unknown; email?: unknown };
  const mobile = typeof p.mobile === 'string' ? normalizePhone(p.mobile) : null;
  const email = typeof p.email === 'string' ? p.email.trim() : null;
  return {
    mobile: mobile !== null && isMainlandMobile(mobile) ? mobile : null,
    email: email !== null && email !== '' && isValidEmail(email) ? email : null,
  };
}

async function targetsOf(
  tx: Kysely<Schema>,
  derived: Derived,
  app: ApplicationFacts | null,
): Promise<Target[]> {
  const targets: Target[] = [];
  if (derived.role !== null) {
    for (const login of await accountsWithRole(tx, derived.role))
      targets.push({ channel: 'inbox', recipient: login, account: login, lang: 'zh' });
    return targets;
  }
  const owner = derived.account ?? app?.account ?? null;
  if (owner !== null) {
    targets.push({ channel: 'inbox', recipient: owner, account: owner, lang: 'zh' });
    const addresses = await tx
      .selectFrom('notification_recipient')
      .select(['channel', 'address', 'lang'])
      .where('account', '=', owner)
      .where('verified_at', 'is not', null)
      .orderBy('id')
      .execute();
    for (const a of addresses)
      targets.push({ channel: a.channel, recipient: a.address, account: owner, lang: a.lang });
  }
  if (derived.principals && app !== null) {
    for (const person of app.persons) {
      if (person.mobile !== null)
        targets.push({ channel: 'sms', recipient: person.mobile, account: null, lang: 'zh' });
      if (person.email !== null)
        targets.push({ channel: 'email', recipient: person.email, account: null, lang: 'zh' });
    }
  }
  // One message per address and channel: a person who is both 主体负责人 and 网站负责人, or whose
  // e-mail the account also added, is told once (the first target, the account's, keeps its language).
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.channel}:${t.channel === 'email' ? t.recipient.toLowerCase() : t.recipient}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function accountsWithRole(tx: Kysely<Schema>, role: Role): Promise<string[]> {
  const rows = await tx
    .selectFrom('account')
    .select('login')
    .where('role', '=', role)
    .where('disabled', '=', 0)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.login);
}

async function createDeliveries(
  tx: Kysely<Schema>,
  event: AuditRow,
  derived: Derived,
  settings: OutboxSettings,
  now: Date,
): Promise<number> {
  const app = await applicationFacts(tx, event.application_id);
  const message = renderNotification(derived.kind, {
    application: app?.label ?? null,
    params: derived.params,
    publicUrl: settings.publicUrl,
  });
  // What the account turned off (src/notifications/preferences.ts): its e-mail and SMS, the responsible
  // persons' included; the inbox always keeps the notice, and mandatory kinds are never muted.
  const owner = derived.role === null ? (derived.account ?? app?.account ?? null) : null;
  const muted = owner === null ? new Set<string>() : await mutedFor(tx, owner);
  const targets = (await targetsOf(tx, derived, app)).filter(
    (target) => target.channel === 'inbox' || !muted.has(`${derived.kind}:${target.channel}`),
  );
  let created = 0;
  for (const target of targets) {
    const id = await insertDelivery(tx, {
      eventId: event.id,
      kind: derived.kind,
      target,
      applicationId: event.application_id,
      message,
      settings,
      now,
    });
    if (id !== null) created += 1;
  }
  return created;
}

/**
 * Inserts one delivery unless its (event, channel, recipient) exists, and enqueues its job in the same
 * transaction; null when it existed. Used by the outbox and by the recipient verification links.
 */
export async function insertDelivery(
  tx: Kysely<Schema>,
  request: {
    eventId: number;
    kind: string;
    target: Target;
    applicationId: number | null;
    message: object;
    settings: OutboxSettings;
    now: Date;
  },
): Promise<number | null> {
  const { target, now } = request;
  const inbox = target.channel === 'inbox';
  const row = await tx
    .insertInto('notification_delivery')
    .values({
      event_id: request.eventId,
      kind: request.kind,
      channel: target.channel,
      recipient: target.recipient,
      account: target.account,
      application_id: request.applicationId,
      lang: target.lang,
      message: JSON.stringify(request.message),
      message_id: messageId(request.eventId, target.channel, target.recipient, request.settings.publicUrl),
      status: inbox ? 'sent' : 'queued',
      last_answer: null,
      job_id: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      sent_at: inbox ? now.toISOString() : null,
      read_at: null,
    })
    .onConflict((oc) => oc.columns(['event_id', 'channel', 'recipient']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row === undefined) return null;
  if (!inbox) await enqueueDelivery(tx, row.id, now);
  return row.id;
}

/** Enqueues the job that sends a delivery and records it on the delivery. */
export async function enqueueDelivery(tx: Kysely<Schema>, deliveryId: number, now: Date): Promise<number> {
  const jobId = await enqueue(tx, {
    kind: DELIVER_JOB,
    payload: { deliveryId },
    runAt: now,
    maxAttempts: DELIVERY_MAX_ATTEMPTS,
    now,
  });
  await tx.updateTable('notification_delivery').set({ job_id: jobId }).where('id', '=', deliveryId).execute();
  return jobId;
}

/**
 * RFC 5322 Message-ID from (event, channel, recipient): the same for every attempt and resend of one
 * delivery, so a recipient's mail client (and an operator reading the log) recognises a duplicate.
 */
export function messageId(eventId: number, channel: string, recipient: string, publicUrl: string): string {
  const hash = createHash('sha256')
    .update(`${channel}:${recipient.toLowerCase()}`)
    .digest('hex')
    .slice(0, 16);
  let host = 'beian.invalid';
  try {
    host = new URL(publicUrl).hostname || host;
  } catch {
    // A bad public URL is refused at start (serve); this keeps the id well-formed regardless.
  }
  return `<beian.e${eventId}.${channel}.${hash}@${host.replace(/^\[|\]$/g, '')}>`;
}

/** For tests and the operator page: how far the outbox is (the floor) and what remains. */
export async function outboxBacklog(db: Kysely<Schema>): Promise<number> {
  const floor = await readFloor(db);
  const row = await db
    .selectFrom('audit_event as e')
    .select(sql<number>`count(*)`.as('n'))
    .where('e.id', '>', floor)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('notification_event as m').select('m.event_id').whereRef('m.event_id', '=', 'e.id'),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
