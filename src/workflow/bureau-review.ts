/**
 * Use case: 管局审核 — the bureau's decision (MIIT sandbox).
 * Approve: numbers are issued in the same transaction as the status change — a new subject number
 * and `-N` website numbers for 首次备案 and 新增网站; for 接入备案 this provider is added to the filed
 * website and its number is kept (Alibaba Cloud ICP备案类型). Reject: back to the applicant with field
 * reasons.
 */
import type { Kysely } from 'kysely';
import { writeTransaction } from '../store/index.ts';
import { MiitError } from '../miit/index.ts';
import type { Schema } from '../store/index.ts';
import type { Application } from './application.ts';
import { loadApplication, submittedIdType, subjectTypeOf } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import type { ApprovedApp } from './app-entries.ts';
import { approveApps } from './app-entries.ts';
import { applySubjectChange } from './change-subject.ts';
import { applyAppChange } from './change-app.ts';
import { applyWebsiteChange } from './change-website.ts';
import { applicationDomains } from './hold.ts';
import { parseDecision, rejectionOf } from './review-decision.ts';
import { recordWebsiteAccess } from './service-codes.ts';
import { clearShell } from './shell-website.ts';
import { assertTransition, transition } from './transition.ts';

/** 备案号 — a website's number after approval: newly issued, or kept (接入备案). */
type ApprovedWebsite = {
  website: number;
  number: string;
  domains: string[];
  /** `changed`: a 变更网站 kept its number (change-website.ts). */
  kind: 'issued' | 'access' | 'changed';
};

export type BureauReviewResult = {
  application: Application;
  subjectNumber: string | null;
  websites: ApprovedWebsite[];
  /** APP备案号 of the application's apps (`-NA`, `-NX`), issued after its websites; absent without apps. */
  apps?: ApprovedApp[];
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The filed website of this subject carrying `domain`, if any (接入备案 of a website filed elsewhere). */
async function filedWebsite(
  tx: Kysely<Schema>,
  idNumber: string,
  domain: string,
): Promise<{ number: string; subjectId: number; subjectNumber: string | null } | null> {
  const row = await tx
    .selectFrom('filed_website_domain as d')
    .innerJoin('filed_website as w', 'w.id', 'd.website_id')
    .innerJoin('filed_subject as s', 's.id', 'w.subject_id')
    .select(['w.number', 's.id as subjectId', 's.subject_number'])
    .where('d.domain', '=', domain)
    .where('s.state', '=', 'filed')
    .where('s.id_number', '=', idNumber)
    .executeTakeFirst();
  return row?.number
    ? { number: row.number, subjectId: row.subjectId, subjectNumber: row.subject_number }
    : null;
}

async function approve(
  deps: ActorDeps,
  tx: Kysely<Schema>,
  app: Application,
): Promise<Omit<BureauReviewResult, 'application'>> {
  const perWebsite = applicationDomains(app);
  const result: ApprovedWebsite[] = [];
  const fresh: { index: number; website: Record<string, unknown>; domains: string[] }[] = [];
  let subjectNumber: string | null = null;
  for (const [index, website] of app.websites.entries()) {
    const domains = perWebsite[index] ?? [];
    const filed = domains[0] === undefined ? null : await filedWebsite(tx, app.subjectIdNumber, domains[0]);
    if (filed) {
      await deps.gateway.setAccess(filed.number, true, tx);
      await clearShell(tx, filed.number);
      // The subject now files through this provider under this account (Q9 for later applicants).
      await tx
        .updateTable('filed_subject')
        .set({ account: app.account })
        .where('id', '=', filed.subjectId)
        .where('account', 'is', null)
        .execute();
      subjectNumber = filed.subjectNumber;
      result.push({ website: index, number: filed.number, domains, kind: 'access' });
    } else fresh.push({ index, website, domains });
  }
  // An application of apps only still makes its subject filed (a subject number) before the apps'
  // numbers: recordApproval with no website finds or records the subject.
  if (fresh.length > 0 || app.websites.length === 0) {
    const issued = await deps.gateway.issueNumbers(
      {
        approvedAt: deps.now,
        province: app.province,
        account: app.account,
        subject: {
          subjectNumber: null,
          name: text(app.subject.name),
          nature: subjectTypeOf(app.subject),
          idType: submittedIdType(app),
          idNumber: app.subjectIdNumber,
        },
        websites: fresh.map(({ website, domains }) => ({
          name: text(website.name),
          domains,
          homeUrl: text(website.homeUrl) || null,
        })),
      },
      tx,
    );
    subjectNumber = issued.subjectNumber;
    issued.websites.forEach((w, i) =>
      result.push({ website: fresh[i]?.index ?? i, number: w.number, domains: w.domains, kind: 'issued' }),
    );
  }
  result.sort((a, b) => a.website - b.website);
  // 接入信息: each website filed with a code carries its server's access information.
  for (const approved of result) {
    await recordWebsiteAccess(tx, app, approved.website, approved.number, deps.actor, deps.now);
  }
  return { subjectNumber, websites: result };
}

export async function bureauReview(
  deps: ActorDeps & { applicationId: number; decision: unknown },
): Promise<BureauReviewResult> {
  const { actor, now } = deps;
  requirePermission(actor, 'bureau-review.decide', { zh: '管局审核', en: 'decide as the bureau' });
  const decision = parseDecision(deps.decision, deps.now);
  return writeTransaction(deps.database, async (tx) => {
    const app = await loadApplication(tx, deps.applicationId);
    if (decision.decision === 'reject') {
      const application = await transition(tx, app, 'bureau-rejected', actor, {
        now,
        data: { reasons: decision.reasons },
        changes: { rejection: rejectionOf(decision, 'bureau', now), lastActivityAt: now.toISOString() },
      });
      return { application, subjectNumber: null, websites: [] };
    }
    assertTransition(app, 'approved');
    let numbers: Omit<BureauReviewResult, 'application'>;
    try {
      if (app.changeKind === 'subject') {
        // 变更主体: the subject's data change; its number and websites' numbers are kept.
        const { subjectNumber } = await applySubjectChange(deps, tx, app);
        numbers = { subjectNumber, websites: [] };
      } else if (app.changeOf === null) {
        numbers = await approve(deps, tx, app);
        const apps = await approveApps(deps, tx, app);
        if (apps.length > 0) numbers = { ...numbers, apps };
      } else if (app.changeKind === 'app') {
        // 变更APP: the app keeps its number; its new details replace the filed ones (change-app.ts).
        const changed = await applyAppChange(deps, tx, app);
        numbers = { subjectNumber: changed.subjectNumber, websites: [], apps: [changed.app] };
      } else {
        const { subjectNumber, number, domains } = await applyWebsiteChange(tx, deps.gateway, app, now);
        // 变更接入 keeps the website's data (applyWebsiteChange rewrites it as it was) and records the access.
        if (app.changeKind === 'access') await recordWebsiteAccess(tx, app, 0, number, actor, now);
        numbers = { subjectNumber, websites: [{ website: 0, number, domains, kind: 'changed' }] };
      }
    } catch (error) {
      if (!(error instanceof MiitError)) throw error;
      throw new WorkflowError('MIIT_REFUSED', {
        zh: `工信部系统拒绝了审核通过：${error.message}`,
        en: `MIIT refused the approval: ${error.message}`,
      });
    }
    const application = await transition(tx, app, 'approved', actor, { now, data: numbers });
    return { application, ...numbers };
  });
}
