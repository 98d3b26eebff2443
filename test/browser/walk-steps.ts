/**
 * Steps the browser walks share: filling a responsible person's fields as a person would, and moving an
 * application on through 初审, MIIT's SMS and the bureau by the use cases the review pages call (the
 * walks that cover those pages do it in the browser).
 */
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { bureauReview, providerReview, verifySms } from '../../src/workflow/index.ts';
import type { DemoSite } from './harness.ts';
import type { Person } from './newcomer.ts';

/** The demo's han.meimei (主体负责人 of 京ICP备2021012345号) with the mobile number a walk gives her. */
export const hanMeimei = (mobile: string): Person => ({
  name: '韩梅梅',
  idNumber: '11010519491231002X',
  mobile,
  emergencyPhone: '010-87654321',
  email: 'han@example.cn',
});

/** Fills a responsible person's six fields inside the fieldset (group) that holds them. */
export async function fillPerson(group: Locator, person: Person): Promise<void> {
  await group.getByLabel('姓名', { exact: true }).fill(person.name);
  await group.getByLabel('证件类型', { exact: true }).selectOption({ label: '居民身份证' });
  await group.getByLabel('证件号码', { exact: true }).fill(person.idNumber);
  await group.getByLabel('手机号码', { exact: true }).fill(person.mobile);
  await group.getByLabel('应急联系电话', { exact: true }).fill(person.emergencyPhone);
  await group.getByLabel('电子邮箱', { exact: true }).fill(person.email);
}

/**
 * 初审 approved by demo.reviewer, every code MIIT texted entered by `applicant` (read from the sandbox
 * outbox), and the bureau's approval by demo.bureau; returns the bureau's result.
 */
export async function approveByUseCases(site: DemoSite, applicationId: number, applicant: string) {
  const deps = () => ({
    database: site.database,
    policy: site.policy,
    gateway: site.gateway,
    now: new Date(),
  });
  await providerReview({
    ...deps(),
    actor: { account: 'demo.reviewer', role: 'provider-reviewer' },
    applicationId,
    decision: { decision: 'approve' },
  });
  const phones = await site.database.kysely
    .selectFrom('sms_verification')
    .select('phone')
    .where('application_id', '=', applicationId)
    .execute();
  assert.ok(phones.length > 0);
  for (const { phone } of phones) {
    const [sms] = await site.gateway.readOutbox({ applicationId, phone });
    await verifySms({
      ...deps(),
      actor: { account: applicant, role: 'applicant' },
      applicationId,
      input: { phone, code: /验证码：(\d{6})/.exec(sms?.body ?? '')?.[1] ?? '' },
    });
  }
  return bureauReview({
    ...deps(),
    actor: { account: 'demo.bureau', role: 'bureau-reviewer' },
    applicationId,
    decision: { decision: 'approve' },
  });
}
