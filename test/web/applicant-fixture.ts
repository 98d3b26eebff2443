/**
 * The applicant pages' tests: the web fixture (test/web/web-fixture.ts: demo data, one account per role,
 * a cookie-jar browser) plus newcomers: subjects of their own with domains registered to them (in
 * Zhejiang, or in Jiangsu where domain certificates are required; hostile names too), more applicants,
 * the reviewers' use cases over the same database and SMS secret as the app, and the form fields of
 * the wizard's steps.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { usccCheckChar } from '../../src/filing/certificates.ts';
import { defaultSmsSecret } from '../../src/http/app.ts';
import { createSandboxGateway } from '../../src/miit/index.ts';
import type { Database } from '../../src/store/index.ts';
import type { TestDialect } from '../support/databases.ts';
import { importRegistrations } from '../../src/imports/index.ts';
import type { Actor } from '../../src/workflow/index.ts';
import { CREDENTIAL_KEY, createTestAccount, sessionFor } from '../support/app-fixture.ts';
import { Browser, createWebFixture } from './web-fixture.ts';
import type { Page } from './web-fixture.ts';

export const HOUR = 60 * 60 * 1000;
export const SUBJECT_LEADER_PHONE = '13800138000';
export const WEBSITE_LEADER_PHONE = '13900139000';
export const SCRIPT_NAME = '<script>alert(1)</script>';
export const IMG_NAME = '"><img src=x onerror=alert(1)>';

const uscc = (body: string): string => `${body}${usccCheckChar(body)}`;

export type TestSubject = {
  type: string;
  idType: string;
  idNumber: string;
  name: string;
  province: string;
  certificateAddress: string;
  mailingAddress: string;
};

/** The Zhejiang template of `newcomer` (which gives each test its own certificate number and name). */
export const ZJ: TestSubject = {
  type: 'enterprise',
  idType: 'uscc',
  idNumber: uscc('91330106MA7WEB0Q1'),
  name: '杭州网页测试科技有限公司',
  province: '330000',
  certificateAddress: '浙江省杭州市西湖区文三路 200 号',
  mailingAddress: '浙江省杭州市西湖区文三路 200 号 3 楼 301 室',
};

/** The Jiangsu template: the province policy requires a domain certificate per domain (seed FAQ Q6). */
export const JS: TestSubject = {
  ...ZJ,
  idNumber: uscc('91320100MA7WEB0Q2'),
  name: '南京网页测试传媒有限公司',
  province: '320000',
  certificateAddress: '江苏省南京市玄武区中山路 200 号',
  mailingAddress: '江苏省南京市玄武区中山路 200 号 2 楼',
};

const registration = (domain: string, holder: TestSubject) =>
  JSON.stringify({
    domain,
    registrar: '阿里云计算有限公司',
    registrarIanaId: 420,
    registeredAt: '2024-03-01T10:00:00+08:00',
    expiresAt: '2028-03-01T10:00:00+08:00',
    realName: {
      status: 'verified',
      verifiedAt: '2024-03-02T10:00:00+08:00',
      reportedAt: '2024-03-05T10:00:00+08:00',
      holder: { name: holder.name, type: 'enterprise', idType: 'uscc', idNumber: holder.idNumber },
    },
  });

const person = (mobile: string) => ({
  name: '王小明',
  idType: 'resident-id',
  idNumber: '11010519491231002X',
  mobile,
  emergencyPhone: '0571-87654321',
  email: 'wang@example.cn',
});

/** The subject step's fields for a subject (the `subject.*` inputs). */
export function subjectFields(subject: TestSubject): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(subject)) fields[`subject.${key}`] = value;
  for (const [key, value] of Object.entries(person(SUBJECT_LEADER_PHONE)))
    fields[`subject.responsiblePerson.${key}`] = value;
  return fields;
}

/** The websites step's fields of website `i` with its domain (the `websites.i.*` inputs). */
export function websiteFields(i: number, domain: string, name = '网页测试官方网站'): Record<string, string> {
  const base = `websites.${i}`;
  const fields: Record<string, string> = {
    [`${base}.domains.0`]: domain,
    [`${base}.name`]: name,
    [`${base}.homeUrl`]: `https://www.${domain}/`,
    [`${base}.serviceContent.organisation-portal`]: 'organisation-portal',
  };
  for (const [key, value] of Object.entries(person(WEBSITE_LEADER_PHONE)))
    fields[`${base}.responsiblePerson.${key}`] = value;
  return fields;
}

export const PROVIDER_REVIEWER: Actor = { account: 'provider-reviewer.user', role: 'provider-reviewer' };
export const BUREAU_REVIEWER: Actor = { account: 'bureau-reviewer.user', role: 'bureau-reviewer' };

export type ApplicantFixture = Awaited<ReturnType<typeof createApplicantFixture>>;

export async function createApplicantFixture(database: Database) {
  const documentsDir = mkdtempSync(join(tmpdir(), 'beian-web-applicant-'));
  const fx = await createWebFixture(database, { documentsDir });
  // The same sandbox (and SMS key) as the app: codes the reviewers' use cases send verify on the pages.
  const gateway = createSandboxGateway({
    database,
    policy: fx.policy,
    smsSecret: defaultSmsSecret(CREDENTIAL_KEY),
  });
  const deps = () => ({ database, policy: fx.policy, gateway, now: fx.clock.now });

  let subjects = 0;
  /**
   * A subject of its own for one test (no filing, no application: tests do not share the one-order-per-
   * subject rule), with `domains` registered to it, real-name verified.
   */
  async function newcomer(options: {
    province?: '330000' | '320000';
    name?: string;
    domains: string[];
  }): Promise<TestSubject> {
    subjects += 1;
    const province = options.province ?? '330000';
    const base = province === '320000' ? JS : ZJ;
    const region = province === '320000' ? '91320100' : '91330106';
    const subject: TestSubject = {
      ...base,
      idNumber: uscc(`${region}MA7W${String(subjects).padStart(5, '0')}`),
      name: options.name ?? `${base.name.slice(0, 2)}网页测试${subjects}号有限公司`,
    };
    const summary = await importRegistrations({
      db: database,
      input: Readable.from([
        `${options.domains.map((domain) => registration(domain, subject)).join('\n')}\n`,
      ]),
      format: 'jsonl',
    });
    if (summary.skipped > 0) throw new Error(`registrations: ${JSON.stringify(summary.errors)}`);
    return subject;
  }

  /** A browser signed in as another account (created on first use), e.g. a second applicant. */
  async function browserOf(login: string): Promise<Browser> {
    const row = await database.kysely
      .selectFrom('account')
      .select('id')
      .where('login', '=', login)
      .executeTakeFirst();
    const id = row?.id ?? (await createTestAccount(database, { login, role: 'applicant' }, fx.clock.now));
    const session = await sessionFor(database, id, fx.clock.now);
    const browser = new Browser(fx.app.request.bind(fx.app));
    browser.setCookie(session.cookie);
    browser.csrf = session.csrf;
    return browser;
  }

  /** The latest code the sandbox outbox holds for a phone of an application. */
  async function smsCode(applicationId: number, phone: string): Promise<string> {
    const [message] = await gateway.readOutbox({ applicationId, phone });
    const code = /验证码：(\d{6})/.exec(message?.body ?? '')?.[1];
    if (!code) throw new Error(`no SMS code for ${phone}: ${message?.body ?? 'nothing sent'}`);
    return code;
  }

  return {
    ...fx,
    gateway,
    deps,
    browserOf,
    newcomer,
    smsCode,
    cleanup: () => rmSync(documentsDir, { recursive: true, force: true }),
  };
}

/** What an applicant pages suite works with: its database, the fixture, and the applicant's browser. */
export type ApplicantPages = {
  db: Database;
  fx: ApplicantFixture;
  applicant: Browser;
  /** Removes the uploaded documents and the database. */
  close(): Promise<void>;
};

/** A fresh database of `dialect` with the applicant fixture, for a suite's `before`. */
export async function openApplicantPages(dialect: TestDialect): Promise<ApplicantPages> {
  const db = await dialect.open();
  try {
    const fx = await createApplicantFixture(db);
    const applicant = await fx.browser('applicant');
    const close = async () => {
      fx.cleanup();
      await db.destroy();
    };
    return { db, fx, applicant, close };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** A newcomer's application, filled in and submitted through the pages as `applicant`. */
export async function submitNewcomer(
  pages: Pick<ApplicantPages, 'fx' | 'applicant'>,
  domain: string,
): Promise<{ id: number; subject: TestSubject }> {
  const subject = await pages.fx.newcomer({ domains: [domain] });
  const id = await startApplication(pages.applicant, subject, domain);
  await fillDraft(pages.applicant, id, subject, domain);
  assertRedirect(await submit(pages.applicant, id), `/applications/${id}`);
  return { id, subject };
}

/** The application id of a wizard URL (`/applications/12/subject` → 12). */
export function applicationIdOf(location: string | null): number {
  const id = /^\/applications\/(\d+)/.exec(location ?? '')?.[1];
  assert.ok(id, `not an application URL: ${location}`);
  return Number(id);
}

export function assertRedirect(page: Page, location: string | RegExp): string {
  assert.equal(page.status, 303, `expected a redirect, got ${page.status}: ${page.text.slice(0, 600)}`);
  const actual = page.location ?? '';
  if (typeof location === 'string') assert.equal(actual, location);
  else assert.match(actual, location);
  return actual;
}

export function assertStatus(page: Page, status: number): void {
  assert.equal(page.status, status, page.text.slice(0, 1500));
}

/**
 * The field is marked wrong the accessible way: `aria-invalid` on the input, its error element named by
 * `aria-describedby`, holding `message`; and the error summary links to it.
 */
export function assertFieldError(page: Page, name: string, message: string | RegExp): void {
  const id = `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const tag = page.tagWithId(id);
  assert.ok(tag, `no field ${id}`);
  assert.match(tag, /aria-invalid="true"/, tag);
  const describedBy = (/aria-describedby="([^"]*)"/.exec(tag)?.[1] ?? '').split(' ');
  assert.ok(describedBy.includes(`${id}-error`), `${id}: aria-describedby ${describedBy.join(' ')}`);
  const error = new RegExp(`id="${id}-error"[^>]*>([\\s\\S]*?)</p>`).exec(page.html)?.[1] ?? '';
  const text = error.replace(/<[^>]*>/g, '');
  if (typeof message === 'string') assert.ok(text.includes(message), `${id}: ${text}`);
  else assert.match(text, message);
  assert.ok(page.html.includes(`href="#${id}"`), `the error summary links to #${id}`);
}

/** Starts an application through /applications/new and returns its id. */
export async function startApplication(
  browser: Browser,
  subject: TestSubject,
  domain: string,
): Promise<number> {
  await browser.get('/applications/new');
  const created = await browser.post('/applications/new', {
    province: subject.province,
    'subject.type': subject.type,
    'subject.idType': subject.idType,
    'subject.idNumber': subject.idNumber,
    'subject.name': subject.name,
    domain,
  });
  return applicationIdOf(assertRedirect(created, /^\/applications\/\d+\/subject$/));
}

/** Fills subject and one website through the wizard's pages (saved, not submitted). */
export async function fillDraft(
  browser: Browser,
  id: number,
  subject: TestSubject,
  domain: string,
  websiteName?: string,
) {
  await browser.get(`/applications/${id}/subject`);
  assertRedirect(
    await browser.post(`/applications/${id}/subject`, subjectFields(subject)),
    `/applications/${id}/websites`,
  );
  const websites = await browser.get(`/applications/${id}/websites`);
  const version = websites.inputValue('_version') ?? '';
  const saved = await browser.post(`/applications/${id}/websites`, {
    ...websiteFields(0, domain, websiteName),
    _version: version,
    _action: 'save',
  });
  // The app step (APP备案) follows the websites; a filing without apps goes on from there.
  assertRedirect(saved, `/applications/${id}/apps`);
}

/** Submits through the review page. */
export async function submit(browser: Browser, id: number): Promise<Page> {
  const review = await browser.get(`/applications/${id}/review`);
  assertStatus(review, 200);
  return browser.post(`/applications/${id}/submit`, { _version: review.inputValue('_version') ?? '' });
}
