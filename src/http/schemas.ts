/**
 * Response schemas: they document the API in the OpenAPI document, and the tests parse real responses
 * with them, so the document cannot drift from what the API sends.
 */
import { z } from 'zod';
import { ROLES, TOKEN_SCOPES } from '../filing/index.ts';
import { SUBJECT_TYPES } from '../policy/index.ts';
import { FINDING_CODES } from '../rules/index.ts';

const localized = z.object({ zh: z.string(), en: z.string() });

const accountSchema = z
  .object({
    id: z.number().int(),
    login: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
    disabled: z.boolean(),
  })
  .meta({ id: 'Account' });

export const sessionSchema = z
  .object({
    account: accountSchema,
    via: z.enum(['session', 'token']),
    /** Null for bearer-token requests: they need no CSRF token. */
    csrfToken: z.string().nullable(),
    expiresAt: z.string().nullable(),
  })
  .meta({ id: 'Session' });

const tokenFields = {
  id: z.number().int(),
  name: z.string(),
  scope: z.enum(TOKEN_SCOPES).describe('`read`: GET requests and read actions only'),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable().describe('Recorded to the minute'),
};

export const createdTokenSchema = z
  .object({ ...tokenFields, token: z.string().describe('Shown once; only its hash is stored') })
  .meta({ id: 'CreatedToken' });

export const tokenListSchema = z
  .object({ tokens: z.array(z.object(tokenFields).meta({ id: 'ApiToken' })) })
  .meta({ id: 'ApiTokenList' });

const findingSchema = z.object({
  code: z.enum(FINDING_CODES),
  severity: z.enum(['error', 'warning', 'info']),
  message: localized,
  remedy: localized,
  evidence: z.record(
    z.string(),
    z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]),
  ),
});

/** 事实来源 — one source consulted for a registration (online prechecks only; src/facts FactObservation). */
const factObservationSchema = z
  .object({
    origin: z.enum(['miit-sandbox', 'registrar-sandbox', 'import', 'rdap', 'whois', 'upload', 'memory']),
    outcome: z.enum(['found', 'not-found', 'error', 'no-server']),
    server: z.string().nullable(),
    observedAt: z.string().nullable(),
    registrar: z.string().nullable(),
    registrarIanaId: z.number().nullable(),
    registeredAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    statuses: z.array(z.string()),
    holderName: z.string().nullable(),
    used: z.boolean(),
    error: z.string().optional(),
  })
  .meta({ id: 'FactObservation' });

/** 核验结果 — one domain's result (src/rules CheckResult), also carried by FILING_TYPE_BLOCKED. */
export const checkResultSchema = z
  .object({
    input: z.string(),
    domain: z
      .object({
        ascii: z.string(),
        unicode: z.string(),
        registrable: z.string(),
        registrableAscii: z.string(),
        subdomain: z.string(),
        suffix: z.string(),
      })
      .nullable(),
    filingType: z
      .enum(['first-filing', 'add-website', 'add-website-external', 'add-access', 'change'])
      .nullable(),
    ok: z.boolean(),
    findings: z.array(findingSchema),
    sources: z.array(factObservationSchema).optional(),
  })
  .meta({ id: 'CheckResult' });

/** The `beian check --json` document (CheckReport). */
export const checkReportSchema = z
  .object({
    at: z.string(),
    data: z.object({
      dataVersion: z.string(),
      overrides: z.array(z.object({ file: z.string(), changes: z.array(z.string()) })),
    }),
    results: z.array(checkResultSchema),
  })
  .meta({ id: 'CheckReport' });

/** 备案查询 — one filed website as MIIT's public query shows it (src/miit PublicFilingRecord). */
const publicFilingSchema = z.object({
  subjectName: z.string(),
  nature: z.enum(SUBJECT_TYPES).nullable(),
  natureName: z.string().nullable(),
  subjectNumber: z.string(),
  websiteNumber: z.string(),
  websiteName: z.string().nullable(),
  homeUrl: z.string().nullable(),
  domains: z.array(z.object({ ascii: z.string(), unicode: z.string() })),
  approvedOn: z.string().nullable(),
  limitAccess: z.boolean(),
});

export const filingsQueryResultSchema = z
  .object({ results: z.array(publicFilingSchema) })
  .meta({ id: 'FilingsQueryResult' });
