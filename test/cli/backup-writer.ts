/**
 * The writer beside a backup (test/cli/backup-command.test.ts), in its own process as `beian serve`
 * would be: until its stdin closes, each round imports 20 new registrations (one transaction) and
 * uploads a document to the application, removing the oldest live one past 12, so uploads and
 * removals of files both race the backup. After each round's commits it prints
 * `ack <round> <epoch ms>`.
 *
 *   node --import tsx test/cli/backup-writer.ts DB_FILE DOCUMENTS_DIR APPLICATION_ID
 */
import { Readable } from 'node:stream';
import { createDocumentStore } from '../../src/documents/index.ts';
import { importRegistrations } from '../../src/imports/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { listDocuments, removeDocument, uploadDocument } from '../../src/workflow/index.ts';
import { pdf } from '../documents/samples.ts';
import { LI_LEI, T0, policy } from '../workflow/workflow-fixture.ts';
import { createSandboxGateway } from '../../src/miit/index.ts';

const [file, documentsDir, applicationArg] = process.argv.slice(2);
if (!file || !documentsDir || !applicationArg) throw new Error('usage: backup-writer DB DOCS APPLICATION_ID');
const applicationId = Number(applicationArg);
const LIVE_DOCUMENTS = 12;
const REGISTRATIONS_PER_ROUND = 20;

/** A registration line of `domain` (shape of demo/registrations.jsonl). */
const registration = (domain: string): string =>
  JSON.stringify({
    domain,
    registrar: '阿里云计算有限公司',
    registrarIanaId: 420,
    registeredAt: '2024-03-01T10:00:00+08:00',
    expiresAt: '2028-03-01T10:00:00+08:00',
  });

let stopping = false;
process.stdin.on('data', () => undefined);
process.stdin.on('end', () => (stopping = true));

const database = await openDatabase({ path: file });
const documents = createDocumentStore({ dir: documentsDir });
const gateway = createSandboxGateway({ database, policy, smsSecret: 'backup-writer-secret-0123456789' });
const deps = { database, policy, gateway, now: T0, documents, actor: LI_LEI };
for (let round = 1; !stopping; round += 1) {
  const lines = Array.from(
    { length: REGISTRATIONS_PER_ROUND },
    (_, i) => `${registration(`backup-${round}-${i}.cn`)}\n`,
  );
  const summary = await importRegistrations({ db: database, input: Readable.from(lines), format: 'jsonl' });
  if (summary.skipped > 0) throw new Error(JSON.stringify(summary.errors));
  await uploadDocument({
    ...deps,
    applicationId,
    input: { kind: 'other', fileName: `scan-${round}.pdf`, bytes: pdf(`writer round ${round}`) },
  });
  const live = await listDocuments({ ...deps, applicationId });
  if (live.length > LIVE_DOCUMENTS) {
    const oldest = [...live].sort((a, b) => a.id - b.id)[0];
    if (oldest) await removeDocument({ ...deps, applicationId, documentId: oldest.id });
  }
  process.stdout.write(`ack ${round} ${Date.now()}\n`);
}
await database.destroy();
