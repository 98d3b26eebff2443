/**
 * One server for `npm run bench:http`: the app `beian serve` runs (createWebApp over the same
 * database, policy, sandboxes and document store, on @hono/node-server via startServer), with one
 * difference: the per-address rate limits are lifted, since every benchmark request comes from
 * 127.0.0.1 and the precheck limit (60 a minute) would otherwise be what is measured.
 * Prints the URL it listens on; runs until killed.
 *
 *   node --import tsx bench/http-instance.ts DB_FILE_OR_POSTGRES_URL DOCUMENTS_DIR
 */
import { startServer } from '../src/cli/serve-command.ts';
import { createSandboxGateway } from '../src/miit/index.ts';
import { loadPolicy } from '../src/policy/index.ts';
import { createRegistrarSandbox } from '../src/registrar/index.ts';
import { createFactsStore, openDatabase } from '../src/store/index.ts';
import { createWebApp } from '../src/web/index.ts';

const [location, documentsDir] = process.argv.slice(2);
if (!location || !documentsDir) throw new Error('usage: http-instance DB DOCUMENTS_DIR');
const database = await openDatabase({ path: location });
const policy = loadPolicy();
const credentialKey = 'bench-credential-key-0123456789abcdef';
const gateway = createSandboxGateway({ database, policy, smsSecret: `${credentialKey}-sms` });
const unlimited = { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 };
const app = createWebApp({
  db: database,
  policy,
  facts: createFactsStore(database),
  secrets: { credentialKey },
  publicUrl: 'http://127.0.0.1',
  gateway,
  registrar: createRegistrarSandbox({ database, policy, verifyUrl: 'http://127.0.0.1/certificates/verify' }),
  documentsDir,
  rateLimits: { login: unlimited, precheck: unlimited, certificateVerify: unlimited },
});
const server = await startServer(app, { port: 0, host: '127.0.0.1' });
process.stdout.write(`${server.url}\n`);
// Exit through process.exit so that `--cpu-prof` writes its profile when the bench stops us.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
