/**
 * Use case: 变更接入 — a website filed through this provider moves to another server here: a new
 * filing service code (its resource) and the IPs it is served from. Huawei Cloud: "如网站IP发生变化，
 * 则建议进行变更备案，更新IP信息". Nothing about the domains changes, so none of the domain checks run
 * (the domains stay the filed website's own); the change still goes provider review → SMS (the
 * website's responsible person) → bureau review like a 变更网站 (change-website.ts), and the number is
 * kept. The bureau's approval records the new access information and voids the code used before.
 */
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { FieldError } from '../filing/index.ts';
import {
  MAX_IPS,
  fieldError,
  formatServiceCode,
  ipListIssues,
  makePersonSchema,
  normalizeServiceCode,
  parseFields,
  parsePublicIp,
} from '../filing/index.ts';
import { toShanghaiDate } from '../policy/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { Application } from './application.ts';
import { loadApplication, saveApplication } from './application.ts';
import { insertChangeDraft } from './change-draft.ts';
import type { ActorDeps } from './context.ts';
import { accessSettings, requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import type { FiledTarget } from './change-website.ts';
import { filedTarget } from './change-website.ts';
import { refuseWhileInProgress } from './subject-activity.ts';
import { serviceCodeErrors } from './service-codes.ts';
import { transition } from './transition.ts';
import { invalid } from './verify.ts';

const inputSchema = (today: string) =>
  z.strictObject({
    serviceCode: z.string().trim().min(1).max(64),
    // Empty: every IP of the code's server.
    ips: z.array(z.string().trim()).max(MAX_IPS).default([]),
    responsiblePerson: makePersonSchema({ today }),
  });

type AccessChangeInput = z.output<ReturnType<typeof inputSchema>>;

/** The website as the change carries it: the filed name, domains and home page, and the new access. */
async function changedWebsite(
  tx: Kysely<Schema>,
  target: FiledTarget,
  input: AccessChangeInput,
  code: string,
): Promise<Record<string, unknown>> {
  const row = await tx
    .selectFrom('filed_website')
    .select(['name', 'home_url'])
    .where('id', '=', target.websiteId)
    .executeTakeFirstOrThrow();
  const ips = input.ips.map((ip) => {
    const parsed = parsePublicIp(ip);
    return parsed.ok ? parsed.address : ip;
  });
  return {
    name: row.name ?? '',
    domains: target.domains,
    homeUrl: row.home_url ?? '',
    responsiblePerson: input.responsiblePerson,
    serviceCode: code,
    ...(ips.length > 0 ? { ips } : {}),
  };
}

/** The chosen IPs must be the code's server's (when the code is one the account may use). */
async function ipErrors(
  deps: ActorDeps,
  tx: Kysely<Schema>,
  input: AccessChangeInput,
  code: string,
  account: string,
): Promise<FieldError[]> {
  const issues = ipListIssues(input.ips, ['websites', 0, 'ips'], accessSettings(deps).ranges);
  const errors: FieldError[] = issues.map((issue) => ({
    path: issue.path.join('.'),
    code: issue.code,
    message: issue.message,
  }));
  if (errors.length > 0 || input.ips.length === 0) return errors;
  const resource = await tx
    .selectFrom('service_code as c')
    .innerJoin('access_resource as r', 'r.id', 'c.resource_id')
    .select(['r.label', 'r.ips'])
    .where('c.code', '=', code)
    .where('c.holder', '=', account)
    .executeTakeFirst();
  if (!resource) return [];
  const own = JSON.parse(resource.ips) as string[];
  return input.ips.flatMap((ip, i) => {
    const parsed = parsePublicIp(ip);
    const address = parsed.ok ? parsed.address : ip;
    return own.includes(address)
      ? []
      : [
          fieldError(`websites.0.ips.${i}`, 'ACCESS_IP_NOT_ON_RESOURCE', {
            ip: address,
            resource: resource.label,
          }),
        ];
  });
}

function insertAccessChange(
  tx: Kysely<Schema>,
  deps: ActorDeps,
  target: FiledTarget,
  website: Record<string, unknown>,
): Promise<Application> {
  const ips = Array.isArray(website.ips) ? website.ips.map(String) : [];
  return insertChangeDraft(tx, deps, {
    province: target.subject.province,
    subject: target.subject,
    websites: [website],
    subjectIdNumber: target.subject.idNumber,
    changeOf: target.number,
    changeKind: 'access',
    action: 'application.create-access-change',
    data: { changeOf: target.number, serviceCode: String(website.serviceCode), ips },
  });
}

/**
 * 变更接入: submits a change of the filed website `websiteNumber`'s access (a code of the account, the
 * IPs) for provider review; with `applicationId`, revises that rejected access change and resubmits.
 */
export async function changeAccess(
  deps: ActorDeps & { websiteNumber: string; input: unknown; applicationId?: number },
): Promise<Application> {
  const { actor, now } = deps;
  requirePermission(actor, 'filing.change-own', { zh: '变更接入', en: 'change the access of a website' });
  const parsed = parseFields(inputSchema(toShanghaiDate(now)), deps.input);
  if (!parsed.ok) throw invalid(parsed.errors.map((e) => ({ ...e, path: `websites.0.${e.path}` })));
  const input = parsed.value;
  const code = normalizeServiceCode(input.serviceCode);
  if (code === null) throw invalid([fieldError('websites.0.serviceCode', 'SERVICE_CODE_FORMAT')]);
  return writeTransaction(deps.database, async (tx) => {
    const target = await filedTarget(tx, deps, deps.websiteNumber);
    const ipProblems = await ipErrors(deps, tx, input, code, actor.account);
    if (ipProblems.length > 0) throw invalid(ipProblems);
    const website = await changedWebsite(tx, target, input, code);
    let draft: Application;
    if (deps.applicationId !== undefined) {
      const app = await loadApplication(tx, deps.applicationId, actor);
      if (app.changeOf !== target.number || app.changeKind !== 'access') {
        throw new WorkflowError('INVALID_TRANSITION', {
          zh: '该备案申请不是此网站的变更接入申请',
          en: 'This application is not an access change of this website',
        });
      }
      const reopened = await transition(tx, app, 'draft', actor, { now, data: { reason: 'revise-change' } });
      draft = await saveApplication(
        tx,
        reopened,
        { websites: [website], lastActivityAt: now.toISOString() },
        now,
      );
    } else {
      await refuseWhileInProgress(tx, target.subject.idNumber, actor.account, {
        zh: '变更接入',
        en: 'an access change',
      });
      draft = await insertAccessChange(tx, deps, target, website);
    }
    const errors = await serviceCodeErrors(deps, tx, draft);
    if (errors.length > 0) {
      throw new WorkflowError(
        'VALIDATION_FAILED',
        {
          zh: `备案服务码 ${formatServiceCode(code)} 不能用于变更接入，请按提示处理`,
          en: `The filing service code ${formatServiceCode(code)} cannot be used for this access change; see the fields`,
        },
        errors,
      );
    }
    return transition(tx, draft, 'provider-review', actor, {
      now,
      data: { changeOf: target.number, domains: target.domains },
      changes: { filingType: 'change', rejection: null, submittedAt: now.toISOString() },
    });
  });
}
