/**
 * What every request handler can reach: the app's dependencies, the resolved actor, and the use cases'
 * deps made from them. The web pages mount on the same app and read the same context.
 */
import type { Context } from 'hono';
import type { Account, LoginGuard } from '../accounts/index.ts';
import type { DocumentStore } from '../documents/index.ts';
import type { FactsSource } from '../facts/index.ts';
import type { TokenScope } from '../filing/index.ts';
import type { MiitGateway, OutboxMessage, SmsGateway } from '../miit/index.ts';
import type { OnlineFacts } from '../online/index.ts';
import type { PolicyData } from '../policy/index.ts';
import type { RegistrarGateway } from '../registrar/index.ts';
import type { Database } from '../store/index.ts';
import type { AccessSettings, ActorDeps, IdentitySettings } from '../workflow/index.ts';
import { ApiError } from './errors.ts';
import type { Metrics } from './metrics.ts';
import type { RateLimiters } from './rate-limit.ts';
import type { MonitorDeps } from '../monitor/index.ts';

/** Who is asking: an account (by session cookie or bearer token) or nobody. */
export type Actor =
  | { kind: 'anonymous' }
  | {
      kind: 'account';
      account: Account;
      via: 'session';
      session: { idHash: string; csrfToken: string; expiresAt: string };
    }
  | { kind: 'account'; account: Account; via: 'token'; tokenId: number; scope: TokenScope };

export type AppDeps = {
  readonly db: Database;
  readonly policy: PolicyData;
  readonly facts: FactsSource;
  readonly now: () => Date;
  /** HMAC key for stored session ids and tokens (AppSecrets.credentialKey). */
  readonly credentialKey: string;
  readonly limits: RateLimiters;
  /** Failed sign-ins per login and address (src/accounts/login-guard.ts), shared by the API and the web. */
  readonly loginGuard: LoginGuard;
  readonly sessionTtlMs: number;
  /** `auto`: Secure cookies when the request URL is https. */
  readonly secureCookies: boolean | 'auto';
  readonly clientIp: (c: Context<AppEnv>) => string;
  /** The MIIT the workflow talks to: the embedded sandbox unless a real integration is given. */
  readonly gateway: MiitGateway;
  /** RDAP/WHOIS facts for the precheck (issue 6); null unless the deployment opts in. */
  readonly online: OnlineFacts | null;
  /** The sandbox SMS outbox; null when the gateway is a real MIIT (no outbox exists then). */
  readonly readOutbox:
    ((filter: { applicationId?: number; phone?: string; limit?: number }) => Promise<OutboxMessage[]>) | null;
  /** The provider's SMS gateway for its own texts (转移备案 codes); the sandbox writes to the outbox. */
  readonly sms: SmsGateway;
  /** Uploaded documents (备案材料): the content-addressed store, with the upload size limit. */
  readonly documents: DocumentStore;
  /** The registrar (注册商): the embedded sandbox unless a real integration is given. */
  readonly registrar: RegistrarGateway;
  /** BEIAN_PUBLIC_URL: the base of links sent in notifications; null: the request's own origin. */
  readonly publicUrl: string | null;
  /** The app's Prometheus metrics (src/http/metrics.ts). */
  readonly metrics: Metrics;
  /**
   * 合规巡检: the monitor for rechecks and campaigns started from the web; null when the deployment
   * declared no provider ranges (BEIAN_PROVIDER_CIDRS), so results and rectifications are read-only.
   */
  readonly monitor: (() => MonitorDeps) | null;
  /** 初审 service level in working days (BEIAN_REVIEW_SLA_WORKDAYS): the review queue's overdue mark. */
  readonly reviewServiceLevelWorkdays: number;
  /** 接入资源 settings: minimum term, codes per resource, declared ranges, whether a code is required. */
  readonly access: AccessSettings;
  /** 真实性核验 settings: whether submit waits for verification, the vendor, the requirements. */
  readonly identity: IdentitySettings;
};

/** `requestId`: the id the answer carries in X-Request-Id and every log line of the request names. */
export type AppEnv = { Variables: { actor: Actor; deps: AppDeps; requestId: string } };

/** The use cases' deps: the request's instant, and the signed-in account as the workflow actor. */
export function workflowDeps(deps: AppDeps, actor: Actor): ActorDeps {
  // Every workflow route and page needs an action anonymous visitors lack; this only guards the types.
  if (actor.kind !== 'account') throw new ApiError('UNAUTHENTICATED');
  return {
    database: deps.db,
    policy: deps.policy,
    gateway: deps.gateway,
    certificates: deps.registrar,
    now: deps.now(),
    access: deps.access,
    identity: deps.identity,
    actor: { account: actor.account.login, role: actor.account.role },
  };
}
