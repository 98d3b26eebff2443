/**
 * 变更主体 (issue 15): a filed subject's data change through 初审, the 主体负责人's SMS and the bureau,
 * numbers kept; a name change needs the 更名函; the certificate never changes through it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDocumentStore } from '../../src/documents/index.ts';
import type { DocumentStore } from '../../src/documents/index.ts';
import {
  bureauReview,
  changeSubject,
  myFilings,
  providerReview,
  readFiledSubject,
  submitSubjectChange,
  uploadDocument,
  verifySms,
  withdrawApplication,
} from '../../src/workflow/index.ts';
import { pdf } from '../documents/samples.ts';
import { testDialects } from '../support/databases.ts';
import { refusal } from './filing-steps.ts';
import {
  actor,
  at,
  auditTrail,
  BUREAU,
  HOUR,
  openWorld,
  REVIEWER,
  S1,
  smsCode,
  type World,
} from './workflow-fixture.ts';

const OWNER = actor('chen.owner');
const NEW_PRINCIPAL_PHONE = '13700137000';

/** The subject as a change gives it: S1's certificate, with a new mailing address and principal phone. */
const changed = (overrides: Record<string, unknown> = {}) => ({
  ...S1,
  mailingAddress: '浙江省杭州市西湖区文三路 200 号 8 楼 801 室',
  responsiblePerson: { ...S1.responsiblePerson, mobile: NEW_PRINCIPAL_PHONE },
  ...overrides,
});

const fieldCodes = (error: unknown): string[][] =>
  ((error as { fields?: { path: string; code: string }[] }).fields ?? []).map((f) => [f.path, f.code]);

for (const dialect of testDialects()) {
  describe(`变更主体 (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    let root: string;
    let store: DocumentStore;
    let subjectNumber = '';
    let websiteNumbers: string[] = [];
    before(async () => {
      world = await openWorld(() => dialect.open());
      root = mkdtempSync(join(tmpdir(), 'beian-subject-change-'));
      store = createDocumentStore({ dir: join(root, 'documents'), maxBytes: 64 * 1024 });
      const issued = await world.gateway.issueNumbers({
        approvedAt: new Date('2024-03-01T04:00:00.000Z'),
        province: '浙江',
        account: OWNER.account,
        subject: {
          subjectNumber: null,
          name: S1.name,
          nature: 'enterprise',
          idType: 'uscc',
          idNumber: S1.idNumber,
        },
        websites: [
          { name: '示例科技官方网站', domains: ['demo-ok.cn'], homeUrl: 'https://www.demo-ok.cn/' },
          { name: '示例科技博客', domains: ['demo-blog.cn'], homeUrl: 'https://www.demo-blog.cn/' },
        ],
      });
      subjectNumber = issued.subjectNumber;
      websiteNumbers = issued.websites.map((w) => w.number);
    });
    after(async () => {
      await world?.database.destroy();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    const deps = (ms: number) => ({ ...world.deps(at(ms)), actor: OWNER, documents: store });

    /** 初审 → SMS (the principal of the change) → 管局, each an hour apart from `from`. */
    async function approve(applicationId: number, from: number, phone: string) {
      await providerReview({
        ...world.deps(at(from)),
        actor: REVIEWER,
        applicationId,
        decision: { decision: 'approve' },
      });
      const code = await smsCode(world, applicationId, phone);
      const verified = await verifySms({ ...deps(from + HOUR), applicationId, input: { phone, code } });
      assert.equal(verified.application.status, 'bureau-review');
      return bureauReview({
        ...world.deps(at(from + 2 * HOUR)),
        actor: BUREAU,
        applicationId,
        decision: { decision: 'approve' },
      });
    }

    it('refuses another certificate, another account, and a change that changes nothing', async () => {
      await assert.rejects(
        changeSubject({ ...deps(0), subjectNumber, input: changed({ idNumber: '91110108MA01AB2C3T' }) }),
        (error) => {
          assert.ok(refusal('VALIDATION_FAILED')(error));
          assert.deepEqual(fieldCodes(error), [['subject.idNumber', 'SUBJECT_CHANGE_FIXED']]);
          return true;
        },
      );
      await assert.rejects(
        changeSubject({ ...deps(0), subjectNumber, input: changed({ province: '北京' }) }),
        (error) => {
          assert.deepEqual(fieldCodes(error), [['subject.province', 'SUBJECT_CHANGE_FIXED']]);
          return true;
        },
      );
      await assert.rejects(
        changeSubject({
          ...world.deps(at(0)),
          actor: actor('someone.else'),
          subjectNumber,
          input: changed(),
        }),
        refusal('NOT_FOUND'),
      );
      await assert.rejects(
        changeSubject({ ...world.deps(at(0)), actor: REVIEWER, subjectNumber, input: changed() }),
        refusal('FORBIDDEN'),
      );
    });

    it('takes a change of contacts through review, SMS to its principal and the bureau, numbers kept', async () => {
      const draft = await changeSubject({ ...deps(0), subjectNumber, input: changed() });
      assert.equal(draft.status, 'draft');
      assert.equal(draft.changeKind, 'subject');
      assert.equal(draft.changeOf, subjectNumber);
      const submitted = await submitSubjectChange({ ...deps(HOUR), applicationId: draft.id });
      assert.equal(submitted.status, 'provider-review');
      // One application in flight per subject: a second change waits.
      await assert.rejects(
        changeSubject({ ...deps(HOUR), subjectNumber, input: changed({ remarks: '另一项变更' }) }),
        refusal('SUBJECT_HAS_ACTIVE_APPLICATION'),
      );
      const approved = await approve(draft.id, 2 * HOUR, NEW_PRINCIPAL_PHONE);
      assert.equal(approved.application.status, 'approved');
      assert.equal(approved.subjectNumber, subjectNumber);
      assert.deepEqual(approved.websites, []);
      const [mine] = await myFilings(deps(5 * HOUR));
      assert.equal(mine?.subjectNumber, subjectNumber);
      assert.deepEqual(
        mine?.websites.map((w) => w.number),
        websiteNumbers,
      );
      const filed = await readFiledSubject({ ...deps(5 * HOUR), subjectNumber });
      assert.equal(filed.name, S1.name);
      assert.equal(filed.details?.mailingAddress, '浙江省杭州市西湖区文三路 200 号 8 楼 801 室');
      assert.equal((filed.details?.responsiblePerson as { mobile: string }).mobile, NEW_PRINCIPAL_PHONE);
      const trail = await auditTrail(world, draft.id);
      assert.deepEqual(
        trail.map((e) => `${e.action}:${e.to}`),
        [
          'application.create-subject-change:draft',
          'application.transition:provider-review',
          'application.transition:awaiting-sms',
          'application.transition:bureau-review',
          'filing.subject-changed:null',
          'application.transition:approved',
        ],
      );
      // The same data again is no change.
      await assert.rejects(changeSubject({ ...deps(6 * HOUR), subjectNumber, input: changed() }), (error) => {
        assert.deepEqual(fieldCodes(error), [['subject', 'SUBJECT_CHANGE_NOTHING']]);
        return true;
      });
    });

    it('refuses a name change without the 更名函 and takes it with one', async () => {
      const newName = '杭州示例数字科技有限公司';
      const draft = await changeSubject({
        ...deps(10 * HOUR),
        subjectNumber,
        input: changed({ name: newName }),
      });
      await assert.rejects(submitSubjectChange({ ...deps(10 * HOUR), applicationId: draft.id }), (error) => {
        assert.ok(refusal('VALIDATION_FAILED')(error));
        assert.deepEqual(fieldCodes(error), [['documents', 'NAME_CHANGE_LETTER_REQUIRED']]);
        return true;
      });
      // Another kind of document is not the letter.
      await uploadDocument({
        ...deps(10 * HOUR),
        applicationId: draft.id,
        input: { kind: 'other', fileName: 'notice.pdf', bytes: pdf('other') },
      });
      await assert.rejects(
        submitSubjectChange({ ...deps(10 * HOUR), applicationId: draft.id }),
        refusal('VALIDATION_FAILED'),
      );
      await uploadDocument({
        ...deps(10 * HOUR),
        applicationId: draft.id,
        input: { kind: 'name-change-letter', fileName: '更名函.pdf', bytes: pdf('letter') },
      });
      await submitSubjectChange({ ...deps(11 * HOUR), applicationId: draft.id });
      const approved = await approve(draft.id, 12 * HOUR, NEW_PRINCIPAL_PHONE);
      assert.equal(approved.subjectNumber, subjectNumber);
      const [record] = await world.gateway.publicQuery({ by: 'number', number: websiteNumbers[0] ?? '' });
      assert.equal(record?.subjectName, newName);
      assert.equal(record?.websiteNumber ?? websiteNumbers[0], websiteNumbers[0]);
      const changedEvent = await world.database.kysely
        .selectFrom('audit_event')
        .select(['data', 'target'])
        .where('action', '=', 'filing.subject-changed')
        .where('application_id', '=', draft.id)
        .executeTakeFirstOrThrow();
      assert.equal(changedEvent.target, `subject:${subjectNumber}`);
      assert.deepEqual(JSON.parse(String(changedEvent.data)), {
        number: subjectNumber,
        previousName: S1.name,
        name: newName,
        applicationId: draft.id,
      });
    });

    it('lets a withdrawn change go without touching the filed subject', async () => {
      const draft = await changeSubject({
        ...deps(20 * HOUR),
        subjectNumber,
        input: changed({ name: '杭州示例云科技有限公司', remarks: '撤回测试' }),
      });
      await withdrawApplication({ ...deps(20 * HOUR), applicationId: draft.id });
      const filed = await readFiledSubject({ ...deps(21 * HOUR), subjectNumber });
      assert.equal(filed.name, '杭州示例数字科技有限公司');
      assert.equal(filed.details?.remarks, undefined);
    });
  });
}
