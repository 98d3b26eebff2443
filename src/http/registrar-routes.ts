/**
 * 注册商 — the registrar sandbox's operator API: domains (register, renew, 过户, 转出, real-name on the
 * holder's behalf, certificates). The real-name queue and the reports to the MIIT domain database are in
 * registrar-queue-routes.ts; the holder's own side (/registrar/my-domains) and the public certificate
 * check in my-domain-routes.ts. Each route's
 * action is the permission table's; the operations check it again and own the rest of the rules.
 */
import {
  changeHolderInputSchema,
  registerDomainInputSchema,
  renewDomainInputSchema,
  submitRealNameInputSchema,
  transferOutInputSchema,
} from '../registrar/index.ts';
import { MY_DOMAIN_ROUTES } from './my-domain-routes.ts';
import { QUEUE_ROUTES } from './registrar-queue-routes.ts';
import type { ApiRoute } from './route.ts';
import { defineRoute } from './route.ts';
import {
  domainDetailSchema,
  domainListQuerySchema,
  domainListSchema,
  registrarDomainSchema,
  submissionSchema,
} from './registrar-schemas.ts';
import {
  CERTIFICATE_ERRORS,
  CERTIFICATE_RESPONSE,
  registrarActor,
  runRegistrar,
  DOMAIN_HANDLERS,
} from './registrar-support.ts';

const DOMAIN_ERRORS = ['NOT_FOUND', 'CONFLICT', 'DOMAIN_TRANSFERRED_OUT'] as const;
const TAGS = ['registrar'];
const domainResponse = {
  status: 200,
  description: 'The domain after the change',
  schema: registrarDomainSchema,
};

const OPERATOR_ROUTES = [
  defineRoute({
    method: 'get',
    path: '/registrar/domains',
    access: 'registrar.manage',
    summary: 'Domains registered at the registrar sandbox, in A-label order',
    tags: TAGS,
    query: domainListQuerySchema,
    responses: [{ status: 200, description: 'The domains', schema: domainListSchema }],
    handle: DOMAIN_HANDLERS.list,
  }),
  defineRoute({
    method: 'post',
    path: '/registrar/domains',
    access: 'registrar.manage',
    summary: 'Register a domain for a holder (1–10 years; default registrar aliyun)',
    tags: TAGS,
    body: registerDomainInputSchema,
    errors: ['DOMAIN_TAKEN'],
    responses: [{ status: 201, description: 'The registered domain', schema: registrarDomainSchema }],
    async handle({ c, actor, deps, body }) {
      const domain = await runRegistrar(() =>
        deps.registrar.registerDomain({ actor: registrarActor(actor), now: deps.now(), input: body }),
      );
      return c.json(domain, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/registrar/domains/:domain',
    access: 'registrar.manage',
    summary: 'A domain (U-label or A-label) with its submissions, reports and certificates',
    tags: TAGS,
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'The domain', schema: domainDetailSchema }],
    handle: DOMAIN_HANDLERS.detail,
  }),
  defineRoute({
    method: 'post',
    path: '/registrar/domains/:domain/renew',
    access: 'registrar.manage',
    summary: '续费: renew by whole years, up to 30 days after expiry (the sandbox’s grace period)',
    tags: TAGS,
    body: renewDomainInputSchema,
    errors: [...DOMAIN_ERRORS, 'RENEWAL_CLOSED'],
    responses: [domainResponse],
    handle: DOMAIN_HANDLERS.renew,
  }),
  defineRoute({
    method: 'post',
    path: '/registrar/domains/:domain/holder',
    access: 'registrar.manage',
    summary: '过户: a new holder; real-name verification starts over and MIIT is told at once',
    tags: TAGS,
    body: changeHolderInputSchema,
    errors: [...DOMAIN_ERRORS],
    responses: [domainResponse],
    handle: DOMAIN_HANDLERS.changeHolder,
  }),
  defineRoute({
    method: 'post',
    path: '/registrar/domains/:domain/transfer-out',
    access: 'registrar.manage',
    summary: '转出: to another registrar; the record here becomes read-only',
    tags: TAGS,
    body: transferOutInputSchema,
    errors: [...DOMAIN_ERRORS],
    responses: [domainResponse],
    handle: DOMAIN_HANDLERS.transferOut,
  }),
  defineRoute({
    method: 'post',
    path: '/registrar/domains/:domain/real-name',
    access: 'registrar.manage',
    summary: '实名认证: submit the registered holder’s certificate data on their behalf',
    tags: TAGS,
    body: submitRealNameInputSchema,
    errors: [...DOMAIN_ERRORS, 'REAL_NAME_STATE'],
    responses: [{ status: 201, description: 'The pending submission', schema: submissionSchema }],
    handle: DOMAIN_HANDLERS.submitRealName,
  }),
  defineRoute({
    method: 'post',
    path: '/registrar/domains/:domain/certificate',
    access: 'registrar.manage',
    summary: '域名证书: print the certificate of a verified domain (PDF)',
    tags: TAGS,
    errors: [...CERTIFICATE_ERRORS],
    responses: [CERTIFICATE_RESPONSE],
    handle: DOMAIN_HANDLERS.certificate,
  }),
];

export const REGISTRAR_ROUTES: readonly ApiRoute[] = [
  ...OPERATOR_ROUTES,
  ...QUEUE_ROUTES,
  ...MY_DOMAIN_ROUTES,
];
