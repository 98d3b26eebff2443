/**
 * Every route of the API with the access it needs. createApp mounts exactly this list, the OpenAPI
 * document describes exactly this list, and the permission-matrix test walks exactly this list.
 */
import { ACCESS_ROUTES } from './access-routes.ts';
import { APP_ROUTES } from './app-routes.ts';
import { APPLICATION_ROUTES } from './application-routes.ts';
import { DOCUMENT_ROUTES } from './document-routes.ts';
import { DRAFT_ROUTES } from './draft-routes.ts';
import { FILING_ROUTES } from './filing-routes.ts';
import { IDENTITY_ROUTES } from './identity-routes.ts';
import { NOTIFICATION_ROUTES } from './notification-routes.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { PUBLIC_ROUTES } from './public-routes.ts';
import { REGISTRAR_ROUTES } from './registrar-routes.ts';
import type { ApiRoute } from './route.ts';
import { REVIEW_ROUTES } from './review-routes.ts';
import { REVIEWER_TOOL_ROUTES } from './reviewer-tool-routes.ts';
import { SESSION_ROUTES } from './session-routes.ts';
import { SMS_ROUTES } from './sms-routes.ts';
import { TRANSFER_ROUTES } from './transfer-routes.ts';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

const OPENAPI_ROUTE = [
  {
    method: 'get',
    path: '/openapi.json',
    access: 'anyone',
    summary: 'This OpenAPI 3.1 document',
    tags: ['meta'],
    errors: [],
    responses: [{ status: 200, description: 'The OpenAPI document' }],
    handle({ c }) {
      // Built on first request: the routes never change while the process runs.
      document ??= buildOpenApiDocument(API_ROUTES);
      return Promise.resolve(c.json(document, 200));
    },
  },
] as const satisfies readonly ApiRoute[];

export const API_ROUTES: readonly ApiRoute[] = [
  ...SESSION_ROUTES,
  ...PUBLIC_ROUTES,
  ...APPLICATION_ROUTES,
  ...DRAFT_ROUTES,
  ...APP_ROUTES,
  ...REVIEW_ROUTES,
  ...REVIEWER_TOOL_ROUTES,
  ...SMS_ROUTES,
  ...FILING_ROUTES,
  ...ACCESS_ROUTES,
  ...DOCUMENT_ROUTES,
  ...REGISTRAR_ROUTES,
  ...NOTIFICATION_ROUTES,
  ...TRANSFER_ROUTES,
  ...IDENTITY_ROUTES,
  ...OPENAPI_ROUTE,
];
