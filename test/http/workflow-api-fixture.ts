/**
 * The filing workflow over the API: the http fixture plus the demo's applicant accounts (li.lei,
 * han.meimei…, so the demo filings are theirs), a per-account caller with session cookie and CSRF
 * token, and the whole journey from 备案类型验证 to ICP number as a helper.
 */
import assert from 'node:assert/strict';
import type { Role } from '../../src/filing/roles.ts';
import type { AppOptions } from '../../src/http/app.ts';
import { apiErrorSchema } from '../../src/http/errors.ts';
import {
  applicationDetailSchema,
  applicationSchema,
  bureauReviewResultSchema,
  createdApplicationSchema,
  outboxSchema,
  savedDraftSchema,
  smsVerifyResultSchema,
} from '../../src/http/workflow-schemas.ts';
import type { Database } from '../../src/store/index.ts';
import {
  S1,
  SUBJECT_LEADER_PHONE,
  typeCheck,
  website,
  WEBSITE_LEADER_PHONE,
} from '../workflow/workflow-fixture.ts';
import { createTestAccount, sessionFor } from '../support/app-fixture.ts';
import type { Fixture } from './http-fixture.ts';
import { createFixture } from './http-fixture.ts';

export const HOUR = 60 * 60 * 1000;
export const DEMO_APPLICANTS = ['li.lei', 'han.meimei', 'chen.jing', 'nanning.shop', 'zhang.wei'] as const;

/** Sends a request to the API: in process (`app.request`) or over a socket (`fetch`). */
export type Transport = (path: string, init: RequestInit) => Promise<Response>;

export type Caller = (method: string, path: string, body?: unknown) => Promise<Response>;

export type WorkflowFixture = Fixture & {
  /** A caller signed in as a demo applicant, or as the fixture's account of a role. */
  as(who: (typeof DEMO_APPLICANTS)[number] | Role): Promise<Caller>;
  anonymous: Caller;
};

export async function createWorkflowFixture(
  database: Database,
  transport?: (fx: Fixture) => Transport,
  options: Partial<AppOptions> = {},
): Promise<WorkflowFixture> {
  const fx = await createFixture(database, {
    rateLimits: { login: { limit: 1000, windowMs: 60_000 }, precheck: { limit: 100_000, windowMs: 60_000 } },
    ...options,
  });
  const ids = new Map<string, number>();
  for (const login of DEMO_APPLICANTS) {
    ids.set(login, await createTestAccount(database, { login, role: 'applicant' }));
  }
  for (const [role, id] of fx.accounts) ids.set(role, id);
  const send: Transport = transport
    ? transport(fx)
    : (path, init) => Promise.resolve(fx.app.request(`/api/v1${path}`, init));

  const caller =
    (headers: Record<string, string>): Caller =>
    (method, path, body) =>
      send(path, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

  return {
    ...fx,
    anonymous: caller({}),
    async as(who) {
      const id = ids.get(who);
      if (id === undefined) throw new Error(`no account ${who}`);
      const session = await sessionFor(database, id, fx.clock.now);
      return caller({ cookie: session.cookie, 'x-csrf-token': session.csrf });
    },
  };
}

/** Asserts the status and parses the body with the schema the OpenAPI document publishes. */
export async function expectOk<T>(
  response: Response,
  status: number,
  schema: { parse(v: unknown): T },
): Promise<T> {
  const body: unknown = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  return schema.parse(body);
}

export async function expectError(response: Response, status: number, code: string) {
  const body = apiErrorSchema.parse(await response.json());
  assert.equal(response.status, status, JSON.stringify(body));
  assert.equal(body.code, code);
  assert.ok(body.message.zh.length > 0 && body.message.en.length > 0);
  return body;
}

export const read = {
  created: (r: Response) => expectOk(r, 201, createdApplicationSchema),
  saved: (r: Response) => expectOk(r, 200, savedDraftSchema),
  application: (r: Response) => expectOk(r, 200, applicationSchema),
  detail: (r: Response) => expectOk(r, 200, applicationDetailSchema),
  outbox: (r: Response) => expectOk(r, 200, outboxSchema),
  sms: (r: Response) => expectOk(r, 200, smsVerifyResultSchema),
  bureau: (r: Response) => expectOk(r, 200, bureauReviewResultSchema),
};

/** Creates and saves a draft for `domain` (its form passes every field check). */
export async function draft(applicant: Caller, subject: typeof S1, domain: string) {
  const created = await read.created(await applicant('POST', '/applications', typeCheck(subject, domain)));
  const id = created.application.id;
  const saved = await read.saved(
    await applicant('PUT', `/applications/${id}`, { subject, websites: [website(domain)] }),
  );
  return { id, created, saved };
}

/** 备案类型验证 → 保存 → 提交 → 初审 → 短信核验 (codes from the sandbox outbox) → 管局审核 → numbers. */
export async function fileThrough(
  fx: WorkflowFixture,
  login: (typeof DEMO_APPLICANTS)[number],
  subject: typeof S1,
  domain: string,
) {
  const applicant = await fx.as(login);
  const { id, created, saved } = await draft(applicant, subject, domain);
  assert.deepEqual(saved.errors, []);
  const submitted = await read.application(await applicant('POST', `/applications/${id}/submit`));
  assert.equal(submitted.status, 'provider-review');

  fx.clock.now = new Date(fx.clock.now.getTime() + HOUR);
  const reviewer = await fx.as('provider-reviewer');
  const reviewed = await read.application(
    await reviewer('POST', `/applications/${id}/provider-review`, { decision: 'approve' }),
  );
  assert.equal(reviewed.status, 'awaiting-sms');

  const bureau = await fx.as('bureau-reviewer');
  let last = null;
  for (const phone of [SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE]) {
    const outbox = await read.outbox(
      await bureau('GET', `/sandbox/sms-outbox?applicationId=${id}&phone=${phone}`),
    );
    const code = /验证码：(\d{6})/.exec(outbox.messages[0]?.body ?? '')?.[1];
    assert.ok(code, `an SMS code for ${phone}`);
    last = await read.sms(await applicant('POST', `/applications/${id}/sms/verify`, { phone, code }));
    assert.equal(last.outcome, 'verified');
  }
  assert.equal(last?.application.status, 'bureau-review');

  fx.clock.now = new Date(fx.clock.now.getTime() + HOUR);
  const approved = await read.bureau(
    await bureau('POST', `/applications/${id}/bureau-review`, { decision: 'approve' }),
  );
  assert.equal(approved.application.status, 'approved');
  return { id, created, approved, applicant };
}
