/** Accounts: scrypt password hashes, login checks, and the `beian accounts` command. */
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { authenticate, createAccount, findAccount } from '../../src/accounts/accounts.ts';
import { hashPassword, verifyPassword } from '../../src/accounts/passwords.ts';
import { runAccounts } from '../../src/cli/accounts-command.ts';
import type { CliEnv } from '../../src/cli/cli-env.ts';
import { UsageError, createCliEnv } from '../../src/cli/cli-env.ts';
import type { Database } from '../../src/store/index.ts';
import { TEST_PASSWORD_COST } from '../support/app-fixture.ts';
import { testDialects } from '../support/databases.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

describe('password hashes', () => {
  it('are scrypt N=2^15 r=8 p=1 with a 16-byte salt, stored with their parameters', async () => {
    const hash = await hashPassword('a passphrase 密码');
    const [scheme, n, r, p, salt] = hash.split('$');
    assert.deepEqual([scheme, n, r, p], ['scrypt', '32768', '8', '1']);
    assert.equal(Buffer.from(salt as string, 'base64url').length, 16);
    assert.notEqual(hash, await hashPassword('a passphrase 密码'), 'fresh salt');
    assert.equal(await verifyPassword('a passphrase 密码', hash), true);
    assert.equal(await verifyPassword('a passphrase', hash), false);
  });

  it('take a cost, which the hash carries, so a cheap test hash and a production one both verify', async () => {
    const cheap = await hashPassword('a passphrase 密码', TEST_PASSWORD_COST);
    assert.match(cheap, /^scrypt\$2\$1\$1\$/);
    assert.equal(await verifyPassword('a passphrase 密码', cheap), true);
    assert.equal(await verifyPassword('a passphrase', cheap), false);
    await assert.rejects(hashPassword('x', { N: 3, r: 8, p: 1 }), RangeError, 'N must be a power of two');
    await assert.rejects(hashPassword('x', { N: 2 ** 21, r: 8, p: 1 }), RangeError, 'beyond what verifies');
  });

  it('reject malformed or hostile stored hashes without throwing', async () => {
    for (const stored of [
      '',
      'md5$x',
      'scrypt$1048577$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA',
      'scrypt$3$8$1$a$b',
    ]) {
      assert.equal(await verifyPassword('x', stored), false, stored);
    }
  });
});

for (const dialect of testDialects()) {
  describe(`accounts (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let cli: CliEnv;
    let stdout: Capture;
    before(async () => {
      db = await dialect.open();
      stdout = new Capture();
      cli = Object.assign(createCliEnv({ stdout, stderr: new Capture(), lang: 'en' }), {
        database: () => Promise.resolve(db),
      });
    });
    after(() => db.destroy());

    const run = (args: string[], values: Record<string, unknown> = {}, input = '') =>
      runAccounts(cli, values, args, Readable.from([input]));

    it('creates an account from stdin, never printing the password', async () => {
      stdout.text = '';
      const code = await run(
        ['create', 'Wang.Wu'],
        { role: 'provider-reviewer', 'password-stdin': true },
        'long enough secret\n',
      );
      assert.equal(code, 0);
      assert.equal(stdout.text, 'wang.wu\tprovider-reviewer\tactive\tWang.Wu\n');
      assert.ok(
        await authenticate(db, 'WANG.WU', 'long enough secret'),
        'trailing newline dropped, login folded',
      );
      assert.equal(await authenticate(db, 'wang.wu', 'long enough secret\n'), null);
    });

    it('refuses a duplicate, a short password, a missing role or --password-stdin, an unknown role', async () => {
      const attempts: [string[], Record<string, unknown>, string, RegExp][] = [
        [
          ['create', 'wang.wu'],
          { role: 'admin', 'password-stdin': true },
          'long enough secret',
          /already exists/,
        ],
        [['create', 'zhao.liu'], { role: 'admin', 'password-stdin': true }, 'short', /password \(stdin\)/],
        [['create', 'zhao.liu'], { 'password-stdin': true }, 'long enough secret', /--role is missing/],
        [['create', 'zhao.liu'], { role: 'admin' }, 'long enough secret', /--password-stdin/],
        [['create', 'zhao.liu'], { role: 'king', 'password-stdin': true }, 'long enough secret', /--role/],
        [['create', 'bad name!'], { role: 'admin', 'password-stdin': true }, 'long enough secret', /LOGIN/],
        [['frobnicate'], {}, '', /unknown subcommand/],
        // Issue 12: weak passwords are refused by the CLI too, in words.
        [['create', 'zhao.liu'], { role: 'admin', 'password-stdin': true }, 'z'.repeat(12), /repeats/],
        [['set-password', 'wang.wu'], { 'password-stdin': true }, 'wang.wu secret', /login name/],
      ];
      for (const [args, values, input, message] of attempts) {
        await assert.rejects(run(args, values, input), (error: unknown) => {
          assert.ok(error instanceof UsageError);
          assert.match(error.messages.en, message);
          assert.doesNotMatch(error.messages.en, /long enough secret/);
          return true;
        });
      }
      assert.equal(await findAccount(db, 'zhao.liu'), null);
    });

    it('disables, enables, changes the password and lists', async () => {
      await createAccount(
        db,
        { login: 'li.lei', displayName: '李雷', role: 'applicant', password: 'first password' },
        new Date(),
      );
      assert.equal(await run(['disable', 'li.lei']), 0);
      assert.equal(await authenticate(db, 'li.lei', 'first password'), null);
      assert.equal(await run(['enable', 'li.lei']), 0);
      assert.equal(await run(['set-password', 'li.lei'], { 'password-stdin': true }, 'second password'), 0);
      assert.equal(await authenticate(db, 'li.lei', 'first password'), null);
      assert.ok(await authenticate(db, 'li.lei', 'second password'));
      stdout.text = '';
      assert.equal(await run(['list'], { json: true }), 0);
      const listed = JSON.parse(stdout.text) as { login: string; disabled: boolean }[];
      assert.deepEqual(
        listed.map((a) => a.login),
        ['wang.wu', 'li.lei'],
      );
      assert.ok(!stdout.text.includes('scrypt'), 'no hashes in the listing');
      await assert.rejects(run(['disable', 'nobody']), /no account nobody/);
    });
  });
}
