/**
 * Domains at the registrar sandbox: registration, renewal with its grace period, change of holder (过户)
 * resetting real-name, transfer out making the record read-only, who may do what, and the MIIT domain
 * database and audit trail changing in the same transaction as the registrar.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { findDomainRegistration } from '../../src/miit/index.ts';
import { upsertRegistrations } from '../../src/store/facts-writer.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import type { RegistrarWorld } from './registrar-fixture.ts';
import {
  COMPANY,
  DAY,
  HAN_MEIMEI,
  LI_LEI,
  OPERATOR,
  OTHER_COMPANY,
  PERSON,
  REVIEWER,
  codes,
  openRegistrar,
  refusedWith,
} from './registrar-fixture.ts';

/** Monday 2026-03-02 10:00 in Asia/Shanghai. */
const T = new Date('2026-03-02T02:00:00.000Z');

async function auditOf(database: Database, domain: string) {
  return database.kysely
    .selectFrom('audit_event')
    .selectAll()
    .where('target', '=', `domain:${domain}`)
    .orderBy('id')
    .execute();
}

for (const dialect of testDialects()) {
  describe(`registrar domains (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: RegistrarWorld;
    before(async () => {
      world = await openRegistrar(() => dialect.open());
    });
    after(() => world.database.destroy());
    const register = (domain: string, extra: Record<string, unknown> = {}, now = T) =>
      world.registrar.registerDomain({ actor: OPERATOR, now, input: { domain, holder: COMPANY, ...extra } });

    it('registers a domain for 1–10 years and tells the MIIT domain database at once', async () => {
      const domain = await register('Registrar-One.CN', { years: 2, account: 'LI.LEI' });
      assert.deepEqual(domain.domain, { ascii: 'registrar-one.cn', unicode: 'registrar-one.cn' });
      assert.equal(domain.registeredAt, T.toISOString());
      assert.equal(domain.expiresAt, '2028-03-02T02:00:00.000Z');
      assert.equal(domain.account, 'li.lei');
      assert.deepEqual(domain.registrar, {
        id: 'aliyun',
        name: '阿里云计算有限公司',
        approved: true,
        licence: '浙D3-20210002',
      });
      assert.deepEqual(domain.realName, { status: 'none', verifiedAt: null, reportedAt: null });
      const miit = await findDomainRegistration(world.database.kysely, 'registrar-one.cn');
      assert.equal(miit?.origin, 'registrar-sandbox');
      assert.equal(miit?.registrar, '阿里云计算有限公司');
      assert.equal(miit?.registrarIanaId, 420);
      assert.equal(miit?.expiresAt, '2028-03-02T02:00:00.000Z');
      assert.equal(miit?.realName.status, 'none');
      assert.deepEqual(miit?.realName.holder, COMPANY);
      assert.deepEqual(codes(await world.findings('registrar-one.cn', T)), ['REAL_NAME_MISSING']);
      const audit = await auditOf(world.database, 'registrar-one.cn');
      assert.deepEqual(
        audit.map((e) => [e.action, e.actor_account, e.to_status]),
        [['registrar.register', 'reg.operator', 'active']],
      );
    });

    it('accepts U-labels and keeps the A-label', async () => {
      const domain = await register('注册商示例.中国');
      assert.equal(domain.domain.unicode, '注册商示例.中国');
      assert.match(domain.domain.ascii, /^xn--.+\.xn--fiqs8s$/);
    });

    it('refuses subdomains, unknown registrars, bad holders and domains registered already', async () => {
      await assert.rejects(register('www.registrar-two.cn'), refusedWith('VALIDATION_FAILED', 'domain'));
      await assert.rejects(
        register('registrar-two.cn', { registrar: 'acme' }),
        refusedWith('VALIDATION_FAILED', 'registrar'),
      );
      await assert.rejects(
        register('registrar-two.cn', { holder: { ...COMPANY, idNumber: '91330106MA2B3C4D5E' } }),
        refusedWith('VALIDATION_FAILED', 'holder.idNumber'),
      );
      await assert.rejects(
        register('registrar-two.cn', { holder: { ...COMPANY, idType: 'resident-id' } }),
        refusedWith('VALIDATION_FAILED', 'holder.idType'),
      );
      await assert.rejects(
        register('registrar-two.cn', { years: 11 }),
        refusedWith('VALIDATION_FAILED', 'years'),
      );
      await assert.rejects(register('registrar-one.cn'), refusedWith('DOMAIN_TAKEN'));
      // Held at another registrar per the MIIT domain database (an import), and not yet dropped.
      await upsertRegistrations(
        world.database.kysely,
        [
          {
            domain: 'held-elsewhere.cn',
            registrar: '北京新网数码信息技术有限公司',
            registrarIanaId: 120,
            registeredAt: '2020-01-01T00:00:00.000Z',
            expiresAt: new Date(T.getTime() - 10 * DAY).toISOString(),
            realName: { status: 'none', verifiedAt: null, reportedAt: null, holder: null },
            origin: 'import',
          },
        ],
        T.toISOString(),
      );
      await assert.rejects(register('held-elsewhere.cn'), refusedWith('DOMAIN_TAKEN'));
      assert.equal((await auditOf(world.database, 'registrar-two.cn')).length, 0);
    });

    it('registers at an unapproved registrar, and the engine says so (seed FAQ Q1b)', async () => {
      const domain = await register('registrar-intl.com', { registrar: 'godaddy' });
      assert.equal(domain.registrar.approved, false);
      assert.ok(codes(await world.findings('registrar-intl.com', T)).includes('REGISTRAR_NOT_APPROVED'));
    });

    it('renews by whole years while active and up to 30 days after expiry, not a moment later', async () => {
      await register('renew-me.cn');
      const expires = new Date('2027-03-02T02:00:00.000Z');
      const renewed = await world.registrar.renewDomain({
        actor: OPERATOR,
        now: T,
        domain: 'renew-me.cn',
        input: { years: 1 },
      });
      assert.equal(renewed.expiresAt, '2028-03-02T02:00:00.000Z');
      const lastMoment = new Date(Date.parse('2028-03-02T02:00:00.000Z') + 30 * DAY);
      const late = await world.registrar.renewDomain({
        actor: OPERATOR,
        now: lastMoment,
        domain: 'renew-me.cn',
        input: { years: 1 },
      });
      assert.equal(late.expiresAt, '2029-03-02T02:00:00.000Z');
      await register('renew-late.cn');
      await assert.rejects(
        world.registrar.renewDomain({
          actor: OPERATOR,
          now: new Date(expires.getTime() + 30 * DAY + 1),
          domain: 'renew-late.cn',
          input: { years: 1 },
        }),
        refusedWith('RENEWAL_CLOSED'),
      );
      await assert.rejects(
        world.registrar.renewDomain({ actor: OPERATOR, now: T, domain: 'renew-me.cn', input: { years: 8 } }),
        refusedWith('VALIDATION_FAILED', 'years'),
      );
      const miit = await findDomainRegistration(world.database.kysely, 'renew-me.cn');
      assert.equal(miit?.expiresAt, '2029-03-02T02:00:00.000Z');
    });

    it('过户 resets real-name: the submission is superseded, the report cancelled, MIIT told', async () => {
      await register('change-me.cn', { account: 'li.lei' });
      const first = await world.registrar.submitRealName({
        actor: LI_LEI,
        now: T,
        domain: 'change-me.cn',
        input: { holder: COMPANY },
      });
      const approved = await world.registrar.approveRealName({
        actor: OPERATOR,
        now: T,
        submissionId: first.id,
      });
      const second = await world.registrar.changeHolder({
        actor: OPERATOR,
        now: new Date(T.getTime() + DAY),
        domain: 'change-me.cn',
        input: { holder: PERSON, account: 'han.meimei' },
      });
      assert.deepEqual(second.holder, PERSON);
      assert.equal(second.account, 'han.meimei');
      assert.deepEqual(second.realName, { status: 'none', verifiedAt: null, reportedAt: null });
      const detail = await world.registrar.getDomain({ actor: OPERATOR, domain: 'change-me.cn' });
      assert.equal(detail.reports[0]?.id, approved.report?.id);
      assert.equal(detail.reports[0]?.status, 'cancelled');
      const miit = await findDomainRegistration(world.database.kysely, 'change-me.cn');
      assert.equal(miit?.realName.status, 'none');
      assert.equal(miit?.realName.verifiedAt, null);
      assert.deepEqual(miit?.realName.holder, PERSON);
      assert.deepEqual(codes(await world.findings('change-me.cn', new Date(T.getTime() + DAY), PERSON)), [
        'REAL_NAME_MISSING',
      ]);
      // The old holder's account lost the domain; the new one has it.
      await assert.rejects(
        world.registrar.getDomain({ actor: LI_LEI, domain: 'change-me.cn' }),
        refusedWith('NOT_FOUND'),
      );
      assert.equal(
        (await world.registrar.getDomain({ actor: HAN_MEIMEI, domain: 'change-me.cn' })).domain.holder.name,
        PERSON.name,
      );
      await assert.rejects(
        world.registrar.changeHolder({
          actor: OPERATOR,
          now: T,
          domain: 'change-me.cn',
          input: { holder: PERSON },
        }),
        refusedWith('VALIDATION_FAILED', 'holder'),
      );
      const pending = await world.registrar.submitRealName({
        actor: HAN_MEIMEI,
        now: T,
        domain: 'change-me.cn',
        input: { holder: PERSON },
      });
      await world.registrar.changeHolder({
        actor: OPERATOR,
        now: T,
        domain: 'change-me.cn',
        input: { holder: OTHER_COMPANY },
      });
      const queue = await world.registrar.listSubmissions({ actor: OPERATOR, domain: 'change-me.cn' });
      assert.equal(queue.find((s) => s.id === pending.id)?.status, 'superseded');
    });

    it('转出 hands the domain to the gaining registrar and leaves a read-only record', async () => {
      await register('leave-me.cn');
      const gone = await world.registrar.transferOut({
        actor: OPERATOR,
        now: T,
        domain: 'leave-me.cn',
        input: { registrar: 'tencent' },
      });
      assert.equal(gone.status, 'transferred-out');
      assert.equal(gone.transferredTo?.id, 'tencent');
      const miit = await findDomainRegistration(world.database.kysely, 'leave-me.cn');
      assert.equal(miit?.registrar, '腾讯云计算（北京）有限责任公司');
      assert.equal(miit?.registrarIanaId, 1697);
      const readOnly = refusedWith('DOMAIN_TRANSFERRED_OUT');
      await assert.rejects(
        world.registrar.renewDomain({ actor: OPERATOR, now: T, domain: 'leave-me.cn', input: { years: 1 } }),
        readOnly,
      );
      await assert.rejects(
        world.registrar.changeHolder({
          actor: OPERATOR,
          now: T,
          domain: 'leave-me.cn',
          input: { holder: PERSON },
        }),
        readOnly,
      );
      await assert.rejects(
        world.registrar.transferOut({
          actor: OPERATOR,
          now: T,
          domain: 'leave-me.cn',
          input: { registrar: 'xinnet' },
        }),
        readOnly,
      );
      await assert.rejects(
        world.registrar.submitRealName({
          actor: OPERATOR,
          now: T,
          domain: 'leave-me.cn',
          input: { holder: COMPANY },
        }),
        readOnly,
      );
      await register('stay-here.cn');
      await assert.rejects(
        world.registrar.transferOut({
          actor: OPERATOR,
          now: T,
          domain: 'stay-here.cn',
          input: { registrar: 'aliyun' },
        }),
        refusedWith('VALIDATION_FAILED', 'registrar'),
      );
    });

    it('lets operators manage everything and applicants only read their own domains', async () => {
      await register('mine.cn', { account: 'li.lei' });
      await assert.rejects(
        world.registrar.registerDomain({
          actor: LI_LEI,
          now: T,
          input: { domain: 'own.cn', holder: COMPANY },
        }),
        refusedWith('FORBIDDEN'),
      );
      await assert.rejects(
        world.registrar.renewDomain({ actor: LI_LEI, now: T, domain: 'mine.cn', input: { years: 1 } }),
        refusedWith('FORBIDDEN'),
      );
      await assert.rejects(world.registrar.listDomains({ actor: REVIEWER }), refusedWith('FORBIDDEN'));
      await assert.rejects(world.registrar.listReports({ actor: LI_LEI }), refusedWith('FORBIDDEN'));
      const mine = await world.registrar.listDomains({ actor: LI_LEI });
      assert.ok(mine.length > 0 && mine.every((d) => d.account === 'li.lei'));
      assert.ok(mine.some((d) => d.domain.ascii === 'mine.cn'));
      await assert.rejects(
        world.registrar.getDomain({ actor: HAN_MEIMEI, domain: 'mine.cn' }),
        refusedWith('NOT_FOUND'),
      );
      const all = await world.registrar.listDomains({
        actor: OPERATOR,
        filter: { status: 'transferred-out' },
      });
      assert.deepEqual(
        all.map((d) => d.domain.ascii),
        ['leave-me.cn'],
      );
    });

    it('writes the registrar row, MIIT copy and audit event in one transaction', async () => {
      const db = world.database.kysely;
      if (world.database.dialect === 'sqlite') {
        await sql`create trigger audit_down before insert on audit_event begin select raise(abort, 'audit down'); end`.execute(
          db,
        );
      } else {
        await sql`create function audit_down() returns trigger language plpgsql as $$ begin raise exception 'audit down'; end $$`.execute(
          db,
        );
        await sql`create trigger audit_down before insert on audit_event for each row execute function audit_down()`.execute(
          db,
        );
      }
      try {
        await assert.rejects(register('atomic.cn'), /audit down/);
        await assert.rejects(
          world.registrar.renewDomain({ actor: OPERATOR, now: T, domain: 'mine.cn', input: { years: 1 } }),
          /audit down/,
        );
      } finally {
        await sql`drop trigger audit_down${world.database.dialect === 'sqlite' ? sql`` : sql` on audit_event`}`.execute(
          db,
        );
      }
      const row = await db
        .selectFrom('registrar_domain')
        .select('domain')
        .where('domain', '=', 'atomic.cn')
        .executeTakeFirst();
      assert.equal(row, undefined);
      assert.equal(await findDomainRegistration(db, 'atomic.cn'), null);
      const mine = await world.registrar.getDomain({ actor: OPERATOR, domain: 'mine.cn' });
      assert.equal(mine.domain.expiresAt, '2027-03-02T02:00:00.000Z');
      assert.equal((await findDomainRegistration(db, 'mine.cn'))?.expiresAt, '2027-03-02T02:00:00.000Z');
    });
  });
}
