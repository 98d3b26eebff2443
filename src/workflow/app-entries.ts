/**
 * Use cases of the app step (APP备案, 工信部信管〔2023〕105号): an application carries, beside its
 * websites, the apps, mini programs and quick apps of the same subject. They live in their own table
 * (`application_app`) and are saved, checked, submitted and approved with the application:
 *
 * - `saveDraftApps`: validates the entries (src/filing/app.ts); uploaded signing certificates or APKs
 *   fill in the public key and fingerprints, and a typed value that differs is a field error;
 * - `checkApps`: the engine on every host an app uses (its registrable domain, as for websites) and on
 *   the app itself (package names, name) against the filed apps (src/rules/check-app.ts);
 * - `appSubmitErrors`: the submit gate; `approveApps`: the bureau's numbers (`-NA`, `-NX`).
 */
import type { Kysely } from 'kysely';
import { apkFeatures, certificateFeatures, SigningUploadError } from '../documents/index.ts';
import type { SigningFeatures } from '../documents/index.ts';
import { parseDomainInput } from '../domain-name/index.ts';
import type { AppEntry, FieldError } from '../filing/index.ts';
import {
  APP_PLATFORM_FIELDS,
  appIdentifiers,
  featureMismatches,
  fieldError,
  formatFieldPath,
  makeAppsSchema,
  parseFields,
} from '../filing/index.ts';
import { loadAppFilingData, toShanghaiDate } from '../policy/index.ts';
import type { AppPlatform } from '../policy/index.ts';
import type { AppCheckResult, FiledAppFact, FilingType } from '../rules/index.ts';
import { checkApp } from '../rules/index.ts';
import { fromJson, writeTransaction } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { Application } from './application.ts';
import { loadApplication, saveApplication } from './application.ts';
import type { ActorDeps, WorkflowDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { ACTIVE_STATUSES, applicationDomains } from './hold.ts';
import type { ReadScope } from './read-application.ts';
import { requireReadScope } from './read-application.ts';
import { assertVersion, editableDraft } from './draft-guard.ts';
import { checkApplicationDomains, checkApplicationSubject, invalid } from './verify.ts';

/** APP核验结果 — the engine's answer for one app at its form path (`apps.0`). */
export type AppCheck = { app: number; path: string; result: AppCheckResult };

/** 签名文件 — an uploaded signing certificate (DER/PEM) or APK for one app's platform. */
export type SigningUpload = {
  app: number;
  platform: AppPlatform;
  kind: 'certificate' | 'apk';
  bytes: Uint8Array;
};

export type AppStepResult = {
  application: Application;
  apps: AppEntry[];
  checks: AppCheck[];
  /** Error findings per field; empty when the apps can be submitted. */
  errors: FieldError[];
  /** What each upload gave, by `apps.N.platforms.P`. */
  extracted: Record<string, SigningFeatures>;
};

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The engine's request for an application's subject, as saved (a draft's may be incomplete). */
const subjectRequest = (app: Application) => ({
  province: app.province,
  subject: {
    type: text(app.subject.type),
    idType: text(app.subject.idType),
    idNumber: text(app.subject.idNumber) ?? app.subjectIdNumber,
    name: text(app.subject.name),
  },
  account: app.account,
  application: app,
});

/** An application's app entries as saved (not yet validated: a draft may hold incomplete ones). */
export async function readDraftApps(
  db: Kysely<Schema>,
  applicationId: number,
): Promise<Record<string, unknown>[]> {
  const row = await db
    .selectFrom('application_app')
    .select('apps')
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  return row ? fromJson(row.apps) : [];
}

/** Whether an application carries app entries (saved, valid or not). */
export async function hasApps(db: Kysely<Schema>, applicationId: number): Promise<boolean> {
  return (await readDraftApps(db, applicationId)).length > 0;
}

/** The apps of an application as the schema reads them; invalid entries make the list empty. */
export async function validDraftApps(
  deps: WorkflowDeps,
  db: Kysely<Schema>,
  applicationId: number,
): Promise<AppEntry[]> {
  const parsed = parseFields(
    makeAppsSchema({ today: toShanghaiDate(deps.now) }),
    await readDraftApps(db, applicationId),
  );
  return parsed.ok ? parsed.value : [];
}

/** Filed apps that share an identifier or a name with `apps` (the facts of `checkApp`). */
async function filedAppFacts(db: Kysely<Schema>, apps: readonly AppEntry[]): Promise<FiledAppFact[]> {
  const identifiers = apps.flatMap((app) => appIdentifiers(app));
  const names = apps.map((app) => app.name);
  if (names.length === 0) return [];
  const rows = await db
    .selectFrom('filed_app as a')
    .innerJoin('filed_subject as s', 's.id', 'a.subject_id')
    .select(['a.id', 'a.number', 'a.name', 'a.providers', 's.name as subjectName', 's.id_number'])
    .where('s.state', '=', 'filed')
    .where((eb) =>
      eb.or([
        eb('a.name', 'in', names),
        ...(identifiers.length > 0
          ? [
              eb(
                'a.id',
                'in',
                eb.selectFrom('filed_app_identifier').select('app_id').where('identifier', 'in', identifiers),
              ),
            ]
          : []),
      ]),
    )
    .execute();
  if (rows.length === 0) return [];
  const ids = await db
    .selectFrom('filed_app_identifier')
    .select(['app_id', 'identifier'])
    .where(
      'app_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => ({
    number: r.number,
    name: r.name,
    subjectName: r.subjectName,
    subjectIdNumber: r.id_number.toUpperCase(),
    identifiers: ids.filter((i) => i.app_id === r.id).map((i) => i.identifier),
    hostedHere: r.providers.split(',').includes('self'),
  }));
}

/**
 * The engine on every app: each host's registrable domain through the same checks as a website's
 * domain (checkApplicationDomains, with the application as its own non-conflict), then checkApp.
 * `accounts: 'all'` for the submit gate, as for websites.
 */
export async function checkApps(
  deps: WorkflowDeps,
  db: Kysely<Schema>,
  app: Application,
  apps: readonly AppEntry[],
  accounts: 'applicant' | 'all' = 'applicant',
): Promise<{ checks: AppCheck[]; errors: FieldError[] }> {
  if (apps.length === 0) return { checks: [], errors: [] };
  const registrable = (host: string) => {
    const parsed = parseDomainInput(host);
    return parsed.ok ? parsed.domain.registrableAscii : host;
  };
  const domainChecks = await checkApplicationDomains(deps, db, {
    ...subjectRequest(app),
    domains: apps.map((entry) => entry.domains.map(registrable)),
    accounts,
  });
  const facts = await filedAppFacts(db, apps);
  const own = new Set(applicationDomains(app).flat());
  const checks: AppCheck[] = apps.map((entry, index) => {
    const mine = domainChecks.filter((c) => c.website === index);
    const result = checkApp(
      {
        name: entry.name,
        identifiers: appIdentifiers(entry),
        domains: entry.domains.map((host, k) => ({ host, result: mine[k]!.result })),
      },
      app.subjectIdNumber,
      facts,
      own,
      // 变更APP: the filed app it changes is its own (change-app.ts).
      app.changeKind === 'app' ? app.changeOf : null,
    );
    return { app: index, path: `apps.${index}`, result };
  });
  const errors: FieldError[] = checks.flatMap(({ app: index, path, result }) => [
    ...result.findings
      .filter((f) => f.severity === 'error')
      .map((f) => ({ path, code: f.code, message: { zh: f.message.zh, en: f.message.en } })),
    ...result.domains.flatMap((d, k) =>
      d.result.findings
        .filter((f) => f.severity === 'error')
        .map((f) => ({
          path: `apps.${index}.domains.${k}`,
          code: f.code,
          message: { zh: f.message.zh, en: f.message.en },
        })),
    ),
  ]);
  return { checks, errors };
}

/**
 * 备案类型 of an application of apps only, from its apps' checks: 接入备案 (`add-access`) when every app
 * is one the subject filed through another provider (APP_ACCESS_OF_FILED_APP: the approval adds this
 * provider and keeps the numbers, as a website's access filing does), else the subject's type
 * (`subjectType`, subjectFilingType in src/rules), which a new app takes.
 */
export function appsFilingType(
  subjectType: FilingType | null,
  checks: readonly AppCheck[],
): FilingType | null {
  if (subjectType !== 'add-website' && subjectType !== 'add-website-external') return subjectType;
  const access = (check: AppCheck) => check.result.findings.some((f) => f.code === 'APP_ACCESS_OF_FILED_APP');
  return checks.length > 0 && checks.every(access) ? 'add-access' : subjectType;
}

/**
 * appsFilingType for the saves and the submit of an application: an application with a website, or a
 * change, keeps the type its caller derived from its domains (`derived`).
 */
export async function applicationAppsFilingType(
  deps: WorkflowDeps,
  db: Kysely<Schema>,
  app: Application,
  derived: FilingType | null,
): Promise<FilingType | null> {
  if (app.changeOf !== null || app.websites.length > 0) return derived;
  const apps = await validDraftApps(deps, db, app.id);
  if (apps.length === 0) return derived;
  return appsFilingType(derived, (await checkApps(deps, db, app, apps)).checks);
}

/** Features of one upload, refusals as field errors at the upload's own field. */
function extract(upload: SigningUpload): SigningFeatures | FieldError {
  const field = `apps.${upload.app}.platforms.${upload.platform}.${upload.kind}`;
  try {
    return upload.kind === 'apk'
      ? apkFeatures(upload.bytes, field)
      : certificateFeatures(upload.bytes, field);
  } catch (error) {
    if (!(error instanceof SigningUploadError)) throw error;
    const file =
      upload.kind === 'apk' ? { zh: ' APK ', en: 'APK' } : { zh: '签名证书', en: 'signing certificate' };
    return fieldError(field, 'APP_UPLOAD_REFUSED', { file, reason: error.messages });
  }
}

/**
 * Fills each upload's platform fields the user left empty from the certificate; values they typed
 * must match it (APP_FEATURE_MISMATCH). Returns the entries to validate and the errors so far.
 */
function applyUploads(
  input: unknown,
  uploads: readonly SigningUpload[],
): { apps: unknown; errors: FieldError[]; extracted: Record<string, SigningFeatures> } {
  if (uploads.length === 0 || !Array.isArray(input)) return { apps: input, errors: [], extracted: {} };
  const apps = structuredClone(input) as unknown[];
  const errors: FieldError[] = [];
  const extracted: Record<string, SigningFeatures> = {};
  for (const upload of uploads) {
    const features = extract(upload);
    if ('path' in features) {
      errors.push(features);
      continue;
    }
    const entry = apps[upload.app];
    if (typeof entry !== 'object' || entry === null) {
      errors.push(fieldError(`apps.${upload.app}`, 'REQUIRED', { field: { zh: 'APP', en: 'app' } }));
      continue;
    }
    extracted[`apps.${upload.app}.platforms.${upload.platform}`] = features;
    const record = entry as Record<string, unknown>;
    const platforms = (
      typeof record.platforms === 'object' && record.platforms !== null ? record.platforms : {}
    ) as Record<string, unknown>;
    const typed = (
      typeof platforms[upload.platform] === 'object' && platforms[upload.platform] !== null
        ? platforms[upload.platform]
        : {}
    ) as Record<string, string>;
    errors.push(
      ...featureMismatches(upload.platform, typed, features, ['apps', upload.app]).map((i) => ({
        path: formatFieldPath(i.path),
        code: i.code,
        message: i.message,
      })),
    );
    const filled: Record<string, string> = { ...typed };
    const fromCertificate: Record<string, string> = {
      publicKey: features.publicKey,
      md5: features.md5,
      sha1: features.sha1,
      fingerprint: features.sha256,
    };
    // The platform's fields the certificate gives (data/app-filing.json), not its package or Bundle ID.
    const fields = APP_PLATFORM_FIELDS[upload.platform].filter((f) => f in fromCertificate);
    for (const field of fields) if (!text(filled[field])) filled[field] = fromCertificate[field] ?? '';
    record.platforms = { ...platforms, [upload.platform]: filled };
  }
  return { apps, errors, extracted };
}

/**
 * Saves the app step: every entry validated at once (VALIDATION_FAILED naming each field, uploads
 * included); a valid list is stored with the application's version bumped, then checked by the engine.
 * A rejected application returns to draft, as for the other steps.
 */
export async function saveDraftApps(
  deps: ActorDeps & {
    applicationId: number;
    apps: unknown;
    uploads?: readonly SigningUpload[];
    expectedVersion?: number;
  },
): Promise<AppStepResult> {
  const { actor, now } = deps;
  requirePermission(actor, 'application.update-own', { zh: '修改备案申请', en: 'change an application' });
  const filled = applyUploads(deps.apps, deps.uploads ?? []);
  const parsed = parseFields(makeAppsSchema({ today: toShanghaiDate(now) }), filled.apps);
  const schemaErrors = parsed.ok
    ? []
    : parsed.errors.map((e) => ({ ...e, path: e.path === '' ? 'apps' : `apps.${e.path}` }));
  if (!parsed.ok || filled.errors.length > 0) throw invalid([...filled.errors, ...schemaErrors]);
  const apps = parsed.value;
  return writeTransaction(deps.database, async (tx) => {
    const loaded = await loadApplication(tx, deps.applicationId, actor);
    assertVersion(loaded, deps.expectedVersion);
    const draft = await editableDraft(deps, tx, loaded);
    const json = JSON.stringify(apps);
    await tx
      .insertInto('application_app')
      .values({ application_id: draft.id, apps: json, updated_at: now.toISOString() })
      .onConflict((oc) =>
        oc.column('application_id').doUpdateSet({ apps: json, updated_at: now.toISOString() }),
      )
      .execute();
    const { checks, errors } = await checkApps(deps, tx, draft, apps);
    // An application of apps only takes its type from them (接入 of filed apps) and its subject.
    const appsOnly = draft.changeOf === null && draft.websites.length === 0;
    const type = appsOnly
      ? appsFilingType(
          (await checkApplicationSubject(deps, tx, subjectRequest(draft))).type ?? draft.filingType,
          checks,
        )
      : draft.filingType;
    const application = await saveApplication(
      tx,
      draft,
      { lastActivityAt: now.toISOString(), ...(type === draft.filingType ? {} : { filingType: type }) },
      now,
    );
    return { application, apps, checks, errors, extracted: filled.extracted };
  });
}

/** The app step as saved, with the engine's answer now (what submitting would say about the apps). */
export async function readAppStep(
  deps: ActorDeps & { applicationId: number },
): Promise<{ apps: Record<string, unknown>[]; valid: AppEntry[]; checks: AppCheck[]; errors: FieldError[] }> {
  requirePermission(deps.actor, 'application.read-own', { zh: '查看备案申请', en: 'read an application' });
  const db = deps.database.kysely;
  const app = await loadApplication(db, deps.applicationId, deps.actor);
  const apps = await readDraftApps(db, app.id);
  const valid = await validDraftApps(deps, db, app.id);
  const { checks, errors } = await checkApps(deps, db, app, valid);
  return { apps, valid, checks, errors };
}

/**
 * The apps of an application as its owner (`own`) or staff (`any`) read them: the saved entries and,
 * until it is approved, the engine's answer now (an approved application's apps are filed).
 */
export async function readApplicationApps(
  deps: ActorDeps & { applicationId: number; scope: ReadScope },
): Promise<{ apps: Record<string, unknown>[]; checks: AppCheck[] }> {
  requireReadScope(deps);
  const db = deps.database.kysely;
  const app = await loadApplication(db, deps.applicationId, deps.scope === 'own' ? deps.actor : null);
  const apps = await readDraftApps(db, app.id);
  if (apps.length === 0 || app.status === 'approved') return { apps, checks: [] };
  const valid = await validDraftApps(deps, db, app.id);
  return {
    apps,
    checks: (await checkApps(deps, db, app, valid, deps.scope === 'any' ? 'all' : 'applicant')).checks,
  };
}

/**
 * Package names and Bundle IDs of `apps` that another application under way carries (submitted, not
 * finished): the bureau would refuse the second approval (filed_app_identifier is unique), so the submit
 * says it first, as DOMAIN_ORDER_IN_PROGRESS does for domains. Not a lock: two submits in the same
 * instant both pass here and meet at the bureau.
 */
async function identifiersInProgress(
  tx: Kysely<Schema>,
  app: Application,
  apps: readonly AppEntry[],
): Promise<FieldError[]> {
  const wanted = new Map(apps.flatMap((entry, i) => appIdentifiers(entry).map((id) => [id, i] as const)));
  if (wanted.size === 0) return [];
  const rows = await tx
    .selectFrom('application_app as x')
    .innerJoin('application as a', 'a.id', 'x.application_id')
    .select(['a.id', 'x.apps'])
    .where('a.status', 'in', [...ACTIVE_STATUSES])
    .where('a.id', '!=', app.id)
    .execute();
  const errors: FieldError[] = [];
  for (const row of rows) {
    const parsed = parseFields(makeAppsSchema(), fromJson(row.apps));
    if (!parsed.ok) continue;
    for (const entry of parsed.value) {
      for (const id of appIdentifiers(entry)) {
        const index = wanted.get(id);
        if (index === undefined) continue;
        const [platform = '', identifier = ''] = id.split(/:(.*)/s);
        errors.push(
          fieldError(`apps.${index}.platforms.${platform}`, 'APP_IDENTIFIER_IN_PROGRESS', {
            identifier,
            application: row.id,
          }),
        );
      }
    }
  }
  return errors;
}

/** The submit gate for apps: saved entries still valid, no error finding, no identifier in another application under way. */
export async function appSubmitErrors(
  deps: WorkflowDeps,
  tx: Kysely<Schema>,
  app: Application,
): Promise<FieldError[]> {
  const saved = await readDraftApps(tx, app.id);
  if (saved.length === 0) return [];
  const parsed = parseFields(makeAppsSchema({ today: toShanghaiDate(deps.now) }), saved);
  if (!parsed.ok)
    return parsed.errors.map((e) => ({ ...e, path: e.path === '' ? 'apps' : `apps.${e.path}` }));
  return [
    ...(await checkApps(deps, tx, app, parsed.value, 'all')).errors,
    ...(await identifiersInProgress(tx, app, parsed.value)),
  ];
}

/**
 * 接入 (APP): the subject's filed app, hosted by another provider, that `entry` names by one of its
 * identifiers; null when the entry is a new app.
 */
async function appFiledElsewhere(
  tx: Kysely<Schema>,
  idNumber: string,
  entry: AppEntry,
): Promise<string | null> {
  const identifiers = appIdentifiers(entry);
  if (identifiers.length === 0) return null;
  const row = await tx
    .selectFrom('filed_app_identifier as i')
    .innerJoin('filed_app as a', 'a.id', 'i.app_id')
    .innerJoin('filed_subject as s', 's.id', 'a.subject_id')
    .select(['a.number', 'a.providers'])
    .where('i.identifier', 'in', identifiers)
    .where('s.state', '=', 'filed')
    .where('s.id_number', '=', idNumber.toUpperCase())
    .executeTakeFirst();
  return row && !row.providers.split(',').includes('self') ? row.number : null;
}

/** 接入信息 (APP): the hosts and IPs an app hosted here is served from, as the approved entry gives them. */
export async function recordAppAccess(
  tx: Kysely<Schema>,
  app: Application,
  number: string,
  entry: AppEntry,
  now: Date,
): Promise<void> {
  const values = {
    domains: JSON.stringify(entry.domains),
    ips: JSON.stringify(entry.ips),
    application_id: app.id,
    recorded_at: now.toISOString(),
  };
  await tx
    .insertInto('app_access')
    .values({ app_number: number, provider: 'self', ...values })
    .onConflict((oc) => oc.columns(['app_number', 'provider']).doUpdateSet(values))
    .execute();
}

/** 取消接入 (APP): this provider's access information of the app `number` goes. */
export async function endAppAccess(tx: Kysely<Schema>, number: string): Promise<void> {
  await tx.deleteFrom('app_access').where('app_number', '=', number).where('provider', '=', 'self').execute();
}

/** APP备案号 after the bureau's approval: newly issued, or kept (`access`: 接入 of an app filed elsewhere). */
export type ApprovedApp = { name: string; number: string; kind?: 'access' | 'changed' };

/**
 * 管局审核通过 (APP): numbers for the application's apps, after its websites made the subject filed; an
 * app the subject filed through another provider keeps its number and this provider is added (接入,
 * as for websites), and every app records its access information here.
 */
export async function approveApps(
  deps: WorkflowDeps,
  tx: Kysely<Schema>,
  app: Application,
): Promise<ApprovedApp[]> {
  const apps = await validDraftApps(deps, tx, app.id);
  if (apps.length === 0) return [];
  const data = loadAppFilingData();
  const approved: (ApprovedApp | null)[] = [];
  const fresh: { index: number; entry: AppEntry }[] = [];
  for (const [index, entry] of apps.entries()) {
    const filed = await appFiledElsewhere(tx, app.subjectIdNumber, entry);
    if (filed) {
      await deps.gateway.setAppAccess(filed, true, tx);
      approved.push({ name: entry.name, number: filed, kind: 'access' });
    } else {
      approved.push(null);
      fresh.push({ index, entry });
    }
  }
  const issued = await deps.gateway.issueAppNumbers(
    {
      approvedAt: deps.now,
      subjectIdNumber: app.subjectIdNumber,
      apps: fresh.map(({ entry }) => ({
        name: entry.name,
        type: entry.type,
        suffix: data.numberSuffix(entry.type, deps.now).suffix,
        identifiers: appIdentifiers(entry),
        entry: { ...entry },
      })),
    },
    tx,
  );
  issued.apps.forEach(({ name, number }, i) => {
    const at = fresh[i]?.index;
    if (at !== undefined) approved[at] = { name, number };
  });
  const result = approved.filter((a): a is ApprovedApp => a !== null);
  for (const [index, entry] of apps.entries()) {
    const number = approved[index]?.number;
    if (number) await recordAppAccess(tx, app, number, entry, deps.now);
  }
  return result;
}
