/**
 * Applications moved along by the workflow's use cases (not the browser), so pages that show a queue
 * have something in it: the screenshot and accessibility tests look at pages, the first-filing test
 * walks the flow itself.
 */
import type { Actor } from '../../src/workflow/index.ts';
import {
  createApplication,
  providerReview,
  submitApplication,
  updateDraft,
  verifySms,
} from '../../src/workflow/index.ts';
import type { DemoSite } from './harness.ts';
import type { Newcomer, Person } from './newcomer.ts';

const person = (p: Person) => ({ ...p, idType: 'resident-id' });

export type SeedTarget = 'draft' | 'provider-review' | 'bureau-review';

/**
 * The newcomer's first website filed as an application by its login, taken to `until`: saved as a draft,
 * submitted (the provider's queue), or past the provider and SMS verification (the bureau's queue).
 */
export async function seedApplication(
  site: DemoSite,
  newcomer: Newcomer,
  until: SeedTarget,
): Promise<number> {
  const { subject } = newcomer;
  const website = newcomer.websites[0];
  if (!website) throw new Error('the newcomer has no website');
  const now = new Date();
  const base = { database: site.database, policy: site.policy, gateway: site.gateway, now };
  const applicant: Actor = { account: newcomer.login, role: 'applicant' };
  const created = await createApplication({
    ...base,
    actor: applicant,
    input: {
      province: subject.province.code,
      subject: { type: 'enterprise', idType: 'uscc', idNumber: subject.idNumber, name: subject.name },
      domain: website.domain,
    },
  });
  const id = created.application.id;
  await updateDraft({
    ...base,
    actor: applicant,
    applicationId: id,
    form: {
      subject: {
        type: 'enterprise',
        idType: 'uscc',
        idNumber: subject.idNumber,
        name: subject.name,
        province: subject.province.code,
        certificateAddress: subject.certificateAddress,
        mailingAddress: subject.mailingAddress,
        responsiblePerson: person(subject.leader),
      },
      websites: [
        {
          name: website.name,
          domains: [website.domain],
          homeUrl: `https://www.${website.domain}/`,
          serviceContent: ['organisation-portal'],
          responsiblePerson: person(website.leader),
        },
      ],
    },
  });
  if (until === 'draft') return id;
  await submitApplication({ ...base, actor: applicant, applicationId: id });
  if (until === 'provider-review') return id;
  await providerReview({
    ...base,
    actor: { account: 'demo.reviewer', role: 'provider-reviewer' },
    applicationId: id,
    decision: { decision: 'approve' },
  });
  for (const phone of new Set([subject.leader.mobile, website.leader.mobile])) {
    const [message] = await site.gateway.readOutbox({ applicationId: id, phone });
    const code = /验证码：(\d{6})/.exec(message?.body ?? '')?.[1];
    if (!code) throw new Error(`no SMS code for ${phone}`);
    await verifySms({ ...base, actor: applicant, applicationId: id, input: { phone, code } });
  }
  return id;
}
