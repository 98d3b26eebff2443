/** 真实性核验 — the verification vendor seam (VerificationGateway), its sandbox, and the 核验单 PDF. */
export type {
  VerificationFailure,
  VerificationGateway,
  VerificationOutcome,
  VerificationPerson,
  VerificationRequest,
} from './gateway.ts';
export { FAILURE_TEXT, VERIFICATION_FAILURES } from './gateway.ts';
export { readIdNumberMark } from './photo-marks.ts';
export type { SandboxSteer, SandboxVerificationGateway } from './sandbox.ts';
export { createSandboxVerificationGateway, isSandboxVerification, SANDBOX_OUTCOMES } from './sandbox.ts';
export type { SheetPerson, VerificationSheetData } from './sheet-pdf.ts';
export { SheetGlyphsMissingError, verificationSheetPdf } from './sheet-pdf.ts';
