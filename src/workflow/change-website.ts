/**
 * Use case: 变更网站 (变更互联网信息服务) — change the data of a website filed through this provider:
 * name, home page, service content, pre-approvals, responsible person, remarks. Province, subject
 * certificate number and domain cannot be edited in a change (Huawei Cloud
 * 备案变更); since 2019-04-22 a single-domain website keeps its domain and a multi-domain one may
 * only keep or reduce its domains, never add or replace (工信管函〔2019〕633号;
 * Baidu Cloud, cloud.baidu.com/theme/F/2557381-9: "只可减少，不可新增或替换"). The number never changes.
 *
 * A change is reviewed like a filing: MIIT's 变更类 operations are orders, a change needs domain
 * verification (工信部信管〔2017〕264号) and SMS verification by the 网站负责人, and providers show
 * changes in their review states (Huawei Cloud 备案变更). So the change is an
 * application (`changeOf` = the number) that goes provider review → SMS → bureau review like the
 * others; its subject carries no 主体负责人, so only the website's responsible person gets the SMS.
 * The bureau's approval rewrites the filed website (`applyWebsiteChange`).
 */
import type { Kysely } from 'kysely';
import type { FieldError } from '../filing/index.ts';
import { fieldError, parseFields } from '../filing/index.ts';
import type { Website } from '../filing/index.ts';
import { makeWebsiteSchema } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import { MiitError } from '../miit/index.ts';
import type { MiitGateway } from '../miit/index.ts';
import { toShanghaiDate } from '../policy/index.ts';
import type { IdType, SubjectType } from '../policy/index.ts';
import type { Schema } from '../store/index.ts';
import type { Application } from './application.ts';
import { loadApplication, saveApplication } from './application.ts';
import { insertChangeDraft } from './change-draft.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import { ownedWebsite } from './filed-records.ts';
import { refuseWhileInProgress } from './subject-activity.ts';
import { transition } from './transition.ts';
import { checkApplicationDomains, findingErrors, invalid } from './verify.ts';

const CHANGE = { zh: '变更网站', en: 'a website change' };

export type FiledTarget = {
  websiteId: number;
  number: string;
  domains: string[];
  subject: { type: SubjectType | null; idType: IdType; idNumber: string; name: string; province: string };
};

export async function filedTarget(tx: Kysely<Schema>, deps: ActorDeps, number: string): Promise<FiledTarget> {
  const owned = await ownedWebsite(tx, deps, number);
  if (!owned.providers.includes('self')) {
    throw new WorkflowError('INVALID_TRANSITION', {
      zh: '该网站未接入本接入商，请在其接入商处办理变更',
      en: 'This website is not hosted by this provider; file the change with its provider',
    });
  }
  const row = await tx
    .selectFrom('filed_website as w')
    .innerJoin('filed_subject as s', 's.id', 'w.subject_id')
    .select(['w.id', 's.type', 's.id_type', 's.id_number', 's.name', 's.province'])
    .where('w.number', '=', owned.number)
    .executeTakeFirstOrThrow();
  const domains = await tx
    .selectFrom('filed_website_domain')
    .select('domain')
    .where('website_id', '=', row.id)
    .orderBy('position')
    .execute();
  return {
    websiteId: row.id,
    number: owned.number,
    domains: domains.map((d) => d.domain),
    subject: {
      type: row.type,
      idType: row.id_type,
      idNumber: row.id_number,
      name: row.name,
      province: row.province,
    },
  };
}

/** Domains may stay or (multi-domain websites) be reduced, never added or replaced (工信管函〔2019〕633号). */
function changedDomainErrors(filed: readonly string[], next: readonly string[]): FieldError[] {
  const single = filed.length === 1;
  return next.flatMap((domain, k): FieldError[] =>
    filed.includes(domain) && next.indexOf(domain) === k
      ? []
      : [
          fieldError(`websites.0.domains.${k}`, single ? 'CHANGE_DOMAIN_FIXED' : 'CHANGE_DOMAIN_ADDED', {
            domain,
          }),
        ],
  );
}

async function validateChange(
  deps: ActorDeps,
  tx: Kysely<Schema>,
  target: FiledTarget,
  input: unknown,
): Promise<Website> {
  const subjectType = target.subject.type;
  const schema = makeWebsiteSchema({ today: toShanghaiDate(deps.now), subjectType });
  const parsed = parseFields(schema, input);
  if (!parsed.ok) throw invalid(parsed.errors.map((e) => ({ ...e, path: `websites.0.${e.path}` })));
  const website = parsed.value;
  const domainErrors = changedDomainErrors(target.domains, website.domains);
  if (domainErrors.length > 0) throw invalid(domainErrors);
  // The engine decides which checks apply: a website first approved before 工信部信管〔2017〕264号 keeps
  // its domains without an approved suffix or registrar (FILED_BEFORE_DOMAIN_RULES, src/rules), exactly
  // as the precheck and the 初审 view say; every other check applies to a change too.
  const checks = await checkApplicationDomains(deps, tx, {
    province: target.subject.province,
    subject: { ...target.subject, type: target.subject.type ?? undefined },
    account: deps.actor.account,
    domains: [website.domains],
    // The domains are this website's own: the engine derives `change` for them, not a conflict.
    application: { status: 'draft', changeOf: target.number },
  });
  const errors = findingErrors(checks);
  if (errors.length > 0) {
    throw new WorkflowError(
      'VERIFICATION_FAILED',
      {
        zh: '域名核验未通过，请按提示处理后再提交变更',
        en: 'Domain verification failed; fix the problems shown and submit the change again',
      },
      errors,
    );
  }
  return website;
}

function insertChange(
  tx: Kysely<Schema>,
  deps: ActorDeps,
  target: FiledTarget,
  changes: { subject: FiledTarget['subject']; websites: Website[] },
): Promise<Application> {
  return insertChangeDraft(tx, deps, {
    province: target.subject.province,
    subject: changes.subject,
    websites: changes.websites,
    subjectIdNumber: target.subject.idNumber,
    changeOf: target.number,
    changeKind: null,
    action: 'application.create-change',
    data: { changeOf: target.number },
  });
}

/**
 * 变更网站: submits a change of the filed website `websiteNumber` for provider review; with
 * `applicationId`, revises that rejected change of the same website and submits it again.
 */
export async function changeWebsite(
  deps: ActorDeps & { websiteNumber: string; input: unknown; applicationId?: number },
): Promise<Application> {
  const { actor, now } = deps;
  requirePermission(actor, 'filing.change-own', { zh: '变更网站', en: 'change a filed website' });
  return writeTransaction(deps.database, async (tx) => {
    const target = await filedTarget(tx, deps, deps.websiteNumber);
    // A revision reopens its rejected change first: that releases the change's own hold on the domains.
    let reopened: Application | null = null;
    if (deps.applicationId !== undefined) {
      const app = await loadApplication(tx, deps.applicationId, actor);
      if (app.changeOf !== target.number) {
        throw new WorkflowError('INVALID_TRANSITION', {
          zh: '该备案申请不是此网站的变更申请',
          en: 'This application is not a change of this website',
        });
      }
      reopened = await transition(tx, app, 'draft', actor, { now, data: { reason: 'revise-change' } });
    } else {
      // One application in flight per subject (Huawei Cloud 备案流程), checked before verifying.
      await refuseWhileInProgress(tx, target.subject.idNumber, actor.account, CHANGE);
    }
    const website = await validateChange(deps, tx, target, deps.input);
    const changes = {
      subject: target.subject,
      websites: [website],
      lastActivityAt: now.toISOString(),
    };
    const draft = reopened
      ? await saveApplication(tx, reopened, changes, now)
      : await insertChange(tx, deps, target, changes);
    return transition(tx, draft, 'provider-review', actor, {
      now,
      data: { changeOf: target.number, domains: website.domains },
      changes: { filingType: 'change', rejection: null, submittedAt: now.toISOString() },
    });
  });
}

/**
 * 管局审核通过 of a change: the filed website takes the new name and home page, loses the domains the
 * change dropped, and keeps its number; its 审核通过日期 (MIIT updateRecordTime) becomes today.
 */
export async function applyWebsiteChange(
  tx: Kysely<Schema>,
  gateway: MiitGateway,
  app: Application,
  now: Date,
): Promise<{ subjectNumber: string | null; number: string; domains: string[] }> {
  const number = app.changeOf;
  const website = app.websites[0];
  if (number === null || website === undefined) throw new Error(`application ${app.id} is not a change`);
  const domains = (website.domains as unknown[]).filter((d): d is string => typeof d === 'string');
  try {
    const { subjectNumber } = await gateway.changeWebsite(
      {
        number,
        name: typeof website.name === 'string' ? website.name : null,
        homeUrl: typeof website.homeUrl === 'string' ? website.homeUrl : null,
        domains,
        approvedAt: now,
      },
      tx,
    );
    return { subjectNumber, number, domains };
  } catch (error) {
    if (!(error instanceof MiitError) || error.code !== 'not-found') throw error;
    throw new WorkflowError('MIIT_REFUSED', {
      zh: `工信部系统中已没有网站 ${number}，变更无法通过`,
      en: `MIIT no longer has the website ${number}; the change cannot be approved`,
    });
  }
}
