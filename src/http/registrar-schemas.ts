/**
 * Response and query schemas of the registrar routes. As with workflow-schemas.ts, they document the
 * API and the tests parse real responses with them; `satisfies` ties them to src/registrar's types.
 */
import { z } from 'zod';
import { ID_TYPES, SUBJECT_TYPES } from '../policy/index.ts';
import type {
  CertificateVerification,
  RealNameDecision,
  RealNameReport,
  RealNameSubmission,
  RegistrarDomain,
  RegistrarDomainDetail,
} from '../registrar/index.ts';
import {
  DOMAIN_STATUSES,
  MAX_PAGE,
  REGISTRAR_REAL_NAME_STATUSES,
  REPORT_STATUSES,
  SUBMISSION_STATUSES,
} from '../registrar/index.ts';

const localized = z.object({ zh: z.string(), en: z.string() });
const domainLabel = z.object({
  ascii: z.string().describe('A-label'),
  unicode: z.string().describe('U-label'),
});
const holder = z.object({
  name: z.string(),
  type: z.enum(SUBJECT_TYPES),
  idType: z.enum(ID_TYPES),
  idNumber: z.string(),
});
const registrarRef = z.object({
  id: z.string().describe('An id of data/registrars.json'),
  name: z.string(),
  approved: z
    .boolean()
    .describe('True when the policy data records an MIIT approval; false when not approved or unknown'),
  licence: z.string().nullable(),
});

export const registrarDomainSchema = z
  .object({
    domain: domainLabel,
    registrar: registrarRef,
    account: z.string().nullable().describe('The holder’s login here, whose “my domains” lists it'),
    holder,
    registeredAt: z.string(),
    expiresAt: z.string(),
    status: z.enum(DOMAIN_STATUSES),
    transferredTo: registrarRef.nullable(),
    transferredAt: z.string().nullable(),
    realName: z.object({
      status: z.enum(REGISTRAR_REAL_NAME_STATUSES),
      verifiedAt: z.string().nullable(),
      reportedAt: z.string().nullable().describe('When the MIIT domain database accepted the report'),
    }),
    version: z.number().int(),
  })
  .meta({ id: 'RegistrarDomain' }) satisfies z.ZodType<RegistrarDomain>;

export const submissionSchema = z
  .object({
    id: z.number().int(),
    domain: domainLabel,
    holder,
    documentSha256: z.string().nullable(),
    submittedBy: z.string(),
    submittedAt: z.string(),
    status: z.enum(SUBMISSION_STATUSES),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    reason: z.object({ zh: z.string(), en: z.string().optional() }).nullable(),
  })
  .meta({ id: 'RealNameSubmission' }) satisfies z.ZodType<RealNameSubmission>;

export const reportSchema = z
  .object({
    id: z.number().int(),
    domain: domainLabel,
    submissionId: z.number().int(),
    status: z.enum(REPORT_STATUSES),
    dueDate: z.string().describe('Asia/Shanghai working day'),
    dueAt: z.string(),
    attempts: z.number().int(),
    lastError: localized.nullable().describe('Why MIIT refused the last attempt'),
    reportedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RealNameReport' }) satisfies z.ZodType<RealNameReport>;

const certificateRecord = z.object({
  serial: z.string(),
  domain: domainLabel,
  holderName: z.string(),
  holderIdMasked: z.string(),
  registeredAt: z.string(),
  expiresAt: z.string(),
  issuedAt: z.string(),
  issuedBy: z.string(),
});

export const domainDetailSchema = z
  .object({
    domain: registrarDomainSchema,
    submissions: z.array(submissionSchema),
    reports: z.array(reportSchema),
    certificates: z.array(certificateRecord),
  })
  .meta({ id: 'RegistrarDomainDetail' }) satisfies z.ZodType<RegistrarDomainDetail>;

export const domainListSchema = z.object({ domains: z.array(registrarDomainSchema) });
export const submissionListSchema = z.object({ submissions: z.array(submissionSchema) });
export const reportListSchema = z.object({ reports: z.array(reportSchema) });

export const decisionSchema = z.object({
  submission: submissionSchema,
  domain: registrarDomainSchema,
  report: z.object({ id: z.number().int(), dueDate: z.string(), dueAt: z.string() }).nullable(),
}) satisfies z.ZodType<RealNameDecision>;

export const verificationSchema = z
  .union([
    z.object({
      valid: z.literal(true),
      serial: z.string(),
      domain: domainLabel,
      holderName: z.string(),
      issuedAt: z.string(),
      registeredAt: z.string(),
      expiresAt: z.string(),
      registrar: z.object({ id: z.string(), name: z.string() }),
      current: z.boolean().describe('Same holder, still registered at this registrar, not expired'),
    }),
    z.object({ valid: z.literal(false) }),
  ])
  .meta({ id: 'CertificateVerification' }) satisfies z.ZodType<CertificateVerification>;

const paging = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

export const domainListQuerySchema = z.strictObject({
  status: z.enum(DOMAIN_STATUSES).optional(),
  realName: z.enum(REGISTRAR_REAL_NAME_STATUSES).optional(),
  account: z.string().trim().min(1).max(64).optional(),
  ...paging,
});
export const myDomainListQuerySchema = z.strictObject({
  status: z.enum(DOMAIN_STATUSES).optional(),
  realName: z.enum(REGISTRAR_REAL_NAME_STATUSES).optional(),
  ...paging,
});
export const submissionListQuerySchema = z.strictObject({
  status: z.enum(SUBMISSION_STATUSES).optional(),
  domain: z.string().trim().min(1).max(1024).optional(),
  ...paging,
});
export const reportListQuerySchema = z.strictObject({
  status: z.enum(REPORT_STATUSES).optional(),
  domain: z.string().trim().min(1).max(1024).optional(),
  ...paging,
});
export const verifyQuerySchema = z.strictObject({
  code: z.string().max(64).describe('The verification code printed on the certificate (XXXX-XXXX-XXXX-XXXX)'),
});
