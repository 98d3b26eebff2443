/** 备案流程 — the filing workflow's use cases, one per file, and the job handlers it registers. */
import type { JobHandler } from '../jobs/index.ts';
import type { MiitGateway } from '../miit/index.ts';
import { expireIdleHandler } from './expire-idle.ts';
import { SMS_TIMEOUT_JOB } from './provider-review.ts';
import { smsTimeoutHandler } from './sms-timeout.ts';
import { EXPIRE_IDLE_JOB } from './transition.ts';

export type { Application, Rejection, RejectionReason } from './application.ts';
export { loadApplication } from './application.ts';
export type { Actor, AuditActor, WorkflowDeps, ActorDeps } from './context.ts';
export { SYSTEM_ACTOR } from './context.ts';
export { FilingTypeBlockedError, ResendLimitedError, WORKFLOW_ERROR_CODES, WorkflowError } from './errors.ts';
export { ACTIVE_STATUSES, HOLD_EVIDENCE } from './hold.ts';
export { transition, writeAudit, EXPIRE_IDLE_JOB, EXPIRY_DAYS, REMINDER_DAYS } from './transition.ts';
export type { ApplicationRecheck, DomainCheck } from './verify.ts';
export { recheckApplication } from './verify.ts';
export { createApplication } from './create-application.ts';
export { updateDraft } from './update-draft.ts';
export { saveDraftPart, verifyDraft } from './draft-steps.ts';
export type { DraftStepResult, DraftVerification } from './draft-steps.ts';
export type { UpdateDraftResult } from './update-draft.ts';
export { submitApplication } from './submit-application.ts';
export { withdrawApplication } from './withdraw-application.ts';
export { providerReview, SMS_TIMEOUT_JOB } from './provider-review.ts';
export { verifySms } from './verify-sms.ts';
export type { VerifySmsResult } from './verify-sms.ts';
export { smsTimeoutHandler } from './sms-timeout.ts';
export { bureauReview } from './bureau-review.ts';
export type { BureauReviewResult } from './bureau-review.ts';
export { expireIdleHandler, reminderAction } from './expire-idle.ts';
export { cancelWebsite } from './cancel-website.ts';
export { myFilings } from './my-filings.ts';
export { readApplication } from './read-application.ts';
export type { ReadScope } from './read-application.ts';
export { applicationContents } from './application-contents.ts';
export type { ApplicationContents } from './application-contents.ts';
export { countApplicationsByStatus, listApplications } from './list-applications.ts';
export {
  BUREAU_REVIEW_WORKDAYS,
  DEFAULT_PROVIDER_REVIEW_WORKDAYS,
  QUEUE_ACTIONS,
  QUEUE_SORTS,
  reviewQueue,
} from './review-queue.ts';
export type { QueueEntry, QueueSort, QueueStatus, ReviewQueue } from './review-queue.ts';
export { rejectDocument, rejectDocumentSchema } from './reject-document.ts';
export type { RejectDocumentResult } from './reject-document.ts';
export { replaceDocument } from './replace-document.ts';
export type { ReplaceDocumentInput, ReplaceDocumentResult } from './replace-document.ts';
export { recordReviewCall, recordReviewCallSchema } from './record-review-call.ts';
export { applicationContacts, CALL_OUTCOMES, listReviewCalls } from './list-review-calls.ts';
export type { CallContact, CallOutcome, ReviewCall, ReviewCallLog } from './list-review-calls.ts';
export { listRejectionReasons } from './list-rejection-reasons.ts';
export type { OfferedRejectionReason } from './list-rejection-reasons.ts';
export { applicationTimeline } from './application-timeline.ts';
export type { TimelineEvent } from './application-timeline.ts';
export type { MyFiledSubject, MyFiledWebsite } from './my-filings.ts';
export type { InProgressApplication } from './subject-activity.ts';
export type { MyFiledApp } from './my-filings.ts';
export { cancelSubject } from './cancel-subject.ts';
export { cancelAccess } from './cancel-access.ts';
export { addDomain, addWebsite, draftAllowances } from './draft-additions.ts';
export type { DraftAllowances } from './draft-additions.ts';
export { filedWebsiteForm } from './filing-defaults.ts';
export type { FiledWebsiteForm } from './filing-defaults.ts';
export { resendSms } from './resend-sms.ts';
export { restartSms } from './restart-sms.ts';
export { changeWebsite } from './change-website.ts';
export { removeShellWebsite } from './shell-website.ts';
export { uploadDocument, MAX_DOCUMENTS_PER_APPLICATION } from './upload-document.ts';
export type { UploadDocumentInput } from './upload-document.ts';
export { listDocuments } from './list-documents.ts';
export type { ApplicationDocument, DocumentRejectionView } from './list-documents.ts';
export { readDocument } from './read-document.ts';
export { removeDocument } from './remove-document.ts';
export { releaseSquattedHold } from './release-hold.ts';
export type { AccessSettings, ResourceDeps } from './context.ts';
export { DEFAULT_ACCESS_SETTINGS } from './context.ts';
export type { AccessResource, ServiceCode } from './service-codes.ts';
export { registerResource } from './register-resource.ts';
export { importResources, MAX_RESOURCE_LINES } from './import-resources.ts';
export type { ResourceImportSummary } from './import-resources.ts';
export { listResources, RESOURCES_PAGE_SIZE } from './list-resources.ts';
export type { ResourceSummary } from './list-resources.ts';
export { listServiceCodes } from './list-service-codes.ts';
export { myServiceCodes } from './my-service-codes.ts';
export type { MyServiceCode } from './my-service-codes.ts';
export { grantServiceCode } from './grant-service-code.ts';
export { voidServiceCode } from './void-service-code.ts';
export { lookupServiceCode } from './lookup-service-code.ts';
export { changeAccess } from './change-access.ts';
export type { WebsiteAccess } from './my-filings.ts';

/** The workflow's job handlers, for `runDueJobs`. */
export function workflowJobHandlers(deps: { gateway: MiitGateway }): Record<string, JobHandler> {
  return { [SMS_TIMEOUT_JOB]: smsTimeoutHandler(deps), [EXPIRE_IDLE_JOB]: expireIdleHandler() };
}
export { createApplicationInputSchema } from './create-application.ts';
export { applicationDomains } from './hold.ts';
export { reviewDecisionSchema } from './review-decision.ts';
export { requiredMaterials } from './required-materials.ts';
export type { CertificateNeed, RequiredMaterials } from './required-materials.ts';
export type { CertificateVerifier } from './certificate-check.ts';
export { approveApps, readAppStep, readApplicationApps, saveDraftApps } from './app-entries.ts';
export type { AppCheck, AppStepResult, SigningUpload } from './app-entries.ts';
export { cancelApp } from './cancel-app.ts';
export { cancelAppAccess } from './cancel-app-access.ts';
export { changeSubject } from './change-subject.ts';
export { submitSubjectChange } from './submit-subject-change.ts';
export { readFiledSubject } from './filed-subject.ts';
export type { FiledSubject } from './filed-subject.ts';
export { requestTransfer } from './request-transfer.ts';
export { myTransfers } from './my-transfers.ts';
export type { TransferRequestView } from './my-transfers.ts';
export { readTransfer } from './read-transfer.ts';
export type { TransferAnswerState, TransferForPrincipal } from './read-transfer.ts';
export { answerTransfer } from './confirm-transfer.ts';
export type { TransferAnswer } from './confirm-transfer.ts';
export type { TransferState } from './subject-transfer.ts';
export { TRANSFER_MAX_WRONG_CODES, TRANSFER_VALIDITY_MS } from './subject-transfer.ts';
export { changeApp } from './change-app.ts';
export { filedAppForm } from './filed-app-form.ts';
export type { FiledAppForm } from './filed-app-form.ts';
// 真实性核验 (issue 15): links per responsible person, the vendor's outcome, the 核验单.
export type { IdentitySettings } from './context.ts';
export { issueIdentityTask, identityLinkPath } from './issue-identity-task.ts';
export type { IdentityLinkMessage, IdentityLinkSender, IssuedIdentityLink } from './issue-identity-task.ts';
export { openIdentityLink } from './open-identity-link.ts';
export type { IdentityLinkView } from './open-identity-link.ts';
export { completeIdentityTask } from './complete-identity-task.ts';
export type { IdentityCompletion, IdentityCompletionResult } from './complete-identity-task.ts';
export { listIdentityTasks } from './list-identity-tasks.ts';
export type { IdentityOverview, IdentityPersonView } from './list-identity-tasks.ts';
export { steerIdentitySandbox, steerInputSchema } from './steer-identity-sandbox.ts';
export { listIdentitySandboxSteers } from './list-identity-sandbox.ts';
export { identitySheet } from './identity-sheet.ts';
export type { IdentityTaskView } from './identity-persons.ts';
