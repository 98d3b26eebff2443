import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { filingLineSchema, registrationLineSchema } from '../../src/facts/import-schemas.ts';
import { createMemoryFacts } from '../../src/facts/memory-facts.ts';
import type { FactsSource } from '../../src/facts/types.ts';
import { createFactsStore } from '../../src/store/index.ts';
import type { Database } from '../../src/store/index.ts';
import { importFilings } from '../../src/imports/index.ts';
import { importRegistrations } from '../../src/imports/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import { testDialects } from '../support/databases.ts';

const policy = loadPolicy();

const FIXTURES = new URL('../fixtures/import/', import.meta.url);

/** The fixture's objects, parsed the way the importer parses them. */
function parsed<T>(file: string, schema: { parse(value: unknown): T }): T[] {
  return readFileSync(new URL(file, FIXTURES), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => schema.parse(JSON.parse(line)));
}

const DOMAINS = [
  'beian-demo.cn',
  'xn--fsqu00a.xn--fiqs8s',
  'beian-demo2.cn',
  'zhangsan-blog.cn',
  'shop-demo.com',
  'nobody-knows.cn',
];
const ID_NUMBERS = ['91110105ma01abcdex', '44010619900101123X', '91330100MA2XXXXXXX', 'UNKNOWN'];

for (const dialect of testDialects()) {
  describe(`memory facts answer as the store does (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let store: FactsSource;
    const memory = createMemoryFacts({
      registrations: parsed('registrations.jsonl', registrationLineSchema),
      subjects: parsed('filings.jsonl', filingLineSchema(policy)),
    });
    before(async () => {
      db = await dialect.open();
      const input = (file: string) => createReadStream(new URL(file, FIXTURES));
      await importRegistrations({ db, input: input('registrations.jsonl'), format: 'jsonl' });
      await importFilings({ db, policy, input: input('filings.jsonl'), format: 'jsonl' });
      store = createFactsStore(db);
    });
    after(() => db?.destroy());

    it('domainFacts', async () => {
      assert.deepEqual(await memory.domainFacts(DOMAINS), await store.domainFacts(DOMAINS));
      assert.equal((await memory.domainFacts(DOMAINS)).size, 5);
    });

    it('subjectFilings', async () => {
      assert.deepEqual(await memory.subjectFilings(ID_NUMBERS), await store.subjectFilings(ID_NUMBERS));
      assert.equal((await memory.subjectFilings(ID_NUMBERS)).size, 2);
    });
  });
}
