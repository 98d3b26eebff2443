/**
 * Use cases: 继续增加域名 (`addDomain`) and 保存，并继续添加网站 (`addWebsite`) — explicit draft operations
 * that ask the application limits first (src/filing/application-limits.ts: canAddDomain, canAddWebsite):
 * one domain per website nationwide from 2019-04-22 (工信管函〔2019〕633号), the province policy before
 * it (Guangxi and Chongqing 1, elsewhere 10), and the bureaus' per-application limits (Huawei Cloud and
 * Baidu Cloud 管局要求 pages). A refusal names the province, the date and the limit. The added domain is
 * verified at once and its findings returned, as on save.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { parseDomainInput } from '../domain-name/index.ts';
import type { ApplicationLimits, LimitDecision } from '../filing/index.ts';
import { canAddDomain, canAddWebsite, resolveApplicationLimits } from '../filing/index.ts';
import { fieldError, toFieldErrors } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { Application } from './application.ts';
import { loadApplication, saveApplication, subjectTypeOf } from './application.ts';
import type { ActorDeps, WorkflowDeps } from './context.ts';
import { limitEntries, requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import { applicationDomains } from './hold.ts';
import { writeAudit } from './transition.ts';
import { assertVersion, editableDraft } from './update-draft.ts';
import type { DomainCheck } from './verify.ts';
import { checkApplicationDomains, invalid } from './verify.ts';

/** 增加结果 — the saved draft and the engine's verdict on the domain just added. */
type DraftAdditionResult = { application: Application; check: DomainCheck };

const domainInputSchema = z.strictObject({ domain: z.string().trim().min(1).max(1024) });
const addDomainInputSchema = domainInputSchema.extend({ website: z.number().int().min(0).max(99) });

/** The limits in force for the application at `deps.now` (province, subject nature, filing type). */
function limitsOf(deps: WorkflowDeps, app: Application): ApplicationLimits {
  const type = subjectTypeOf(app.subject) ?? 'enterprise';
  const limits = resolveApplicationLimits(deps.policy, limitEntries(deps), {
    province: app.province,
    at: deps.now,
    subjectType: type,
    filingType: app.filingType ?? 'first-filing',
  });
  if (!limits) throw new Error(`application ${app.id} has an unknown province ${app.province}`);
  return limits;
}

function refuseUnless(decision: LimitDecision): void {
  if (!decision.ok) {
    throw new WorkflowError(
      'VALIDATION_FAILED',
      { zh: decision.error.message.zh, en: decision.error.message.en },
      [decision.error],
    );
  }
}

/** The draft to add to: a rejected application returns to draft first, as on save (update-draft.ts). */
async function draftToExtend(
  deps: ActorDeps & { applicationId: number; expectedVersion?: number },
  tx: Kysely<Schema>,
): Promise<Application> {
  const app = await loadApplication(tx, deps.applicationId, deps.actor);
  assertVersion(app, deps.expectedVersion);
  return editableDraft(deps, tx, app, {
    // A change may keep or reduce a website's domains, never add (工信管函〔2019〕633号).
    change: { zh: '变更网站不能增加域名或网站', en: 'A website change cannot add domains or websites' },
    status: {
      zh: '只有草稿或被驳回的备案申请可以增加域名或网站',
      en: 'Only a draft or a rejected application can take more domains or websites',
    },
  });
}

/** The registrable A-label of the new domain; a bad or repeated domain is a field error at `path`. */
function newDomain(app: Application, input: string, path: string): string {
  const parsed = parseDomainInput(input);
  if (!parsed.ok) {
    throw invalid([fieldError(path, 'DOMAIN_NOT_A_DOMAIN', { domain: input })]);
  }
  const domain = parsed.domain.registrableAscii;
  if (applicationDomains(app).flat().includes(domain)) {
    throw invalid([fieldError(path, 'DOMAIN_ALREADY_IN_APPLICATION', { domain: parsed.domain.registrable })]);
  }
  return domain;
}

async function saveAddition(
  deps: ActorDeps,
  tx: Kysely<Schema>,
  app: Application,
  websites: Record<string, unknown>[],
  added: { action: 'application.add-domain' | 'application.add-website'; website: number; domain: string },
): Promise<DraftAdditionResult> {
  const [check] = await checkApplicationDomains(deps, tx, {
    province: app.province,
    subject: app.subject,
    account: app.account,
    domains: [[added.domain]],
    application: app,
  });
  if (!check) throw new Error('the engine returned no result for one domain');
  const saved = await saveApplication(
    tx,
    app,
    { websites, lastActivityAt: deps.now.toISOString() },
    deps.now,
  );
  await writeAudit(tx, {
    applicationId: app.id,
    actor: deps.actor,
    action: added.action,
    from: app.status,
    to: saved.status,
    data: { website: added.website, domain: added.domain },
    now: deps.now,
  });
  const k = (websites[added.website]?.domains as unknown[] | undefined)?.length ?? 1;
  const path = `websites.${added.website}.domains.${k - 1}`;
  return { application: saved, check: { ...check, path, website: added.website } };
}

/** 继续增加域名: one more domain for website `website` of a draft, if the limits in force allow it. */
export async function addDomain(
  deps: ActorDeps & { applicationId: number; input: unknown; expectedVersion?: number },
): Promise<DraftAdditionResult> {
  requirePermission(deps.actor, 'application.update-own', {
    zh: '修改备案申请',
    en: 'change an application',
  });
  const parsed = addDomainInputSchema.safeParse(deps.input);
  if (!parsed.success) throw invalid(toFieldErrors(parsed.error.issues, deps.input));
  const { website: index, domain: input } = parsed.data;
  return writeTransaction(deps.database, async (tx) => {
    const app = await draftToExtend(deps, tx);
    refuseUnless(
      canAddDomain(
        limitsOf(deps, app),
        { websites: applicationDomains(app).map((domains) => ({ domains })) },
        index,
      ),
    );
    const domain = newDomain(app, input, `websites.${index}.domains`);
    const websites = app.websites.map((w, i) =>
      i === index ? { ...w, domains: [...(applicationDomains(app)[i] ?? []), domain] } : w,
    );
    return saveAddition(deps, tx, app, websites, {
      action: 'application.add-domain',
      website: index,
      domain,
    });
  });
}

/** 保存，并继续添加网站: another website (with its one domain) in the same draft, if the limits allow it. */
export async function addWebsite(
  deps: ActorDeps & { applicationId: number; input: unknown; expectedVersion?: number },
): Promise<DraftAdditionResult> {
  requirePermission(deps.actor, 'application.update-own', {
    zh: '修改备案申请',
    en: 'change an application',
  });
  const parsed = domainInputSchema.safeParse(deps.input);
  if (!parsed.success) throw invalid(toFieldErrors(parsed.error.issues, deps.input));
  return writeTransaction(deps.database, async (tx) => {
    const app = await draftToExtend(deps, tx);
    refuseUnless(
      canAddWebsite(limitsOf(deps, app), {
        websites: applicationDomains(app).map((domains) => ({ domains })),
      }),
    );
    const domain = newDomain(app, parsed.data.domain, `websites.${app.websites.length}.domains`);
    const websites = [...app.websites, { domains: [domain] }];
    return saveAddition(deps, tx, app, websites, {
      action: 'application.add-website',
      website: app.websites.length,
      domain,
    });
  });
}

/** 可增加项 — which additions the limits in force allow a draft now, so the form offers only those. */
export type DraftAllowances = {
  /** Per website: may it take another domain (继续增加域名)? */
  domain: boolean[];
  /** May the application take another website (保存，并继续添加网站)? */
  website: boolean;
  /** Domains per website the policy in force allows; null when it sets none. */
  domainsPerWebsite: number | null;
};

/**
 * The additions the province's policy in force (and the bureau's per-application limits) allow `app`
 * at `deps.now`: the wizard shows "继续增加域名" only where it is true, rather than refusing after
 * the domain was typed (one domain per website nationwide since 2019-04-22, 工信管函〔2019〕633号).
 */
export function draftAllowances(deps: WorkflowDeps, app: Application): DraftAllowances {
  const limits = limitsOf(deps, app);
  const shape = { websites: applicationDomains(app).map((domains) => ({ domains })) };
  return {
    domain: shape.websites.map((_, i) => canAddDomain(limits, shape, i).ok),
    website: canAddWebsite(limits, shape).ok,
    domainsPerWebsite: limits.domainsPerWebsite?.value ?? null,
  };
}
