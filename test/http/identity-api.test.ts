/**
 * 真实性核验 (issue 15) over the JSON API, SQLite and PostgreSQL: who may read, issue and steer (anonymous
 * and other accounts refused), the link texted to the person's mobile through the notifications
 * outbox, the link used once and dead after its 10 minutes, bad photos refused at their field, and the
 * per-address link limit and per-person issue limit answered 429.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { JPEG, PNG } from '../documents/samples.ts';
import { testDialects } from '../support/databases.ts';
import { S1, website } from '../workflow/workflow-fixture.ts';
import type { Caller, WorkflowFixture } from './workflow-api-fixture.ts';
import { createWorkflowFixture, draft, expectError } from './workflow-api-fixture.ts';

const MINUTE = 60_000;
/** The website's responsible person: another person than the subject's (two links to send). */
const WEBSITE_PERSON = {
  name: '李四',
  idType: 'resident-id',
  idNumber: '110101199003077571',
  mobile: '13900139000',
  emergencyPhone: '0571-87654321',
  email: 'li.si@example.cn',
};
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
const ALL = ['verification-sheet', 'service-pledge'];

type Overview = {
  mode: string;
  persons: { key: string; name: string; state: string; mobileMasked: string | null }[];
  complete: boolean;
};
type Issued = { token: string; path: string; smsTo: string | null; task: { id: number; expiresAt: string } };

for (const dialect of testDialects()) {
  describe(`identity verification over the API (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: WorkflowFixture;
    let li: Caller;
    let id = 0;
    before(async () => {
      db = await dialect.open();
      fx = await createWorkflowFixture(db, undefined, {
        identity: { mode: 'required' },
        rateLimits: {
          login: { limit: 1000, windowMs: 60_000 },
          precheck: { limit: 100_000, windowMs: 60_000 },
          identityLink: { limit: 8, windowMs: 10 * MINUTE },
        },
      });
      li = await fx.as('li.lei');
      ({ id } = await draft(li, S1, 'demo-ok.cn'));
      const saved = await li('PUT', `/applications/${id}`, {
        subject: S1,
        websites: [{ ...website('demo-ok.cn'), responsiblePerson: WEBSITE_PERSON }],
      });
      assert.equal(saved.status, 200);
    });
    after(() => db?.destroy());

    /** The link routes from one client address (the link limit counts per address). */
    const link = (method: 'GET' | 'POST', token: string, ip: string, body?: FormData) =>
      fx.app.request(`/api/v1/identity-links/${token}`, {
        method,
        headers: { 'x-test-ip': ip },
        ...(body === undefined ? {} : { body }),
      });
    const photos = (idPhoto: Buffer | null, facePhoto: Buffer | null, declarations = ALL) => {
      const form = new FormData();
      if (idPhoto)
        form.append('idPhoto', new File([new Uint8Array(idPhoto)], 'id.png', { type: 'image/png' }));
      if (facePhoto)
        form.append('facePhoto', new File([new Uint8Array(facePhoto)], 'face.jpg', { type: 'image/jpeg' }));
      for (const d of declarations) form.append('declarations', d);
      return form;
    };
    const overview = async (caller: Caller = li): Promise<Overview> => {
      const r = await caller('GET', `/applications/${id}/identity`);
      assert.equal(r.status, 200);
      return (await r.json()) as Overview;
    };
    const issue = async (personKey: string): Promise<Issued> => {
      const r = await li('POST', `/applications/${id}/identity/links`, { personKey });
      assert.equal(r.status, 201, await r.clone().text());
      return (await r.json()) as Issued;
    };

    it('lets only the owner read and issue, reviewers read, and operators steer', async () => {
      const han = await fx.as('han.meimei');
      const reviewer = await fx.as('provider-reviewer');
      const admin = await fx.as('admin');
      await expectError(await fx.anonymous('GET', `/applications/${id}/identity`), 401, 'UNAUTHENTICATED');
      await expectError(await han('GET', `/applications/${id}/identity`), 404, 'NOT_FOUND');
      const key = (await overview()).persons[0]?.key ?? '';
      await expectError(
        await han('POST', `/applications/${id}/identity/links`, { personKey: key }),
        404,
        'NOT_FOUND',
      );
      await expectError(
        await fx.anonymous('POST', `/applications/${id}/identity/links`, { personKey: key }),
        401,
        'UNAUTHENTICATED',
      );
      await expectError(await reviewer('GET', `/applications/${id}/identity`), 403, 'FORBIDDEN');
      await expectError(await li('GET', `/review/applications/${id}/identity`), 403, 'FORBIDDEN');
      assert.equal((await reviewer('GET', `/review/applications/${id}/identity`)).status, 200);
      const steer = { idNumber: S1.responsiblePerson.idNumber, outcome: 'face-mismatch', remaining: 1 };
      await expectError(await li('POST', '/sandbox/identity-outcomes', steer), 403, 'FORBIDDEN');
      await expectError(await reviewer('POST', '/sandbox/identity-outcomes', steer), 403, 'FORBIDDEN');
      await expectError(await fx.anonymous('GET', '/sandbox/identity-outcomes'), 401, 'UNAUTHENTICATED');
      const bad = await expectError(
        await admin('POST', '/sandbox/identity-outcomes', { ...steer, outcome: 'maybe' }),
        400,
        'VALIDATION_FAILED',
      );
      assert.ok(bad.fields?.some((f) => f.path === 'outcome'));
      // No sheet for someone else's application either.
      await expectError(await han('GET', `/applications/${id}/identity/sheet`), 404, 'NOT_FOUND');
    });

    it('texts the link to the mobile the form gives, masked in the answer', async () => {
      const [subject] = (await overview()).persons;
      assert.ok(subject);
      assert.equal(
        subject.mobileMasked,
        `${S1.responsiblePerson.mobile.slice(0, 3)}****${S1.responsiblePerson.mobile.slice(7)}`,
      );
      const issued = await issue(subject.key);
      assert.equal(issued.smsTo, subject.mobileMasked);
      assert.match(issued.path, /^\/verify\/[A-Za-z0-9_-]{43}$/);
      const sms = await db.kysely
        .selectFrom('notification_delivery')
        .select(['channel', 'recipient', 'message', 'kind', 'job_id'])
        .where('kind', '=', 'identity-link')
        .execute();
      assert.equal(sms.length, 1);
      assert.equal(sms[0]?.channel, 'sms');
      assert.equal(sms[0]?.recipient, S1.responsiblePerson.mobile);
      assert.notEqual(sms[0]?.job_id, null, 'the sending job is queued with it');
      const text = JSON.parse(sms[0]?.message ?? '{}') as { sms: { zh: string; en: string } };
      assert.ok(text.sms.zh.includes(issued.path), text.sms.zh);
      assert.ok(text.sms.zh.includes(S1.responsiblePerson.name));
      assert.ok(text.sms.en.includes(issued.path));
      // The audit trail has the phone masked, never in full.
      const event = await db.kysely
        .selectFrom('audit_event')
        .select('data')
        .where('action', '=', 'identity.task-issue')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.ok(!event.data.includes(S1.responsiblePerson.mobile));
      assert.ok(event.data.includes(issued.smsTo ?? 'x'));
    });

    it('refuses bad photos at their field, then spends the link once', async () => {
      const [subject] = (await overview()).persons;
      assert.ok(subject);
      const { token } = await issue(subject.key);
      const ip = '198.51.100.10';
      const opened = await link('GET', token, ip);
      assert.equal(opened.status, 200);
      const view = (await opened.json()) as { personName: string; idNumberMasked: string };
      assert.equal(view.personName, S1.responsiblePerson.name);
      assert.ok(!view.idNumberMasked.includes(S1.responsiblePerson.idNumber));

      const missing = await expectError(
        await link('POST', token, ip, photos(PNG, null)),
        400,
        'VALIDATION_FAILED',
      );
      assert.ok(
        missing.fields?.some((f) => f.path === 'facePhoto'),
        JSON.stringify(missing),
      );
      const notImage = await expectError(
        await link('POST', token, ip, photos(PDF, JPEG)),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(
        notImage.fields?.map((f) => [f.path, f.code]),
        [['idPhoto', 'IDENTITY_PHOTO_NOT_IMAGE']],
      );
      assert.match(notImage.fields?.[0]?.message.zh ?? '', /证件照/);
      assert.match(notImage.fields?.[0]?.message.en ?? '', /ID photo/);
      const garbage = await expectError(
        await link('POST', token, ip, photos(PNG, Buffer.from('not an image at all'))),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(
        garbage.fields?.map((f) => f.path),
        ['facePhoto'],
      );
      const unsigned = await expectError(
        await link('POST', token, ip, photos(PNG, JPEG, [])),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(
        unsigned.fields?.map((f) => f.path),
        ALL.map((d) => `declarations.${d}`),
      );

      // None of those spent the link; this does.
      const done = await link('POST', token, '198.51.100.11', photos(PNG, JPEG));
      assert.equal(done.status, 200);
      assert.equal(((await done.json()) as { outcome: string }).outcome, 'passed');
      await expectError(
        await link('POST', token, '198.51.100.11', photos(PNG, JPEG)),
        410,
        'IDENTITY_LINK_USED',
      );
      await expectError(await link('GET', token, '198.51.100.11'), 410, 'IDENTITY_LINK_USED');
      assert.equal((await overview()).persons[0]?.state, 'passed');
    });

    it('kills a link after its 10 minutes and answers a made-up one alike', async () => {
      const site = (await overview()).persons[1];
      assert.ok(site);
      assert.equal(site.mobileMasked, '139****9000');
      const { token } = await issue(site.key);
      const ip = '198.51.100.20';
      fx.clock.now = new Date(fx.clock.now.getTime() + 10 * MINUTE);
      await expectError(await link('GET', token, ip), 410, 'IDENTITY_LINK_EXPIRED');
      await expectError(await link('POST', token, ip, photos(PNG, JPEG)), 410, 'IDENTITY_LINK_EXPIRED');
      await expectError(await link('GET', 'A'.repeat(43), ip), 404, 'IDENTITY_LINK_INVALID');
      await expectError(await link('GET', 'x'.repeat(500), ip), 404, 'NOT_FOUND');
      assert.equal((await overview()).persons[1]?.state, 'expired');
    });

    it('answers 429 past the per-address link limit, whatever the token', async () => {
      const ip = '198.51.100.30';
      for (let i = 0; i < 8; i += 1) assert.equal((await link('GET', 'B'.repeat(43), ip)).status, 404);
      const limited = await link('GET', 'B'.repeat(43), ip);
      await expectError(limited, 429, 'RATE_LIMITED');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      // Another address is not held back.
      assert.equal((await link('GET', 'B'.repeat(43), '198.51.100.31')).status, 404);
    });

    it('answers 429 past 10 links a day to one person, and a steered failure is retried', async () => {
      const site = (await overview()).persons[1];
      assert.ok(site);
      const admin = await fx.as('admin');
      const steered = await admin('POST', '/sandbox/identity-outcomes', {
        idNumber: site.key.split(':')[1],
        outcome: 'face-mismatch',
        remaining: 1,
      });
      assert.equal(steered.status, 200);
      const first = await issue(site.key);
      const failed = await link('POST', first.token, '198.51.100.40', photos(PNG, JPEG));
      const body = (await failed.json()) as { outcome: string; failureText: { zh: string } | null };
      assert.equal(failed.status, 200);
      assert.equal(body.outcome, 'failed');
      assert.match(body.failureText?.zh ?? '', /人脸/);
      assert.equal((await overview()).persons[1]?.state, 'failed');
      // Two links sent to this person already (the expired one and this); eight more are allowed.
      let last = first;
      for (let i = 0; i < 8; i += 1) last = await issue(site.key);
      await expectError(
        await li('POST', `/applications/${id}/identity/links`, { personKey: site.key }),
        429,
        'IDENTITY_ISSUE_LIMITED',
      );
      const retried = await link('POST', last.token, '198.51.100.41', photos(PNG, JPEG));
      assert.equal(((await retried.json()) as { outcome: string }).outcome, 'passed');
      const reviewer = await fx.as('provider-reviewer');
      const seen = (await (await reviewer('GET', `/review/applications/${id}/identity`)).json()) as Overview;
      assert.deepEqual(
        seen.persons.map((p) => p.state),
        ['passed', 'passed'],
      );
      assert.equal(seen.complete, true);
      // Only texts for the links issued: one per link, none for the refused eleventh.
      const texts = await db.kysely
        .selectFrom('notification_delivery')
        .select('id')
        .where('kind', '=', 'identity-link')
        .execute();
      assert.equal(texts.length, 1 + 1 + 1 + 1 + 8);
    });
  });
}
