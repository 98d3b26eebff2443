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
import { CERTIFICATE_ERRORS, CERTIFICATE_RESPONSE, DOMAIN_HANDLERS } from './registrar-support.ts';
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
    handle: DOMAIN_HANDLERS.list,
  }),
  defineRoute({
    method: 'get',
    path: '/registrar/my-domains/:domain',
    access: 'registrar.own-domains',
    summary: 'One of my domains with its real-name submissions, reports and certificates',
    tags: TAGS,
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'The domain', schema: domainDetailSchema }],
    handle: DOMAIN_HANDLERS.detail,
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
    handle: DOMAIN_HANDLERS.submitRealName,
  }),
  defineRoute({
    method: 'post',
    path: '/registrar/my-domains/:domain/certificate',
    access: 'registrar.own-domains',
    summary: '域名证书: print my verified domain’s certificate (PDF)',
    tags: TAGS,
    errors: [...CERTIFICATE_ERRORS],
    responses: [CERTIFICATE_RESPONSE],
    handle: DOMAIN_HANDLERS.certificate,
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
