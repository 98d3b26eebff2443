import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DomainRegistration, RegistrySubject } from '../../src/facts/types.ts';
import { createFactsStore, openDatabase, writeTransaction } from '../../src/store/index.ts';
import type { Database } from '../../src/store/index.ts';
import { replaceSubject, upsertRegistrations } from '../../src/store/facts-writer.ts';
import { testDialects } from '../support/databases.ts';

const NOW = '2026-11-28T04:00:00.000Z';

export const REGISTRATION: DomainRegistration = {
  domain: 'beian-demo.cn',
  registrar: '阿里云计算有限公司',
  registrarIanaId: 420,
  registeredAt: '2019-12-31T16:00:00.000Z',
  expiresAt: '2026-12-31T16:00:00.000Z',
  realName: {
    status: 'verified',
    verifiedAt: '2020-01-02T02:00:00.000Z',
    reportedAt: null,
    holder: {
      name: '北京某某科技有限公司',
      type: 'enterprise',
      idType: 'uscc',
      idNumber: '91110105MA01ABCDEX',
    },
  },
  origin: 'import',
};

const BARE: DomainRegistration = {
  domain: 'xn--fsqu00a.xn--fiqs8s',
  registrar: 'GoDaddy.com, LLC',
  registrarIanaId: null,
  registeredAt: null,
  expiresAt: '2028-06-30T12:00:00.000Z',
  realName: { status: 'none', verifiedAt: null, reportedAt: null, holder: null },
  origin: 'miit-sandbox',
};

const FILED: RegistrySubject = {
  subjectNumber: '京ICP备2021000001号',
  province: '110000',
  subject: {
    name: '北京某某科技有限公司',
    type: 'enterprise',
    idType: 'uscc',
    idNumber: '91110105MA01ABCDEX',
  },
  provider: 'other',
  account: null,
  state: 'filed',
  websites: [
    {
      number: '京ICP备2021000001号-1',
      domains: ['beian-demo.cn', 'beian-demo3.cn'],
      providers: ['other'],
      approvedAt: '2017-05-10T02:00:00.000Z',
    },
    {
      number: '京ICP备2021000001号-2',
      domains: ['beian-demo2.cn'],
      providers: ['self', 'other'],
      approvedAt: null,
    },
  ],
};

const IN_PROGRESS: RegistrySubject = {
  subjectNumber: null,
  province: '330000',
  // No subject type: Identity.type is optional and must come back absent, not undefined.
  subject: { name: '杭州某某网络有限公司', idType: 'uscc', idNumber: '91330100MA2XXXXXXX' },
  provider: 'self',
  account: 'acct-2',
  state: 'in-progress',
  websites: [
    { number: null, domains: ['beian-demo2.cn', 'shop-demo.com'], providers: ['self'], approvedAt: null },
  ],
};

for (const dialect of testDialects()) {
  describe(`facts store (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    before(async () => {
      db = await dialect.open();
      await upsertRegistrations(db.kysely, [REGISTRATION, BARE], NOW);
      await replaceSubject(db.kysely, FILED, [], NOW);
      await replaceSubject(db.kysely, IN_PROGRESS, [], NOW);
    });
    after(() => db?.destroy());

    it('round-trips a registration with and without a holder', async () => {
      const facts = await createFactsStore(db).domainFacts(['beian-demo.cn', 'xn--fsqu00a.xn--fiqs8s']);
      assert.deepEqual(facts.get('beian-demo.cn')?.registration, REGISTRATION);
      assert.deepEqual(facts.get('xn--fsqu00a.xn--fiqs8s'), {
        registration: BARE,
        filing: null,
        inProgress: [],
      });
    });

    it('finds the filed website carrying a domain, with its whole subject', async () => {
      const facts = (await createFactsStore(db).domainFacts(['beian-demo3.cn'])).get('beian-demo3.cn');
      assert.equal(facts?.registration, null);
      assert.deepEqual(facts?.filing, { subject: FILED, website: FILED.websites[0] });
      assert.deepEqual(facts?.inProgress, []);
    });

    it('reports applications in progress beside the filing', async () => {
      const facts = await createFactsStore(db).domainFacts(['beian-demo2.cn', 'shop-demo.com']);
      assert.deepEqual(facts.get('beian-demo2.cn')?.filing?.website, FILED.websites[1]);
      assert.deepEqual(facts.get('beian-demo2.cn')?.inProgress, [
        { subject: IN_PROGRESS, website: IN_PROGRESS.websites[0] },
      ]);
      assert.deepEqual(facts.get('shop-demo.com'), {
        registration: null,
        filing: null,
        inProgress: [{ subject: IN_PROGRESS, website: IN_PROGRESS.websites[0] }],
      });
    });

    it('leaves unknown domains out of the map', async () => {
      const facts = await createFactsStore(db).domainFacts(['nobody-knows.cn', 'beian-demo.cn']);
      assert.equal(facts.has('nobody-knows.cn'), false);
      assert.equal(facts.size, 1);
      assert.deepEqual(await createFactsStore(db).domainFacts([]), new Map());
    });

    it('finds filed subjects by certificate number, case-insensitively, not applications in progress', async () => {
      const store = createFactsStore(db);
      const filings = await store.subjectFilings(['91110105ma01abcdex', '91330100MA2XXXXXXX', 'UNKNOWN']);
      assert.deepEqual([...filings.keys()], ['91110105MA01ABCDEX']);
      assert.deepEqual(filings.get('91110105MA01ABCDEX'), [FILED]);
    });

    it('looks up more domains than one query chunk holds', async () => {
      const many = Array.from({ length: 1_234 }, (_, index) => `bulk-${index}.cn`);
      const registrations = many.map((domain) => ({ ...BARE, domain }));
      await upsertRegistrations(db.kysely, registrations, NOW);
      const facts = await createFactsStore(db).domainFacts([...many, 'beian-demo.cn', ...many.slice(0, 10)]);
      assert.equal(facts.size, 1_235);
      assert.deepEqual(facts.get('bulk-1233.cn')?.registration, { ...BARE, domain: 'bulk-1233.cn' });
    });

    it('upserts a registration by domain', async () => {
      const changed = {
        ...REGISTRATION,
        registrar: '新网',
        realName: { ...REGISTRATION.realName, reportedAt: NOW },
      };
      await upsertRegistrations(db.kysely, [changed], NOW);
      const facts = await createFactsStore(db).domainFacts(['beian-demo.cn']);
      assert.deepEqual(facts.get('beian-demo.cn')?.registration, changed);
      await upsertRegistrations(db.kysely, [REGISTRATION], NOW);
    });
  });
}

// Issue 14: each facts call reads in one snapshot (src/store/transaction.ts readSnapshot).
for (const dialect of testDialects()) {
  describe(`facts store reads in a snapshot (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    before(async () => {
      db = await dialect.open();
    });
    after(async () => {
      await db?.destroy();
    });

    it('answers inside a write transaction and sees its uncommitted rows', async () => {
      const domain = 'snapshot-inside.cn';
      await writeTransaction(db, async (tx) => {
        await upsertRegistrations(tx, [{ ...REGISTRATION, domain }], NOW);
        const facts = createFactsStore({ kysely: tx, dialect: db.dialect, destroy: () => Promise.resolve() });
        const found = await facts.domainFacts([domain]);
        assert.equal(found.get(domain)?.registration?.domain, domain);
      });
    });
  });
}

describe('facts store beside a writer on the same SQLite file', () => {
  let dir: string;
  let server: Database;
  let importer: Database;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'beian-facts-snapshot-'));
    server = await openDatabase({ path: join(dir, 'beian.db') });
    importer = await openDatabase({ path: join(dir, 'beian.db') });
    await upsertRegistrations(server.kysely, [REGISTRATION], NOW);
  });
  after(async () => {
    await importer?.destroy();
    await server?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the committed rows at once while another process holds the write lock', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked = () => {};
    const hasLock = new Promise<void>((resolve) => (locked = resolve));
    const writing = writeTransaction(importer, async (tx) => {
      await upsertRegistrations(tx, [{ ...REGISTRATION, domain: 'not-yet-committed.cn' }], NOW);
      locked();
      await held;
    });
    await hasLock;
    // A read that took the write lock would wait for the importer (busy_timeout, 30 s) and then fail.
    const started = Date.now();
    const found = await createFactsStore(server).domainFacts([REGISTRATION.domain, 'not-yet-committed.cn']);
    const waited = Date.now() - started;
    release();
    await writing;
    assert.equal(found.get(REGISTRATION.domain)?.registration?.domain, REGISTRATION.domain);
    assert.equal(found.has('not-yet-committed.cn'), false);
    assert.ok(waited < 4000, `waited ${waited} ms`);
  });
});
