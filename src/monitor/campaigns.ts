/**
 * 巡检批次与整改 — campaigns and rectifications. A campaign checks a cohort and stores one result per
 * website; the operator opens a rectification (整改) per failing website with a deadline, notifies the
 * applicant, rechecks, and closes or escalates it. Every state change writes its audit event in the same
 * transaction (target `monitor-campaign:ID` or `rectification:ID`).
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { notify, RECTIFICATION_PATH, rectificationNoticeMessage } from '../notifications/index.ts';
import type { MonitorFinding } from '../rules/index.ts';
import type { Localized } from '../shared/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import type { Database, Schema, StoredMonitorFinding } from '../store/index.ts';
import { fromJson, insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { RectificationStatus } from '../store/index.ts';
import type { Cohort } from './cohort.ts';
import { cohortText } from './cohort.ts';
import { MonitorError } from './errors.ts';
import { canMove } from './rectification-status.ts';
import type { MonitorDeps } from './run-monitor.ts';
import { runMonitor } from './run-monitor.ts';
import { listMonitoredSites } from './sites.ts';
import type { SiteReport } from './types.ts';

/** Who acts: an operator's account and role, or the scheduler (`system`). */
export type MonitorActor = { account: string; role: string };

const storeFinding = (f: MonitorFinding): StoredMonitorFinding => ({
  code: f.code,
  severity: f.severity,
  message: { zh: f.message.zh, en: f.message.en },
  remedy: { zh: f.remedy.zh, en: f.remedy.en },
  evidence: f.evidence,
  source: f.source,
});

const errorCodes = (findings: readonly { code: string; severity: string }[]): string[] => [
  ...new Set(findings.filter((f) => f.severity === 'error').map((f) => f.code)),
];

/** Rows per insert: well under both dialects' bound-parameter limits (12 columns each). */
const RESULT_CHUNK = 200;

export type CampaignOutcome = { campaignId: number; sites: number; failing: number; reports: SiteReport[] };

/**
 * Runs a campaign: claims it (a scheduled one by its unique slot: null when another instance already
 * has it), checks the cohort, stores the results and finishes it. A failure mid-way marks it failed.
 */
export async function runCampaign(
  database: Database,
  request: { cohort: Cohort; actor: MonitorActor; monitor: MonitorDeps; scheduledFor?: string | null },
): Promise<CampaignOutcome | null> {
  const cohort = cohortText(request.cohort);
  const scheduledFor = request.scheduledFor ?? null;
  const startedAt = request.monitor.now();
  const campaignId = await writeTransaction(database, async (tx) => {
    // The slot's unique index decides between instances: a read-then-insert would let two of them
    // both see it free under PostgreSQL's READ COMMITTED and one fail on the index instead.
    const row = await tx
      .insertInto('monitor_campaign')
      .values({
        cohort,
        status: 'running',
        scheduled_for: scheduledFor,
        started_by: request.actor.account,
        started_at: startedAt.toISOString(),
        finished_at: null,
      })
      .onConflict((conflict) => conflict.column('scheduled_for').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return null;
    await insertAuditEvent(tx, {
      applicationId: null,
      actor: request.actor,
      action: 'monitor.campaign-start',
      from: null,
      to: 'running',
      target: `monitor-campaign:${row.id}`,
      data: { cohort, scheduledFor },
      now: startedAt,
    });
    return row.id;
  });
  if (campaignId === null) return null;
  try {
    const sites = await listMonitoredSites(database, request.cohort);
    const reports = await runMonitor(sites, request.monitor);
    const failing = reports.filter((r) => !r.ok).length;
    const finishedAt = request.monitor.now();
    await writeTransaction(database, async (tx) => {
      for (let i = 0; i < reports.length; i += RESULT_CHUNK) {
        await tx
          .insertInto('monitor_result')
          .values(
            reports.slice(i, i + RESULT_CHUNK).map((r) => ({
              campaign_id: campaignId,
              website_number: r.site.number,
              website_name: r.site.name,
              subject_name: r.site.subject.name,
              province: r.site.province,
              account: r.site.account,
              domains: JSON.stringify(r.site.domains),
              url: r.url,
              ok: r.ok ? 1 : 0,
              findings: JSON.stringify(r.findings.map(storeFinding)),
              checked_at: r.checkedAt,
            })),
          )
          .execute();
      }
      await finish(
        tx,
        campaignId,
        request.actor,
        cohort,
        { status: 'done', sites: reports.length, failing, error: null },
        finishedAt,
      );
    });
    return { campaignId, sites: reports.length, failing, reports };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await writeTransaction(database, (tx) =>
      finish(
        tx,
        campaignId,
        request.actor,
        cohort,
        { status: 'failed', sites: 0, failing: 0, error: message.slice(0, 500) },
        request.monitor.now(),
      ),
    );
    throw error;
  }
}

async function finish(
  tx: Kysely<Schema>,
  campaignId: number,
  actor: MonitorActor,
  cohort: string,
  outcome: { status: 'done' | 'failed'; sites: number; failing: number; error: string | null },
  now: Date,
): Promise<void> {
  await tx
    .updateTable('monitor_campaign')
    .set({
      status: outcome.status,
      finished_at: now.toISOString(),
      site_count: outcome.sites,
      failing_count: outcome.failing,
    })
    .where('id', '=', campaignId)
    .execute();
  await insertAuditEvent(tx, {
    applicationId: null,
    actor,
    action: 'monitor.campaign-finish',
    from: 'running',
    to: outcome.status,
    target: `monitor-campaign:${campaignId}`,
    data: { cohort, ...outcome },
    now,
  });
}

export type CampaignSummary = {
  id: number;
  cohort: string;
  status: string;
  scheduledFor: string | null;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  sites: number;
  failing: number;
};

export type CampaignResult = {
  id: number;
  number: string;
  websiteName: string | null;
  subjectName: string;
  province: string;
  account: string | null;
  domains: string[];
  url: string | null;
  ok: boolean;
  findings: StoredMonitorFinding[];
  checkedAt: string;
  /** The website's active rectification, if any. */
  rectification: { id: number; status: RectificationStatus; deadline: string } | null;
};

export async function listCampaigns(database: Database, limit = 50): Promise<CampaignSummary[]> {
  const rows = await database.kysely
    .selectFrom('monitor_campaign')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    cohort: r.cohort,
    status: r.status,
    scheduledFor: r.scheduled_for,
    startedBy: r.started_by,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    sites: r.site_count,
    failing: r.failing_count,
  }));
}

/** A campaign with its results (failing first); CAMPAIGN_NOT_FOUND when there is none. */
export async function readCampaign(
  database: Database,
  id: number,
): Promise<{ campaign: CampaignSummary; results: CampaignResult[] }> {
  const row = await database.kysely
    .selectFrom('monitor_campaign')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row)
    throw new MonitorError('CAMPAIGN_NOT_FOUND', { zh: `没有编号为 ${id} 的巡检`, en: `no campaign ${id}` });
  const results = await database.kysely
    .selectFrom('monitor_result')
    .selectAll()
    .where('campaign_id', '=', id)
    .orderBy('ok')
    .orderBy('website_number')
    .execute();
  const active = await database.kysely
    .selectFrom('monitor_rectification')
    .select(['id', 'website_number', 'status', 'deadline'])
    .where('status', '<>', 'closed')
    .execute();
  const byNumber = new Map(active.map((r) => [r.website_number, r]));
  return {
    campaign: {
      id: row.id,
      cohort: row.cohort,
      status: row.status,
      scheduledFor: row.scheduled_for,
      startedBy: row.started_by,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      sites: row.site_count,
      failing: row.failing_count,
    },
    results: results.map((r) => {
      const rect = byNumber.get(r.website_number);
      return {
        id: r.id,
        number: r.website_number,
        websiteName: r.website_name,
        subjectName: r.subject_name,
        province: r.province,
        account: r.account,
        domains: fromJson(r.domains),
        url: r.url,
        ok: r.ok === 1,
        findings: fromJson(r.findings),
        checkedAt: r.checked_at,
        rectification: rect ? { id: rect.id, status: rect.status, deadline: rect.deadline } : null,
      };
    }),
  };
}

/** A deadline is a calendar day, today (Asia/Shanghai) or later. */
function checkDeadline(deadline: string, now: Date): void {
  const valid =
    /^\d{4}-\d{2}-\d{2}$/.test(deadline) && !Number.isNaN(Date.parse(`${deadline}T00:00:00+08:00`));
  if (!valid || deadline < shanghaiDate(now)) {
    throw new MonitorError(
      'DEADLINE_INVALID',
      {
        zh: `整改期限须为今天或以后的日期（YYYY-MM-DD）：${deadline.slice(0, 40)}`,
        en: `the deadline must be a date from today on (YYYY-MM-DD): ${deadline.slice(0, 40)}`,
      },
      [
        {
          path: 'deadline',
          code: 'DEADLINE_INVALID',
          message: { zh: '须为今天或以后的日期', en: 'must be a date from today on' },
        },
      ],
    );
  }
}

/**
 * Opens a rectification for each failing website of a campaign (or those of `numbers`) that has no
 * active one; a passing website or one already under rectification is skipped and said so.
 */
export async function openRectifications(
  database: Database,
  request: {
    campaignId: number;
    deadline: string;
    numbers?: readonly string[];
    actor: MonitorActor;
    now: Date;
  },
): Promise<{
  opened: { id: number; number: string }[];
  skipped: { number: string; reason: 'passing' | 'active' }[];
}> {
  checkDeadline(request.deadline, request.now);
  const { results } = await readCampaign(database, request.campaignId);
  const wanted = request.numbers ? new Set(request.numbers) : null;
  const opened: { id: number; number: string }[] = [];
  const skipped: { number: string; reason: 'passing' | 'active' }[] = [];
  await writeTransaction(database, async (tx) => {
    for (const result of results) {
      if (wanted && !wanted.has(result.number)) continue;
      if (result.ok) {
        if (wanted) skipped.push({ number: result.number, reason: 'passing' });
        continue;
      }
      const active = await tx
        .selectFrom('monitor_rectification')
        .select('id')
        .where('website_number', '=', result.number)
        .where('status', '<>', 'closed')
        .executeTakeFirst();
      if (active) {
        skipped.push({ number: result.number, reason: 'active' });
        continue;
      }
      const codes = errorCodes(result.findings);
      const at = request.now.toISOString();
      const row = await tx
        .insertInto('monitor_rectification')
        .values({
          campaign_id: request.campaignId,
          website_number: result.number,
          account: result.account,
          status: 'open',
          deadline: request.deadline,
          codes: JSON.stringify(codes),
          notified_at: null,
          last_checked_at: result.checkedAt,
          last_findings: JSON.stringify(result.findings),
          note: null,
          created_by: request.actor.account,
          created_at: at,
          updated_at: at,
          closed_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertAuditEvent(tx, {
        applicationId: null,
        actor: request.actor,
        action: 'monitor.rectification-open',
        from: null,
        to: 'open',
        target: `rectification:${row.id}`,
        data: { number: result.number, campaignId: request.campaignId, deadline: request.deadline, codes },
        now: request.now,
      });
      opened.push({ id: row.id, number: result.number });
    }
  });
  return { opened, skipped };
}

export type Rectification = {
  id: number;
  campaignId: number;
  number: string;
  account: string | null;
  status: RectificationStatus;
  deadline: string;
  codes: string[];
  notified: boolean;
  notifiedAt: string | null;
  lastCheckedAt: string;
  lastFindings: StoredMonitorFinding[];
  rechecks: number;
  note: string | null;
  createdBy: string;
  createdAt: string;
  closedAt: string | null;
};

type RectificationRow = Awaited<ReturnType<typeof loadRow>>;

async function loadRow(db: Kysely<Schema>, id: number) {
  const row = await db
    .selectFrom('monitor_rectification')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row)
    throw new MonitorError('RECTIFICATION_NOT_FOUND', {
      zh: `没有编号为 ${id} 的整改`,
      en: `no rectification ${id}`,
    });
  return row;
}

const toRectification = (r: RectificationRow): Rectification => ({
  id: r.id,
  campaignId: r.campaign_id,
  number: r.website_number,
  account: r.account,
  status: r.status,
  deadline: r.deadline,
  codes: fromJson(r.codes),
  notified: r.notified === 1,
  notifiedAt: r.notified_at,
  lastCheckedAt: r.last_checked_at,
  lastFindings: fromJson(r.last_findings),
  rechecks: r.recheck_count,
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
  closedAt: r.closed_at,
});

export async function readRectification(database: Database, id: number): Promise<Rectification> {
  return toRectification(await loadRow(database.kysely, id));
}

export async function listRectifications(
  database: Database,
  filter: { status?: RectificationStatus; account?: string } = {},
): Promise<Rectification[]> {
  let query = database.kysely.selectFrom('monitor_rectification').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.account) query = query.where('account', '=', filter.account);
  return (await query.orderBy('id', 'desc').limit(500).execute()).map(toRectification);
}

const STATUS_LABELS: Record<RectificationStatus, Localized> = {
  open: { zh: '待整改', en: 'open' },
  notified: { zh: '已通知', en: 'notified' },
  escalated: { zh: '已上报', en: 'escalated' },
  closed: { zh: '已关闭', en: 'closed' },
};
export const rectificationStatusLabel = (status: RectificationStatus): Localized => STATUS_LABELS[status];

function refuse(row: RectificationRow, to: RectificationStatus): never {
  throw new MonitorError('RECTIFICATION_STATE', {
    zh: `整改 ${row.id} 当前为“${STATUS_LABELS[row.status].zh}”，不能改为“${STATUS_LABELS[to].zh}”`,
    en: `rectification ${row.id} is ${STATUS_LABELS[row.status].en} and cannot become ${STATUS_LABELS[to].en}`,
  });
}

/**
 * Moves a rectification (checked against the status table), with its audit event, in one transaction;
 * the update is conditional on the status read, so two operators cannot both move it.
 */
async function move<
  A extends 'monitor.rectification-notify' | 'monitor.rectification-close' | 'monitor.rectification-escalate',
>(
  database: Database,
  id: number,
  to: RectificationStatus,
  actor: MonitorActor,
  now: Date,
  build: (row: RectificationRow) => {
    action: A;
    data: Parameters<typeof insertAuditEvent<A>>[1]['data'];
    set?: Record<string, unknown>;
  },
  /** More to write in the same transaction, after the move (the notice of a notify). */
  also?: (tx: Kysely<Schema>, moved: Rectification) => Promise<unknown>,
): Promise<Rectification> {
  return writeTransaction(database, async (tx) => {
    const row = await loadRow(tx, id);
    if (!canMove(row.status, to)) refuse(row, to);
    const { action, data, set } = build(row);
    const updated = await tx
      .updateTable('monitor_rectification')
      .set({
        ...(set ?? {}),
        status: to,
        updated_at: now.toISOString(),
        ...(to === 'closed' ? { closed_at: now.toISOString() } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) refuse(row, to);
    await insertAuditEvent(tx, {
      applicationId: null,
      actor,
      action,
      from: row.status,
      to,
      target: `rectification:${id}`,
      data,
      now,
    });
    const moved = toRectification(await loadRow(tx, id));
    await also?.(tx, moved);
    return moved;
  });
}

/** 整改通知 — the text the applicant receives: the website, what fails, and the deadline (templates.ts). */
export function rectificationNotice(
  r: Pick<Rectification, 'number' | 'deadline' | 'lastFindings'>,
): Localized {
  return rectificationNoticeMessage({ number: r.number, deadline: r.deadline, findings: r.lastFindings })
    .text;
}

/**
 * Notifies the applicant: the move to `notified`, its audit event (with the notice's text) and the
 * notice itself (`notify()`: the account's inbox, its verified e-mail addresses and phones, like every
 * other notification) in one transaction, so a notice goes out exactly when the state says it did.
 * A website with no account here has nobody to tell: the move is still recorded for the bureau's list.
 */
export async function notifyRectification(
  database: Database,
  request: { id: number; actor: MonitorActor; now: Date },
): Promise<Rectification> {
  return move(
    database,
    request.id,
    'notified',
    request.actor,
    request.now,
    (row) => ({
      action: 'monitor.rectification-notify',
      data: {
        number: row.website_number,
        account: row.account,
        deadline: row.deadline,
        codes: fromJson(row.codes),
        notice: rectificationNotice({
          number: row.website_number,
          deadline: row.deadline,
          lastFindings: fromJson(row.last_findings),
        }),
      },
      set: { notified: 1, notified_at: request.now.toISOString() },
    }),
    async (tx, moved) => {
      if (moved.account === null) return;
      const message = rectificationNoticeMessage({
        number: moved.number,
        deadline: moved.deadline,
        findings: moved.lastFindings,
      });
      await notify(tx, {
        account: moved.account,
        subject: message.subject,
        text: message.text,
        link: RECTIFICATION_PATH,
        actor: request.actor,
        now: request.now,
      });
    },
  );
}

export async function closeRectification(
  database: Database,
  request: { id: number; actor: MonitorActor; now: Date; note: string | null },
): Promise<Rectification> {
  return move(database, request.id, 'closed', request.actor, request.now, (row) => ({
    action: 'monitor.rectification-close',
    data: { number: row.website_number, reason: 'operator', note: request.note },
    set: { note: request.note },
  }));
}

export async function escalateRectification(
  database: Database,
  request: {
    id: number;
    actor: MonitorActor;
    now: Date;
    note: string | null;
    reason?: 'deadline' | 'operator';
  },
): Promise<Rectification> {
  return move(database, request.id, 'escalated', request.actor, request.now, (row) => ({
    action: 'monitor.rectification-escalate',
    data: {
      number: row.website_number,
      reason: request.reason ?? 'operator',
      codes: fromJson(row.codes),
      note: request.note,
    },
    set: { note: request.note },
  }));
}

/**
 * Rechecks the website now: a passing check closes the rectification (reason `passed`), a failing one
 * records its findings. WEBSITE_NOT_MONITORED when the website is no longer filed and hosted here.
 */
export async function recheckRectification(
  database: Database,
  request: { id: number; actor: MonitorActor; monitor: MonitorDeps },
): Promise<Rectification> {
  const current = await readRectification(database, request.id);
  if (current.status === 'closed') refuse(await loadRow(database.kysely, request.id), 'closed');
  const [site] = await listMonitoredSites(database, { kind: 'all' }, { numbers: [current.number] });
  if (!site) {
    throw new MonitorError('WEBSITE_NOT_MONITORED', {
      zh: `网站 ${current.number} 已不在本接入商备案接入，无法复查；请关闭这条整改`,
      en: `website ${current.number} is no longer filed and hosted here and cannot be rechecked; close this rectification`,
    });
  }
  const [report] = await runMonitor([site], request.monitor);
  const now = request.monitor.now();
  const findings = (report?.findings ?? []).map(storeFinding);
  const ok = report?.ok ?? false;
  return writeTransaction(database, async (tx) => {
    const row = await loadRow(tx, request.id);
    if (row.status === 'closed') refuse(row, 'closed');
    await tx
      .updateTable('monitor_rectification')
      .set({
        last_checked_at: now.toISOString(),
        last_findings: JSON.stringify(findings),
        recheck_count: sql<number>`recheck_count + 1`,
        updated_at: now.toISOString(),
        ...(ok ? { status: 'closed' as const, closed_at: now.toISOString() } : {}),
      })
      .where('id', '=', request.id)
      .execute();
    await insertAuditEvent(tx, {
      applicationId: null,
      actor: request.actor,
      action: 'monitor.rectification-recheck',
      from: row.status,
      to: row.status,
      target: `rectification:${request.id}`,
      data: { number: row.website_number, ok, codes: errorCodes(findings) },
      now,
    });
    if (ok) {
      await insertAuditEvent(tx, {
        applicationId: null,
        actor: request.actor,
        action: 'monitor.rectification-close',
        from: row.status,
        to: 'closed',
        target: `rectification:${request.id}`,
        data: { number: row.website_number, reason: 'passed', note: null },
        now,
      });
    }
    return toRectification(await loadRow(tx, request.id));
  });
}

/** Escalates every open or notified rectification whose deadline (a Shanghai day) has passed. */
export async function escalateOverdue(database: Database, actor: MonitorActor, now: Date): Promise<number> {
  const today = shanghaiDate(now);
  const overdue = await database.kysely
    .selectFrom('monitor_rectification')
    .select('id')
    .where('status', 'in', ['open', 'notified'])
    .where('deadline', '<', today)
    .execute();
  let escalated = 0;
  for (const { id } of overdue) {
    try {
      await escalateRectification(database, { id, actor, now, note: null, reason: 'deadline' });
      escalated += 1;
    } catch (error) {
      // Moved by someone else since the read: nothing left to do for it.
      if (!(error instanceof MonitorError && error.code === 'RECTIFICATION_STATE')) throw error;
    }
  }
  return escalated;
}
