/** Each role × each workflow use case: refused (FORBIDDEN) exactly when the permission table says no. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocumentStore } from '../../src/documents/index.ts';
import type { Action } from '../../src/filing/roles.ts';
import { can, ROLES } from '../../src/filing/roles.ts';
import type { ActorDeps } from '../../src/workflow/index.ts';
import {
  addDomain,
  addWebsite,
  bureauReview,
  cancelAccess,
  cancelSubject,
  cancelWebsite,
  changeWebsite,
  createApplication,
  providerReview,
  myFilings,
  applicationTimeline,
  listApplications,
  readApplication,
  releaseSquattedHold,
  reviewQueue,
  removeDocument,
  removeShellWebsite,
  resendSms,
  saveDraftPart,
  uploadDocument,
  verifyDraft,
  submitApplication,
  updateDraft,
  verifySms,
  withdrawApplication,
  WorkflowError,
} from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import { openWorld, type World } from './workflow-fixture.ts';

/** Nothing is ever written here: every call is refused before the bytes are stored. */
const documents = createDocumentStore({ dir: join(tmpdir(), `beian-matrix-${process.pid}`) });

/** Ids that exist nowhere: a permitted call fails later (NOT_FOUND…) and changes nothing. */
const app = { applicationId: 999_999 };
const site = { websiteNumber: '京ICP备0000000000号-9' };

const USE_CASES: [string, Action, (d: ActorDeps) => Promise<unknown>][] = [
  ['createApplication', 'application.create', (d) => createApplication({ ...d, input: {} })],
  ['updateDraft', 'application.update-own', (d) => updateDraft({ ...d, ...app, form: {} })],
  [
    'saveDraftPart',
    'application.update-own',
    (d) => saveDraftPart({ ...d, ...app, part: 'subject', values: {} }),
  ],
  ['verifyDraft', 'application.read-own', (d) => verifyDraft({ ...d, ...app })],
  [
    'uploadDocument',
    'document.upload-own',
    (d) =>
      uploadDocument({
        ...d,
        documents,
        ...app,
        input: { kind: 'other', fileName: 'a.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
      }),
  ],
  ['removeDocument', 'document.upload-own', (d) => removeDocument({ ...d, ...app, documentId: 1 })],
  [
    'addDomain',
    'application.update-own',
    (d) => addDomain({ ...d, ...app, input: { website: 0, domain: 'a.cn' } }),
  ],
  ['addWebsite', 'application.update-own', (d) => addWebsite({ ...d, ...app, input: { domain: 'a.cn' } })],
  ['submitApplication', 'application.submit-own', (d) => submitApplication({ ...d, ...app })],
  ['withdrawApplication', 'application.withdraw-own', (d) => withdrawApplication({ ...d, ...app })],
  [
    'releaseSquattedHold',
    'application.release-hold',
    (d) => releaseSquattedHold({ ...d, ...app, reason: 'squatted' }),
  ],
  [
    'providerReview',
    'provider-review.decide',
    (d) => providerReview({ ...d, ...app, decision: { decision: 'approve' } }),
  ],
  [
    'verifySms',
    'sms.verify-own',
    (d) => verifySms({ ...d, ...app, input: { phone: '13800138000', code: '1' } }),
  ],
  ['resendSms', 'sms.verify-own', (d) => resendSms({ ...d, ...app, input: { phone: '13800138000' } })],
  [
    'bureauReview',
    'bureau-review.decide',
    (d) => bureauReview({ ...d, ...app, decision: { decision: 'approve' } }),
  ],
  ['changeWebsite', 'filing.change-own', (d) => changeWebsite({ ...d, ...site, input: {} })],
  ['cancelWebsite', 'filing.cancel-own', (d) => cancelWebsite({ ...d, ...site })],
  [
    'cancelSubject',
    'filing.cancel-own',
    (d) => cancelSubject({ ...d, subjectNumber: '京ICP备0000000000号' }),
  ],
  ['cancelAccess', 'filing.cancel-own', (d) => cancelAccess({ ...d, ...site })],
  ['myFilings', 'filing.read-own', (d) => myFilings(d)],
  ['readApplication own', 'application.read-own', (d) => readApplication({ ...d, ...app, scope: 'own' })],
  ['readApplication any', 'application.read-any', (d) => readApplication({ ...d, ...app, scope: 'any' })],
  ['listApplications own', 'application.read-own', (d) => listApplications({ ...d, scope: 'own', limit: 1 })],
  ['listApplications any', 'application.read-any', (d) => listApplications({ ...d, scope: 'any', limit: 1 })],
  ['applicationTimeline', 'application.read-own', (d) => applicationTimeline({ ...d, ...app, scope: 'own' })],
  [
    'reviewQueue provider',
    'provider-review.decide',
    (d) => reviewQueue({ ...d, status: 'provider-review', limit: 1, offset: 0 }),
  ],
  [
    'reviewQueue bureau',
    'bureau-review.decide',
    (d) => reviewQueue({ ...d, status: 'bureau-review', limit: 1, offset: 0 }),
  ],
  ['removeShellWebsite', 'bureau-review.decide', (d) => removeShellWebsite({ ...d, ...site })],
];

for (const dialect of testDialects()) {
  describe(`workflow permission matrix (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    before(async () => {
      world = await openWorld(() => dialect.open());
    });
    after(() => world?.database.destroy());

    for (const role of ROLES) {
      it(`${role}: refused exactly where can() says no`, async () => {
        const d = { ...world.deps(), actor: { account: `matrix.${role}`, role } };
        const outcomes: string[] = [];
        for (const [name, action, call] of USE_CASES) {
          const code = await call(d).then(
            () => 'OK',
            (error: unknown) => (error instanceof WorkflowError ? error.code : `THROWN ${String(error)}`),
          );
          assert.ok(!code.startsWith('THROWN'), `${role} × ${name}: ${code}`);
          outcomes.push(`${name}: ${can(role, action) === (code !== 'FORBIDDEN') ? 'as table' : code}`);
        }
        assert.deepEqual(
          outcomes,
          USE_CASES.map(([name]) => `${name}: as table`),
        );
      });
    }
  });
}
