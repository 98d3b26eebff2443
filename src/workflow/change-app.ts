/**
 * Use case: 变更APP — change the details of an app, mini program or quick app filed through this
 * provider: its name, platforms and feature information (特征信息), service content, responsible person,
 * the hosts and IPs it uses, remarks (工信部信管〔2023〕105号: "APP主办者…信息发生变化的，应当…办理变更手续";
 * the fields are the app entry's, src/filing/app.ts). As for 变更网站 (change-website.ts) the number never
 * changes, so two things cannot change in a change: the type (its letter, `-NA` or `-NX`, is the type's,
 * data/app-filing.json) and a platform's filed package name or Bundle ID (a package identifies one app on
 * its platform: another package is another app, filed as one). A platform may be added or dropped.
 *
 * The change is an application (`changeOf` = the app's number, `changeKind` = `app`) carrying no website
 * and the one app entry, reviewed like a filing: provider review → SMS (the app's responsible person; the
 * subject carries no 主体负责人 in a change) → bureau review, whose approval rewrites the filed app
 * (`applyAppChange`). The entry goes through the same checks as at a submit (`appSubmitErrors`: the
 * hosts by the domain engine, the identifiers against the filed apps and the applications under way).
 */
import type { Kysely } from 'kysely';
import type { AppEntry, FieldError, Localized } from '../filing/index.ts';
import {
  APP_PLATFORM_LABELS,
  APP_TYPE_LABELS,
  appIdentifiers,
  fieldError,
  makeAppSchema,
  parseFields,
} from '../filing/index.ts';
import { parseAppNumber } from '../miit/index.ts';
import type { AppPlatform, AppType, IdType, SubjectType } from '../policy/index.ts';
import { toShanghaiDate } from '../policy/index.ts';
import { fromJson, writeTransaction } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { ApprovedApp } from './app-entries.ts';
import { appSubmitErrors, recordAppAccess, validDraftApps } from './app-entries.ts';
import type { Application } from './application.ts';
import { loadApplication, saveApplication } from './application.ts';
import { insertChangeDraft } from './change-draft.ts';
import type { ActorDeps, WorkflowDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { notFound, WorkflowError } from './errors.ts';
import { rethrowMiit } from './filed-records.ts';
import { refuseWhileInProgress } from './subject-activity.ts';
import { transition } from './transition.ts';
import { invalid } from './verify.ts';

const APP: Localized = { zh: '该备案 APP', en: 'filed app' };
const CHANGE: Localized = { zh: '变更APP', en: 'an app change' };

/** 已备案APP — the filed app a change is about, with its subject as the change application carries it. */
type FiledApp = {
  number: string;
  type: AppType;
  /** Filed package name or Bundle ID per platform. */
  identifiers: Partial<Record<AppPlatform, string>>;
  entry: Record<string, unknown>;
  subject: { type: SubjectType | null; idType: IdType; idNumber: string; name: string; province: string };
};

/**
 * The actor's filed app with this number, hosted here. Someone else's app is "not found", as for
 * 注销APP: numbers do not reveal owners.
 */
export async function ownedApp(tx: Kysely<Schema>, deps: ActorDeps, number: string): Promise<FiledApp> {
  const parsed = parseAppNumber(deps.policy, number);
  if (!parsed) throw notFound(APP);
  const row = await tx
    .selectFrom('filed_app as a')
    .innerJoin('filed_subject as s', 's.id', 'a.subject_id')
    .select([
      'a.id',
      'a.number',
      'a.type as appType',
      'a.entry',
      'a.providers',
      's.account',
      's.type',
      's.id_type',
      's.id_number',
      's.name',
      's.province',
    ])
    .where('a.number', '=', parsed.text)
    .where('s.state', '=', 'filed')
    .executeTakeFirst();
  if (!row || row.account !== deps.actor.account) throw notFound(APP);
  if (!row.providers.split(',').includes('self')) {
    throw new WorkflowError('INVALID_TRANSITION', {
      zh: '该 APP 未接入本接入商，请先办理接入，或在其接入商处办理变更',
      en: 'This app is not hosted by this provider; file its access here first, or the change with its provider',
    });
  }
  const ids = await tx
    .selectFrom('filed_app_identifier')
    .select('identifier')
    .where('app_id', '=', row.id)
    .execute();
  const identifiers: Partial<Record<AppPlatform, string>> = {};
  for (const { identifier } of ids) {
    const [platform = '', id = ''] = identifier.split(/:(.*)/s);
    identifiers[platform as AppPlatform] = id;
  }
  return {
    number: row.number,
    type: row.appType as AppType,
    identifiers,
    entry: fromJson(row.entry),
    subject: {
      type: row.type,
      idType: row.id_type,
      idNumber: row.id_number,
      name: row.name,
      province: row.province,
    },
  };
}

/** The entry as the change gives it: valid (paths `apps.0.…`), same type, each filed package kept. */
function validateChange(deps: ActorDeps, filed: FiledApp, input: unknown): AppEntry {
  const parsed = parseFields(makeAppSchema({ today: toShanghaiDate(deps.now) }), input);
  if (!parsed.ok) throw invalid(parsed.errors.map((e) => ({ ...e, path: `apps.0.${e.path}` })));
  const entry = parsed.value;
  const errors: FieldError[] = [];
  if (entry.type !== filed.type)
    errors.push(fieldError('apps.0.type', 'CHANGE_APP_TYPE_FIXED', { type: APP_TYPE_LABELS[filed.type] }));
  for (const platform of ['android', 'ios', 'harmonyos'] as const) {
    const features: Partial<Record<string, string>> | undefined = entry.platforms[platform];
    const identifier = features?.[platform === 'ios' ? 'bundleId' : 'packageName'];
    const before = filed.identifiers[platform];
    if (identifier !== undefined && before !== undefined && before !== identifier) {
      const field = platform === 'ios' ? 'bundleId' : 'packageName';
      errors.push(
        fieldError(`apps.0.platforms.${platform}.${field}`, 'CHANGE_APP_PLATFORM_IDENTIFIER', {
          platform: APP_PLATFORM_LABELS[platform],
          identifier: before,
        }),
      );
    }
  }
  if (errors.length > 0) throw invalid(errors);
  return entry;
}

function insertChange(tx: Kysely<Schema>, deps: ActorDeps, filed: FiledApp): Promise<Application> {
  return insertChangeDraft(tx, deps, {
    province: filed.subject.province,
    subject: filed.subject,
    websites: [],
    subjectIdNumber: filed.subject.idNumber,
    changeOf: filed.number,
    changeKind: 'app',
    action: 'application.create-change',
    data: { changeOf: filed.number },
  });
}

async function saveEntry(
  tx: Kysely<Schema>,
  applicationId: number,
  entry: AppEntry,
  now: Date,
): Promise<void> {
  const json = JSON.stringify([entry]);
  await tx
    .insertInto('application_app')
    .values({ application_id: applicationId, apps: json, updated_at: now.toISOString() })
    .onConflict((oc) =>
      oc.column('application_id').doUpdateSet({ apps: json, updated_at: now.toISOString() }),
    )
    .execute();
}

/**
 * 变更APP: submits a change of the filed app `appNumber` for provider review; with `applicationId`,
 * revises that rejected change of the same app and submits it again.
 */
export async function changeApp(
  deps: ActorDeps & { appNumber: string; input: unknown; applicationId?: number },
): Promise<Application> {
  const { actor, now } = deps;
  requirePermission(actor, 'filing.change-own', { zh: '变更APP', en: 'change a filed app' });
  return writeTransaction(deps.database, async (tx) => {
    const filed = await ownedApp(tx, deps, deps.appNumber);
    const entry = validateChange(deps, filed, deps.input);
    let draft: Application;
    if (deps.applicationId !== undefined) {
      const app = await loadApplication(tx, deps.applicationId, actor);
      if (app.changeOf !== filed.number || app.changeKind !== 'app') {
        throw new WorkflowError('INVALID_TRANSITION', {
          zh: '该备案申请不是此 APP 的变更申请',
          en: 'This application is not a change of this app',
        });
      }
      const reopened = await transition(tx, app, 'draft', actor, { now, data: { reason: 'revise-change' } });
      draft = await saveApplication(tx, reopened, { lastActivityAt: now.toISOString() }, now);
    } else {
      // One application in flight per subject (Huawei Cloud 备案流程), as for a 变更网站.
      await refuseWhileInProgress(tx, filed.subject.idNumber, actor.account, CHANGE);
      draft = await insertChange(tx, deps, filed);
    }
    await saveEntry(tx, draft.id, entry, now);
    // The submit's own gate for apps; a refusal rolls the new change back with it.
    const errors = await appSubmitErrors(deps, tx, draft);
    if (errors.length > 0) {
      throw new WorkflowError(
        'VERIFICATION_FAILED',
        {
          zh: 'APP 核验未通过，请按提示处理后再提交变更',
          en: 'The app verification failed; fix the problems shown and submit the change again',
        },
        errors,
      );
    }
    return transition(tx, draft, 'provider-review', actor, {
      now,
      data: { changeOf: filed.number, domains: entry.domains },
      changes: { filingType: 'change', rejection: null, submittedAt: now.toISOString() },
    });
  });
}

/**
 * 管局审核通过 of a 变更APP: the filed app takes the change's name, entry and identifiers, keeps its
 * number and type, and its access information here is recorded anew.
 */
export async function applyAppChange(
  deps: WorkflowDeps,
  tx: Kysely<Schema>,
  app: Application,
): Promise<{ subjectNumber: string | null; app: ApprovedApp }> {
  const number = app.changeOf;
  const [entry] = await validDraftApps(deps, tx, app.id);
  if (number === null || app.changeKind !== 'app' || entry === undefined)
    throw new Error(`application ${app.id} is not an app change`);
  const { subjectNumber } = await deps.gateway
    .changeApp(
      {
        number,
        name: entry.name,
        identifiers: appIdentifiers(entry),
        entry: { ...entry },
        approvedAt: deps.now,
      },
      tx,
    )
    .catch(rethrowMiit);
  await recordAppAccess(tx, app, number, entry, deps.now);
  return { subjectNumber, app: { name: entry.name, number, kind: 'changed' } };
}
