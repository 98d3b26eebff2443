/**
 * Use case: submit (提交初审). Re-validates the form and re-verifies every domain in the submitting
 * transaction (all five MIIT checks plus the policy ones must show no error,
 * 工信部信管〔2017〕264号), then draft → provider-review. The transition takes the hold (hold.ts):
 * the unique domain rows and the one-in-flight-per-subject index decide concurrent submits, so two
 * applications for one domain never both pass (Volcengine 备案类型: "该域名存在进行中的备案申请").
 */
import { writeTransaction } from '../store/index.ts';
import type { Application } from './application.ts';
import { applicationAppsFilingType, appSubmitErrors, hasApps } from './app-entries.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import {
  applicationDomains,
  domainHoldingApplication,
  domainInActiveApplication,
  holdingApplication,
} from './hold.ts';
import { identityErrors, identityRequiredError } from './identity-persons.ts';
import { missingCertificateErrors } from './list-documents.ts';
import { serviceCodeErrors } from './service-codes.ts';
import { assertStatus, transition } from './transition.ts';
import { assertVersion } from './update-draft.ts';
import {
  applicationFilingType,
  checkApplicationDomains,
  findingErrors,
  limitErrors,
  validateForm,
} from './verify.ts';
import { fieldError } from '../filing/index.ts';

export async function submitApplication(
  deps: ActorDeps & { applicationId: number; expectedVersion?: number },
): Promise<Application> {
  const { actor, now } = deps;
  requirePermission(actor, 'application.submit-own', { zh: '提交备案申请', en: 'submit an application' });
  return writeTransaction(deps.database, async (tx) => {
    const app = await loadApplication(tx, deps.applicationId, actor);
    assertVersion(app, deps.expectedVersion);
    assertStatus(app, 'submit');
    const form = validateForm(deps, { subject: app.subject, websites: app.websites });
    if (await domainHoldingApplication(tx, applicationDomains(app).flat(), app.id))
      throw domainInActiveApplication();
    // Only a holding application blocks: one without evidence of control must not (hold.ts).
    const inFlight = await holdingApplication(tx, app.subjectIdNumber, app.id);
    if (inFlight) {
      throw new WorkflowError('SUBJECT_HAS_ACTIVE_APPLICATION', {
        zh: `该主体已有进行中的备案申请（编号 ${inFlight.id}），请等待其完成或撤回`,
        en: `This subject already has an application under way (no. ${inFlight.id}); wait for it or withdraw it`,
      });
    }
    const checks = await checkApplicationDomains(deps, tx, {
      province: form.subject.province,
      subject: form.subject,
      account: app.account,
      domains: form.websites.map((w) => w.domains),
      // The gate sees every account: a subject held by another account is never filed from this one.
      accounts: 'all',
      application: app,
    });
    const { type: derived, errors: mixed } = await applicationFilingType(
      deps,
      tx,
      {
        province: form.subject.province,
        subject: form.subject,
        account: app.account,
        accounts: 'all',
        application: app,
      },
      checks,
    );
    // An application of apps only: 接入 when its apps are the subject's filed ones (app-entries.ts).
    const type = await applicationAppsFilingType(deps, tx, app, derived);
    const apps = await appSubmitErrors(deps, tx, app);
    const errors = [
      // Something to file: a website or an app (an application of apps only has no website).
      ...(form.websites.length === 0 && !(await hasApps(tx, app.id))
        ? [fieldError('websites', 'APPLICATION_EMPTY')]
        : []),
      ...findingErrors(checks),
      ...mixed,
      ...limitErrors(deps, form, type),
      // 域名证书 where the province requires one (seed Q6): list-documents.ts.
      ...(await missingCertificateErrors(deps, tx, app.id, checks)),
      // 备案服务码: each website's code, its server's term and IPs (service-codes.ts).
      ...(await serviceCodeErrors(deps, tx, app)),
      // The apps carried with the websites (APP备案): their entries, hosts and identifiers.
      ...apps,
    ];
    // 真实性核验 before 初审 (data/identity-verification.json): every person the province names passed.
    const unverified = await identityErrors(deps, tx, app);
    if (errors.length > 0 || type === null) {
      throw new WorkflowError(
        'VERIFICATION_FAILED',
        {
          zh: '域名核验未通过，请按提示处理后再提交',
          en: 'Domain verification failed; fix the problems shown and submit again',
        },
        [...errors, ...unverified],
      );
    }
    if (unverified.length > 0) throw identityRequiredError(unverified);
    return transition(tx, app, 'provider-review', actor, {
      now,
      data: {
        filingType: type,
        domains: checks.map((c) => c.result.domain?.registrableAscii ?? c.result.input),
      },
      changes: {
        filingType: type,
        rejection: null,
        submittedAt: now.toISOString(),
        lastActivityAt: now.toISOString(),
      },
    });
  });
}
