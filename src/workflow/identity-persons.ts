/**
 * 真实性核验对象 — whom an application must have verified before 初审, read from the application as it
 * stands (data/identity-verification.json names the roles per province: 主体负责人, each 网站负责人, each
 * APP负责人), one entry per person (the same certificate number named twice verifies once), and the
 * submit gate over them. A passed verification counts only while the application still names that
 * person with that name and certificate number: change the person and the new one verifies again.
 * Not a use case: the helpers the identity use cases and the submit share.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { createSandboxVerificationGateway, FAILURE_TEXT, VERIFICATION_FAILURES } from '../identity/index.ts';
import type { VerificationFailure, VerificationGateway } from '../identity/index.ts';
import type { FieldError, Localized } from '../filing/index.ts';
import {
  fieldError,
  ID_TYPE_LABELS,
  isMainlandMobile,
  normalizeIdNumber,
  normalizePhone,
} from '../filing/index.ts';
import { loadIdentityVerificationData } from '../policy/index.ts';
import type { IdentityRequirement, IdType, VerificationPersonRole } from '../policy/index.ts';
import { ID_TYPES } from '../policy/index.ts';
import { maskIdNumber } from '../registrar/index.ts';
import { fromJson } from '../store/index.ts';
import type { IdentityTaskStatus, IdentityTaskTable, Schema } from '../store/index.ts';
import type { Application } from './application.ts';
import { readDraftApps } from './app-entries.ts';
import type { IdentitySettings, WorkflowDeps } from './context.ts';
import { WorkflowError } from './errors.ts';

/** Where an application names a person: the subject, or website / app number `index` (0-based). */
export type PersonRole = { role: VerificationPersonRole; index?: number };

/** 核验对象 — one person to verify, as the application names them now. */
export type RequiredPerson = {
  /** `<idType>:<ID NUMBER>`: the same certificate number named twice is one person. */
  key: string;
  name: string;
  idType: IdType;
  idNumber: string;
  roles: PersonRole[];
  /** The first mainland mobile the form gives this person (where the link is texted); null: none. */
  mobile: string | null;
};

/** A role named where the application names it (`subject.responsiblePerson`, `websites.0.responsiblePerson`). */
export const rolePath = (r: PersonRole): string =>
  r.role === 'subject' ? 'subject.responsiblePerson' : `${r.role}s.${r.index ?? 0}.responsiblePerson`;

/** 主体负责人, 网站负责人（网站 1：name）, APP负责人（APP 2：name）. */
export function roleLabel(
  r: PersonRole,
  app: Pick<Application, 'websites'>,
  apps: Record<string, unknown>[],
): Localized {
  if (r.role === 'subject') return { zh: '主体负责人', en: "subject's responsible person" };
  const n = (r.index ?? 0) + 1;
  const list = r.role === 'website' ? app.websites : apps;
  const name =
    typeof list[r.index ?? 0]?.name === 'string' ? String(list[r.index ?? 0]?.name).slice(0, 60) : '';
  const suffix = name === '' ? '' : `：${name}`;
  return r.role === 'website'
    ? {
        zh: `网站负责人（网站 ${n}${suffix}）`,
        en: `website ${n}'s responsible person${name ? ` (${name})` : ''}`,
      }
    : {
        zh: `APP负责人（APP ${n}${suffix}）`,
        en: `app ${n}'s responsible person${name ? ` (${name})` : ''}`,
      };
}

export const identityMode = (deps: Pick<WorkflowDeps, 'identity'>): IdentitySettings['mode'] =>
  deps.identity?.mode ?? 'off';

export function identityGateway(deps: Pick<WorkflowDeps, 'identity' | 'database'>): VerificationGateway {
  return deps.identity?.gateway ?? createSandboxVerificationGateway(deps.database);
}

/** The requirement in force for the application's province now; null when no entry covers it. */
export function identityRequirement(
  deps: Pick<WorkflowDeps, 'identity' | 'now'>,
  app: Pick<Application, 'province'>,
): IdentityRequirement | null {
  return (deps.identity?.data ?? loadIdentityVerificationData()).requirement(app.province, deps.now);
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

type Named = { role: PersonRole; person: Record<string, unknown> | null };

/**
 * The persons the requirement names, in the order the form has them; `incomplete` lists roles whose
 * person lacks a name, certificate type or number (nothing to bind a link to yet).
 */
export async function requiredPersons(
  db: Kysely<Schema>,
  app: Application,
  requirement: IdentityRequirement,
): Promise<{ persons: RequiredPerson[]; incomplete: PersonRole[]; apps: Record<string, unknown>[] }> {
  const apps = requirement.persons.includes('app') ? await readDraftApps(db, app.id) : [];
  const person = (v: unknown): Record<string, unknown> | null =>
    typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  const named: Named[] = [];
  if (requirement.persons.includes('subject'))
    named.push({ role: { role: 'subject' }, person: person(app.subject.responsiblePerson) });
  if (requirement.persons.includes('website'))
    app.websites.forEach((w, index) =>
      named.push({ role: { role: 'website', index }, person: person(w.responsiblePerson) }),
    );
  apps.forEach((a, index) =>
    named.push({ role: { role: 'app', index }, person: person(a.responsiblePerson) }),
  );
  const persons = new Map<string, RequiredPerson>();
  const incomplete: PersonRole[] = [];
  for (const { role, person: p } of named) {
    const name = str(p?.name);
    const idType = ID_TYPES.find((t) => t === p?.idType);
    const idNumber = normalizeIdNumber(str(p?.idNumber));
    if (name === '' || idType === undefined || idNumber === '') {
      incomplete.push(role);
      continue;
    }
    const key = `${idType}:${idNumber}`;
    const phone = normalizePhone(str(p?.mobile));
    const mobile = phone !== '' && isMainlandMobile(phone) ? phone : null;
    const known = persons.get(key);
    if (known) {
      known.roles.push(role);
      known.mobile ??= mobile;
    } else persons.set(key, { key, name, idType, idNumber, roles: [role], mobile });
  }
  return { persons: [...persons.values()], incomplete, apps };
}

/** 核验状态 — a person's state: no link yet, a link out, its 10 minutes over, passed, or failed. */
export type PersonVerificationState = 'none' | 'pending' | 'expired' | 'passed' | 'failed';

/** The task that decides a person's state: their last one still naming them as now; passed wins. */
export function stateOf(
  person: RequiredPerson,
  tasks: readonly Selectable<IdentityTaskTable>[],
  now: Date,
): { state: PersonVerificationState; task: Selectable<IdentityTaskTable> | null } {
  const mine = tasks.filter(
    (t) =>
      t.person_id_number === person.idNumber &&
      t.person_id_type === person.idType &&
      t.person_name === person.name,
  );
  const passed = mine.filter((t) => t.status === 'passed').at(-1);
  if (passed) return { state: 'passed', task: passed };
  const last = mine.filter((t) => t.status !== 'superseded').at(-1) ?? null;
  if (!last) return { state: 'none', task: null };
  if (last.status === 'pending')
    return { state: last.expires_at <= now.toISOString() ? 'expired' : 'pending', task: last };
  return { state: last.status === 'failed' ? 'failed' : 'none', task: last };
}

export async function tasksOf(
  db: Kysely<Schema>,
  applicationId: number,
): Promise<Selectable<IdentityTaskTable>[]> {
  return db
    .selectFrom('identity_task')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
}

export const failureText = (failure: string | null): Localized | null =>
  failure !== null && (VERIFICATION_FAILURES as readonly string[]).includes(failure)
    ? FAILURE_TEXT[failure as VerificationFailure]
    : null;

export const maskedNumber = (idType: string, idNumber: string): string =>
  maskIdNumber(ID_TYPES.find((t) => t === idType) ?? 'passport', idNumber);

export const idTypeLabel = (idType: string): Localized =>
  ID_TYPE_LABELS[ID_TYPES.find((t) => t === idType) ?? 'passport'];

export const taskRoles = (row: Pick<Selectable<IdentityTaskTable>, 'roles'>): PersonRole[] =>
  fromJson(row.roles).map((r) => ({
    role: r.role === 'website' || r.role === 'app' ? r.role : 'subject',
    ...(r.index === undefined ? {} : { index: r.index }),
  }));

export type { IdentityTaskStatus };

/**
 * The submit gate (真实性核验 before 初审): field errors naming each person whose verification has not
 * passed, at the place the form names them; none when the mode is `off` or no requirement is in force.
 */
export async function identityErrors(
  deps: WorkflowDeps,
  tx: Kysely<Schema>,
  app: Application,
): Promise<FieldError[]> {
  if (identityMode(deps) === 'off') return [];
  const requirement = identityRequirement(deps, app);
  if (requirement === null) return [];
  const { persons, apps } = await requiredPersons(tx, app, requirement);
  const tasks = await tasksOf(tx, app.id);
  const errors: FieldError[] = [];
  for (const person of persons) {
    if (stateOf(person, tasks, deps.now).state === 'passed') continue;
    const first = person.roles[0] ?? { role: 'subject' };
    const role = person.roles.map((r) => roleLabel(r, app, apps));
    errors.push(
      fieldError(rolePath(first), 'IDENTITY_VERIFICATION_REQUIRED', {
        person: person.name,
        role: { zh: role.map((r) => r.zh).join('、'), en: role.map((r) => r.en).join(', ') },
      }),
    );
  }
  return errors;
}

/** IDENTITY_VERIFICATION_REQUIRED with the persons named in its message as well as its fields. */
export function identityRequiredError(errors: FieldError[]): WorkflowError {
  const names = errors.map((e) => e.message);
  return new WorkflowError(
    'IDENTITY_VERIFICATION_REQUIRED',
    {
      zh: `提交初审前须完成真实性核验：${names.map((n) => n.zh).join('；')}`,
      en: `Identity verification must be completed before provider review: ${names.map((n) => n.en).join('; ')}`,
    },
    errors,
  );
}

/** 核验任务 — one link as its applicant and reviewers see it (never the token: only its hash is kept). */
export type IdentityTaskView = {
  id: number;
  personName: string;
  idNumberMasked: string;
  status: IdentityTaskStatus;
  /** A pending link past its minutes. */
  expired: boolean;
  method: string;
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
  openedAt: string | null;
  completedAt: string | null;
  failure: string | null;
  failureText: Localized | null;
  vendorReference: string | null;
  declarationsSigned: string[];
};

export function taskView(row: Selectable<IdentityTaskTable>, now: Date): IdentityTaskView {
  return {
    id: row.id,
    personName: row.person_name,
    idNumberMasked: maskedNumber(row.person_id_type, row.person_id_number),
    status: row.status,
    expired: row.status === 'pending' && row.expires_at <= now.toISOString(),
    method: row.method,
    issuedBy: row.issued_by,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    openedAt: row.opened_at,
    completedAt: row.completed_at,
    failure: row.failure,
    failureText: failureText(row.failure),
    vendorReference: row.vendor_reference,
    declarationsSigned: row.declarations_signed === null ? [] : fromJson(row.declarations_signed),
  };
}

/** The 10 links a day one person of one application may be sent: enough for retries, not for spam. */
export const MAX_LINKS_PER_PERSON_PER_DAY = 10;

/** A link's token: 32 random bytes, base64url (43 characters). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** `138****8000`: enough to tell phones apart on a screen, not enough to read one off it. */
export const maskedMobile = (phone: string): string =>
  /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The declarations a person signs on the link page, by id (data/identity-verification.json). */
export const DECLARATION_LABELS: Record<string, Localized> = {
  'verification-sheet': {
    zh: '网站备案信息真实性核验单',
    en: 'verification sheet of website filing information (网站备案信息真实性核验单)',
  },
  'service-pledge': {
    zh: '互联网信息服务承诺书',
    en: 'internet information service pledge (互联网信息服务承诺书)',
  },
};

export const declarationLabel = (id: string): Localized => DECLARATION_LABELS[id] ?? { zh: id, en: id };

/** 核验方式 as the person and reviewers read it. */
export const METHOD_LABELS: Record<string, Localized> = {
  face: { zh: '人脸核验（证件照 + 本人现场照片）', en: 'face check (ID photo and a live photo)' },
  curtain: {
    zh: '幕布拍照（证件照 + 接入商幕布前照片）',
    en: "curtain photo (ID photo and a photo before the provider's curtain)",
  },
};

export const methodLabel = (method: string): Localized => METHOD_LABELS[method] ?? { zh: method, en: method };
