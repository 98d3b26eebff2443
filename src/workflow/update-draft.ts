/**
 * Use case: save a draft (保存). Subject and websites are validated by the filing schemas and the
 * application limits of the province policy in force ("继续增加域名", "保存，并继续添加网站":
 * application-limits.ts); then every domain is verified and the findings are returned per domain.
 * A valid form is saved even when domain findings fail, so the applicant can fix them.
 * Editing a rejected application returns it to draft.
 */
import type { FieldError } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { Application } from './application.ts';
import { loadApplication, saveApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { applicationAppsFilingType } from './app-entries.ts';
import { missingCertificateErrors } from './list-documents.ts';
import { serviceCodeErrors, syncServiceCodes } from './service-codes.ts';
import { assertVersion, editableDraft } from './draft-guard.ts';
import type { DomainCheck } from './verify.ts';
import {
  checkApplicationDomains,
  applicationFilingType,
  findingErrors,
  invalid,
  limitErrors,
  validateForm,
} from './verify.ts';

export { assertVersion, editableDraft } from './draft-guard.ts';

export type UpdateDraftResult = {
  application: Application;
  checks: DomainCheck[];
  /** Error findings and filing-type mismatches, per field; empty when the draft can be submitted. */
  errors: FieldError[];
};

export async function updateDraft(
  deps: ActorDeps & { applicationId: number; form: unknown; expectedVersion?: number },
): Promise<UpdateDraftResult> {
  const { actor, now } = deps;
  requirePermission(actor, 'application.update-own', { zh: '修改备案申请', en: 'change an application' });
  const form = validateForm(deps, deps.form);
  return writeTransaction(deps.database, async (tx) => {
    const loaded = await loadApplication(tx, deps.applicationId, actor);
    assertVersion(loaded, deps.expectedVersion);
    const app = await editableDraft(deps, tx, loaded);
    const checks = await checkApplicationDomains(deps, tx, {
      province: form.subject.province,
      subject: form.subject,
      account: app.account,
      domains: form.websites.map((w) => w.domains),
      application: app,
    });
    const derived = await applicationFilingType(
      deps,
      tx,
      { province: form.subject.province, subject: form.subject, account: app.account, application: app },
      checks,
    );
    const mixed = derived.errors;
    // An application of apps only: 接入 when its apps are the subject's filed ones (app-entries.ts).
    const type = await applicationAppsFilingType(
      deps,
      tx,
      { ...app, subject: form.subject, websites: form.websites, province: form.subject.province },
      derived.type,
    );
    const limits = limitErrors(deps, form, type ?? app.filingType);
    if (limits.length > 0) throw invalid(limits);
    const saved = await saveApplication(
      tx,
      app,
      {
        subject: form.subject,
        websites: form.websites,
        province: form.subject.province,
        subjectIdNumber: form.subject.idNumber,
        filingType: type,
        lastActivityAt: now.toISOString(),
      },
      now,
    );
    await syncServiceCodes(tx, saved, actor, now);
    // The same certificate gate as submit, so "errors empty" keeps meaning "can be submitted".
    const certificates = await missingCertificateErrors(deps, tx, app.id, checks);
    const codes = await serviceCodeErrors(deps, tx, saved);
    return {
      application: saved,
      checks,
      errors: [...findingErrors(checks), ...mixed, ...certificates, ...codes],
    };
  });
}
