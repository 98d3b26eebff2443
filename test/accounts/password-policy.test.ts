/**
 * Issue 12, item 7: new passwords. Twelve equal characters were accepted; now common, repetitive and
 * sequential passwords and ones containing the login are refused wherever a password is set (the use
 * cases here; the pages and the CLI in their own tests), with zh/en messages naming the password.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AccountError,
  adminCreateAccount,
  adminSetPassword,
  authenticate,
  createAccount,
  passwordProblem,
  registerApplicant,
  setAccountPassword,
  WeakPasswordError,
} from '../../src/accounts/index.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../src/cli/demo-site.ts';
import { defaultDataDir } from '../../src/policy/index.ts';
import type { Database } from '../../src/store/index.ts';
import { PASSWORD } from '../support/app-fixture.ts';
import { testDialects } from '../support/databases.ts';

describe('password policy', () => {
  it('refuses repetitive, sequential and common passwords and ones containing the login', () => {
    const refused: [string, string | null, string][] = [
      ['a'.repeat(12), null, 'PASSWORD_REPETITIVE'],
      ['1'.repeat(20), null, 'PASSWORD_REPETITIVE'],
      ['abababababab', null, 'PASSWORD_REPETITIVE'],
      ['aaaaaaaaaaab', null, 'PASSWORD_REPETITIVE'],
      ['abcabcabcabc', null, 'PASSWORD_REPETITIVE'],
      ['passwordpassword', null, 'PASSWORD_REPETITIVE'],
      ['abcdefghijkl', null, 'PASSWORD_SEQUENCE'],
      ['ZYXWVUTSRQPO', null, 'PASSWORD_SEQUENCE'],
      ['123456789012', null, 'PASSWORD_SEQUENCE'],
      ['987654321098', null, 'PASSWORD_SEQUENCE'],
      ['qwertyuiop123', null, 'PASSWORD_COMMON'],
      ['QwertyUiop123', null, 'PASSWORD_COMMON'],
      ['1qaz2wsx3edc', null, 'PASSWORD_COMMON'],
      ['woaini1314520', null, 'PASSWORD_COMMON'],
      // A common password with a few digits or symbols added is still one.
      ['leavemealone2024!', null, 'PASSWORD_COMMON'],
      ['li.lei-secret-words', 'li.lei', 'PASSWORD_CONTAINS_LOGIN'],
      ['my lilei secret words', 'li.lei', 'PASSWORD_CONTAINS_LOGIN'],
      ['DEMO.ADMIN is my name', 'demo.admin', 'PASSWORD_CONTAINS_LOGIN'],
      ['zhang.wei.beijing', 'zhang.wei.beijing', 'PASSWORD_CONTAINS_LOGIN'],
    ];
    for (const [password, login, code] of refused) {
      const problem = passwordProblem(password, login);
      assert.equal(problem?.code, code, password);
      assert.match(problem?.message.zh ?? '', /密码/, password);
      assert.match(problem?.message.en ?? '', /password/i, password);
    }
  });

  it('accepts passphrases, the demo password for every demo login, and the fixtures’ password', () => {
    for (const login of DEMO_LOGINS.map((l) => l.login))
      assert.equal(passwordProblem(DEMO_PASSWORD, login), null, login);
    for (const password of [
      PASSWORD,
      'long enough secret',
      'a brand new passphrase',
      '这是一个足够长的中文密码短语',
      'Tr0ub4dor&3-horse',
      // Two characters of the login are too short to count as containing it.
      'li and lei walked home',
    ])
      assert.equal(passwordProblem(password, 'li'), null, password);
  });

  it('bundles its list with its sources, lower case, 12 characters or more', () => {
    const file = JSON.parse(
      readFileSync(join(defaultDataDir(), 'passwords/common-passwords.json'), 'utf8'),
    ) as {
      snapshotDate: string;
      sources: { title: string; url?: string }[];
      entries: string[];
    };
    assert.equal(file.snapshotDate, '2026-11-28');
    assert.ok(file.sources.length >= 2 && file.sources.every((s) => s.title.length > 0));
    assert.ok(file.entries.length > 300);
    for (const entry of file.entries) {
      assert.equal(entry, entry.toLowerCase());
      assert.ok([...entry].length >= 12, entry);
      assert.equal(passwordProblem(entry, null)?.code !== undefined, true, entry);
    }
  });
});

for (const dialect of testDialects()) {
  describe(`setting passwords refuses weak ones everywhere (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    const now = new Date('2026-11-28T04:00:00.000Z');
    const admin = { account: 'admin.user', role: 'admin' } as const;
    before(async () => {
      db = await dialect.open();
    });
    after(() => db?.destroy());

    const weak = (code: string) => (error: unknown) => {
      assert.ok(error instanceof WeakPasswordError, String(error));
      assert.ok(error instanceof AccountError);
      assert.equal(error.code, code);
      assert.match(error.messages.zh, /密码/);
      return true;
    };

    it('in registration, account creation (admin and CLI) and both password resets', async () => {
      await assert.rejects(
        registerApplicant({
          db,
          input: { login: 'wang.wu', displayName: '王五', password: 'a'.repeat(12) },
          now,
        }),
        weak('PASSWORD_REPETITIVE'),
      );
      await assert.rejects(
        adminCreateAccount({
          db,
          actor: admin,
          input: {
            login: 'zhao.liu',
            displayName: '赵六',
            role: 'provider-reviewer',
            password: 'zhao.liu-2026-spring',
          },
          now,
        }),
        weak('PASSWORD_CONTAINS_LOGIN'),
      );
      await assert.rejects(
        createAccount(
          db,
          { login: 'qian.qi', displayName: '钱七', role: 'admin', password: 'qwertyuiop123' },
          now,
        ),
        weak('PASSWORD_COMMON'),
      );
      const account = await createAccount(
        db,
        { login: 'sun.ba', displayName: '孙八', role: 'applicant', password: PASSWORD },
        now,
      );
      await assert.rejects(setAccountPassword(db, 'sun.ba', 'abcdefghijklmnop'), weak('PASSWORD_SEQUENCE'));
      await assert.rejects(
        adminSetPassword({ db, actor: admin, accountId: account.id, password: '1111111111111', now }),
        weak('PASSWORD_REPETITIVE'),
      );
      // Nothing was created or changed: the old password still signs in.
      const logins = await db.kysely.selectFrom('account').select('login').execute();
      assert.deepEqual(
        logins.map((row) => row.login),
        ['sun.ba'],
      );
      assert.ok(await authenticate(db, 'sun.ba', PASSWORD));
      const audit = await db.kysely.selectFrom('audit_event').select('action').execute();
      assert.deepEqual(audit, []);
    });
  });
}
