/**
 * What every workflow use case receives: the database, the policy data, the MIIT gateway, who acts and
 * the instant (injected, so tests move time without sleeping). Permission checks go through the one
 * table in src/filing/roles.ts.
 */
import type { DocumentStore } from '../documents/index.ts';
import type { CertificateVerifier } from './certificate-check.ts';
import type { ApplicationLimitEntry } from '../filing/index.ts';
import { loadApplicationLimits } from '../filing/index.ts';
import type { Action, ProviderRanges, Role } from '../filing/index.ts';
import { can } from '../filing/index.ts';
import type { MiitGateway } from '../miit/index.ts';
import type { VerificationGateway } from '../identity/index.ts';
import type { IdentityVerificationData } from '../policy/index.ts';
import type { PolicyData } from '../policy/index.ts';
import type { Database } from '../store/index.ts';
import type { Localized } from '../filing/index.ts';
import { forbidden } from './errors.ts';

/** 操作人 — an account of this deployment acting in one of its roles. */
export type Actor = { account: string; role: Role };

/** 系统 — the job runner acting on a schedule (SMS timeout, expiry); recorded as such in the audit trail. */
type SystemActor = { account: 'system'; role: 'system' };
export const SYSTEM_ACTOR: SystemActor = { account: 'system', role: 'system' };

export type AuditActor = Actor | SystemActor;

export type WorkflowDeps = {
  database: Database;
  policy: PolicyData;
  gateway: MiitGateway;
  now: Date;
  /** data/application-limits.json entries; loaded once when omitted. */
  limits?: readonly ApplicationLimitEntry[];
  /** Where uploaded documents (备案材料) live; needed by the document use cases only. */
  documents?: DocumentStore;
  /** The registrar whose 域名证书 an upload is checked against (certificate-check.ts). */
  certificates?: CertificateVerifier;
  /** 接入资源 settings (BEIAN_ACCESS_MIN_TERM_MONTHS, BEIAN_ACCESS_CODES_PER_RESOURCE, BEIAN_PROVIDER_CIDRS, BEIAN_SERVICE_CODE); the defaults below when omitted. */
  access?: AccessSettings;
  /** 真实性核验: whether submit requires it, the vendor and the requirements; the defaults below when omitted. */
  identity?: IdentitySettings;
};

/**
 * 真实性核验设置 — `required`: submit refuses until every person data/identity-verification.json names for
 * the province has passed (BEIAN_IDENTITY_VERIFICATION; `beian serve` defaults to `off`, DEPLOYMENT.md says why); `off`:
 * links may still be sent and completed, but submit does not wait for them (the use cases' default
 * when no settings are given, so a caller that never heard of verification keeps working). `gateway`:
 * the vendor (default the sandbox on the same database); `data`: the requirements (default data/).
 */
export type IdentitySettings = {
  mode: 'required' | 'off';
  gateway?: VerificationGateway;
  data?: IdentityVerificationData;
};

/**
 * 接入资源设置 — from the configuration (src/config): the term a resource must still have at submit
 * (providers ask 3 months: Huawei Cloud "需为包周期且不小于3个月"), how many codes a resource issues,
 * the provider's declared IP ranges (null: none declared, any public address), and whether a website
 * may be submitted without a code (`optional` until the provider has registered its resources: a
 * deployment with no resources could otherwise file nothing).
 */
export type AccessSettings = {
  minTermMonths: number;
  codesPerResource: number;
  ranges: ProviderRanges;
  serviceCode: 'required' | 'optional';
};

export const DEFAULT_ACCESS_SETTINGS: AccessSettings = {
  minTermMonths: 3,
  codesPerResource: 5,
  ranges: null,
  serviceCode: 'optional',
};

export const accessSettings = (deps: Pick<WorkflowDeps, 'access'>): AccessSettings =>
  deps.access ?? DEFAULT_ACCESS_SETTINGS;

export type ActorDeps = WorkflowDeps & { actor: Actor };

/** What the resource use cases need: no MIIT gateway (`beian resources` runs without one). */
export type ResourceDeps = Pick<ActorDeps, 'database' | 'policy' | 'now' | 'access' | 'actor'>;

let cachedLimits: readonly ApplicationLimitEntry[] | null = null;
export function limitEntries(deps: WorkflowDeps): readonly ApplicationLimitEntry[] {
  if (deps.limits) return deps.limits;
  cachedLimits ??= loadApplicationLimits();
  return cachedLimits;
}

/** Refuses unless the permission table lets the role do `action`. */
export function requirePermission(actor: Actor, action: Action, what: Localized): void {
  if (!can(actor.role, action)) throw forbidden(what);
}
