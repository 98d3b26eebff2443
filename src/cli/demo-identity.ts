/**
 * The demo's 真实性核验 (issue 15): chen.jing's draft for 成都示例网络科技有限公司 whose two responsible
 * persons have each passed through a link, as an applicant and reviewers see it on
 * /applications/:id/identity and /review/:id, whatever BEIAN_IDENTITY_VERIFICATION says. Built by the
 * use cases themselves (create, save, issue, complete with the sandbox vendor), so it is what a real
 * walk through the pages leaves behind; the photos are 8x8 placeholders.
 */
import { randomBytes } from 'node:crypto';
import { createSandboxGateway } from '../miit/index.ts';
import type { PolicyData } from '../policy/index.ts';
import type { Database } from '../store/index.ts';
import {
  completeIdentityTask,
  createApplication,
  issueIdentityTask,
  listIdentityTasks,
  updateDraft,
} from '../workflow/index.ts';

const ID_PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAACXBIWXMAAAE6AAABOgHNmI2VAAAAIUlEQVQI12P8//8/AzbAxMDAsG/fvhcvXqBJMOLTMWASAFFZCvvvB1WqAAAAAElFTkSuQmCC',
  'base64',
);
const FACE_PHOTO = Buffer.from(
  '/9j/4AAQSkZJRgABAQEACAAIAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAIAAgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwD35VCg4zySeSTRRRQB/9k=',
  'base64',
);

/** The demo applicant whose draft carries the verification. */
export const DEMO_IDENTITY_ACCOUNT = 'chen.jing';

const person = (name: string, idNumber: string, mobile: string, email: string) => ({
  name,
  idType: 'resident-id',
  idNumber,
  mobile,
  emergencyPhone: '028-87654321',
  email,
});

const SUBJECT = {
  type: 'enterprise',
  idType: 'uscc',
  idNumber: '91510104MA6CGH8K3G',
  name: '成都示例网络科技有限公司',
  province: '510000',
  certificateAddress: '四川省成都市锦江区红星路三段 1 号',
  mailingAddress: '四川省成都市锦江区红星路三段 1 号 8 楼',
  responsiblePerson: person('陈静', '510104198805060025', '13800028001', 'chen.jing@example.cn'),
};

const WEBSITE = {
  name: '成都示例网络科技官网',
  domains: ['chengdu-demo.cn'],
  homeUrl: 'https://www.chengdu-demo.cn/',
  serviceContent: ['organisation-portal'],
  responsiblePerson: person('周强', '510104199001010019', '13800028002', 'zhou.qiang@example.cn'),
};

/** Creates the draft and passes each person's verification; returns the application's id. */
export async function loadDemoIdentity(database: Database, policy: PolicyData, now: Date): Promise<number> {
  // A MIIT sandbox only for the use cases' deps: nothing here reaches MIIT or sends a code.
  const gateway = createSandboxGateway({ database, policy, smsSecret: randomBytes(32).toString('hex') });
  const actor = { account: DEMO_IDENTITY_ACCOUNT, role: 'applicant' as const };
  const deps = { database, policy, gateway, now, actor, identity: { mode: 'off' as const } };
  const { application } = await createApplication({
    ...deps,
    input: {
      province: SUBJECT.province,
      subject: { type: SUBJECT.type, idType: SUBJECT.idType, idNumber: SUBJECT.idNumber, name: SUBJECT.name },
      domain: WEBSITE.domains[0],
    },
  });
  await updateDraft({
    ...deps,
    applicationId: application.id,
    form: { subject: SUBJECT, websites: [WEBSITE] },
  });
  const overview = await listIdentityTasks({ ...deps, applicationId: application.id, scope: 'own' });
  for (const p of overview.persons) {
    const issued = await issueIdentityTask({ ...deps, applicationId: application.id, personKey: p.key });
    await completeIdentityTask({
      database,
      now,
      identity: deps.identity,
      input: {
        token: issued.token,
        idPhoto: ID_PHOTO,
        facePhoto: FACE_PHOTO,
        declarations: overview.requirement?.declarations.map((d) => d.id) ?? [],
      },
    });
  }
  return application.id;
}
