/**
 * 核验服务 — what the filing system needs from a liveness and ID-check vendor (the role MIIT's 电子化核验
 * 支撑平台 and providers' apps play: OCR of the ID, face comparison, liveness against the public
 * security database). A real vendor implements `verify`; the sandbox (sandbox.ts) answers from data an
 * operator steers. The workflow calls it inside the completing transaction, so a vendor that needs the
 * network should answer quickly or the link's 10 minutes are spent waiting.
 */
import type { Kysely } from 'kysely';
import type { VerificationMethod } from '../policy/index.ts';
import type { Schema } from '../store/index.ts';

/** 核验人 — the person a link is bound to, as the application names them. */
export type VerificationPerson = { name: string; idType: string; idNumber: string };

export type VerificationRequest = {
  person: VerificationPerson;
  method: VerificationMethod;
  /** The ID photo (证件照) and the face photo, or for `curtain` the photo before the provider's 幕布. */
  idPhoto: Uint8Array;
  facePhoto: Uint8Array;
  /** Ours: the task's id, for the vendor's records. */
  reference: string;
};

/** 核验失败原因 — why a vendor refused; each has its zh/en text in FAILURE_TEXT. */
export const VERIFICATION_FAILURES = ['id-mismatch', 'face-mismatch', 'id-unreadable', 'same-photo'] as const;
export type VerificationFailure = (typeof VERIFICATION_FAILURES)[number];

export const FAILURE_TEXT: Record<VerificationFailure, { zh: string; en: string }> = {
  'id-mismatch': {
    zh: '证件照上的证件号码与该链接对应的负责人不一致：须由本人使用本人证件核验',
    en: "The ID photo shows another certificate number than this link's person: the person verifies with their own ID",
  },
  'face-mismatch': {
    zh: '人脸照片与证件不是同一人，请本人重新拍摄',
    en: 'The face photo does not match the ID; the person takes it again',
  },
  'id-unreadable': {
    zh: '无法识别证件照，请在光线充足处拍摄完整、清晰的证件正面',
    en: 'The ID photo cannot be read; photograph the whole front of the ID in good light',
  },
  'same-photo': {
    zh: '人脸照片与证件照是同一张图片，请现场拍摄本人照片',
    en: 'The face photo is the ID photo again; take a live photo of the person',
  },
};

export type VerificationOutcome =
  | { passed: true; vendorReference: string }
  | { passed: false; failure: VerificationFailure; vendorReference: string };

export type VerificationGateway = {
  /** Who answers (`sandbox`, or the vendor's name), shown to reviewers beside the outcome. */
  readonly name: string;
  /** `tx`: the caller's transaction, for a vendor (the sandbox) that keeps its state in the database. */
  verify(request: VerificationRequest, tx?: Kysely<Schema>): Promise<VerificationOutcome>;
};
