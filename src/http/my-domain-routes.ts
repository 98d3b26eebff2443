/**
 * 我的域名 — the holder's side of the registrar sandbox: the domains registered for one's account, their
 * real-name submission and certificate; and the public check of a certificate's verification code. A
 * route has one action, so the holder's routes live apart from the operator's (/registrar/domains),
 * as /applications lives apart from /review/applications.
 */
import { submitRealNameInputSchema } from '../registrar/index.ts';
import { defineRoute } from './route.ts';
import {
  domainDetailSchema,
  domainListSchema,
  myDomainListQuerySchema,
  submissionSchema,
  verificationSchema,
} from './registrar-schemas.ts';
import {
  CERTIFICATE_ERRORS,
  CERTIFICATE_RESPONSE,
  certificateResponse,
  domainParam,
  registrarActor,
  runRegistrar,
} from './registrar-support.ts';
import { verifyQuerySchema } from './registrar-schemas.ts';

const TAGS = ['registrar'];

export const MY_DOMAIN_ROUTES = [
  defineRoute({
    method: 'get',
    path: '/registrar/my-domains',
    access: 'registrar.own-domains',
    summary: 'My domains: those registered at the registrar sandbox for my account',
    tags: TAGS,
    query: myDomainListQuerySchema,
    responses: [{ status: 200, description: 'The domains', schema: domainListSchema }],
    async handle({ c, actor, deps, query }) {
      const domains = await runRegistrar(() =>
        deps.registrar.listDomains({ actor: registrarActor(actor), filter: query }),
      );
      return c.json({ domains }, 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/registrar/my-domains/:domain',
    access: 'registrar.own-domains',
    summary: 'One of my domains with its real-name submissions, reports and certificates',
    tags: TAGS,
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'The domain', schema: domainDetailSchema }],
    async handle({ c, actor, deps }) {
      const detail = await runRegistrar(() =>
        deps.registrar.getDomain({ actor: registrarActor(actor), domain: domainParam(c) }),
      );
      return c.json(detail, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/registrar/my-domains/:domain/real-name',
    access: 'registrar.own-domains',
    summary: '实名认证: submit my certificate data (as registered; a new holder needs 过户 first)',
    tags: TAGS,
    body: submitRealNameInputSchema,
    errors: ['NOT_FOUND', 'CONFLICT', 'DOMAIN_TRANSFERRED_OUT', 'REAL_NAME_STATE'],
    responses: [{ status: 201, description: 'The pending submission', schema: submissionSchema }],
    async handle({ c, actor, deps, body }) {
      const submission = await runRegistrar(() =>
        deps.registrar.submitRealName({
          actor: registrarActor(actor),
          now: deps.now(),
          domain: domainParam(c),
          input: body,
        }),
      );
      return c.json(submission, 201);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/registrar/my-domains/:domain/certificate',
    access: 'registrar.own-domains',
    summary: '域名证书: print my verified domain’s certificate (PDF)',
    tags: TAGS,
    errors: [...CERTIFICATE_ERRORS],
    responses: [CERTIFICATE_RESPONSE],
    async handle({ c, actor, deps }) {
      const certificate = await runRegistrar(() =>
        deps.registrar.issueCertificate({
          actor: registrarActor(actor),
          now: deps.now(),
          domain: domainParam(c),
        }),
      );
      return certificateResponse(c, certificate);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/certificates/verify',
    access: 'certificate.verify-public',
    summary: '证书查验: what a domain certificate’s verification code names (public, rate limited)',
    tags: ['certificates'],
    query: verifyQuerySchema,
    rateLimit: 'certificateVerify',
    responses: [
      {
        status: 200,
        description: 'Valid with the certificate’s data, or not valid',
        schema: verificationSchema,
      },
    ],
    async handle({ c, deps, query }) {
      const verification = await deps.registrar.verifyCertificate({ code: query.code, now: deps.now() });
      return c.json(verification, 200);
    },
  }),
];
