/**
 * What the registrar routes share: the acting account, RegistrarError as the API's error shape (a
 * registrar code is an API code: src/http/errors.ts builds its list from REGISTRAR_ERROR_CODES), path
 * parameters, the certificate download, and the handlers of the domain operations the operator's and
 * the holder's routes both offer.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { DomainListFilter, RegistrarActor, IssuedCertificate } from '../registrar/index.ts';
import type {
  changeHolderInputSchema,
  renewDomainInputSchema,
  submitRealNameInputSchema,
  transferOutInputSchema,
} from '../registrar/index.ts';
import { RegistrarError } from '../registrar/index.ts';
import type { Actor, AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import type { RouteInput } from './route.ts';

/** Runs a registrar operation, turning its refusals into API errors (anything else is a bug). */
export async function runRegistrar<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RegistrarError) {
      throw new ApiError(error.code, {
        message: error.messages,
        fields: error.fields,
      });
    }
    throw error;
  }
}

/** The signed-in account as the registrar's actor; every registrar route but the public one needs one. */
export function registrarActor(actor: Actor): RegistrarActor {
  if (actor.kind !== 'account') throw new ApiError('UNAUTHENTICATED');
  return { account: actor.account.login, role: actor.account.role };
}

/** `:domain` as typed in the path (U-label or A-label); the operation parses it and names the field. */
export function domainParam(c: Context<AppEnv>): string {
  return c.req.param('domain') ?? '';
}

const ID = /^[1-9]\d{0,14}$/;

/** `:id` of a submission or report; anything else names none (404, never a crash). */
export function idParam(c: Context<AppEnv>): number {
  const raw = c.req.param('id') ?? '';
  if (!ID.test(raw)) throw new ApiError('NOT_FOUND');
  return Number(raw);
}

/**
 * The certificate as a download. The file name is ASCII only (the A-label and the serial), so every
 * client reads it alike; the code is also in a header for API clients, which cannot read the PDF.
 */
export function certificateResponse(c: Context<AppEnv>, certificate: IssuedCertificate): Response {
  const name = `domain-certificate-${certificate.domain.ascii}-${certificate.serial}.pdf`;
  return c.body(new Uint8Array(certificate.pdf), 201, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'X-Certificate-Serial': certificate.serial,
    'X-Verification-Code': certificate.verificationCode,
  });
}

export const CERTIFICATE_ERRORS = [
  'NOT_FOUND',
  'CONFLICT',
  'CERTIFICATE_REFUSED',
  'REGISTRAR_LICENCE_UNKNOWN',
  'CERTIFICATE_GLYPHS_MISSING',
  'CERTIFICATE_FONT_UNAVAILABLE',
] as const;

export const CERTIFICATE_RESPONSE = {
  status: 201,
  description:
    'The certificate PDF (attachment); headers X-Certificate-Serial and X-Verification-Code repeat what is printed',
  binary: ['application/pdf'],
} as const;

/** The request of an operation on the path's `:domain`, by the signed-in account, now. */
function onDomain({ c, actor, deps }: RouteInput<unknown, unknown>) {
  return { actor: registrarActor(actor), now: deps.now(), domain: domainParam(c) };
}

type Body<S extends z.ZodType> = RouteInput<z.output<S>, unknown>;

/**
 * The handlers of the domain operations: the operator's routes (/registrar/domains) and the holder's
 * (/registrar/my-domains) run the same ones, since the gateway scopes each call to what the actor may
 * reach; the routes differ in path, access and wording only.
 */
export const DOMAIN_HANDLERS = {
  list: async ({ c, actor, deps, query }: RouteInput<unknown, DomainListFilter>) => {
    const domains = await runRegistrar(() =>
      deps.registrar.listDomains({ actor: registrarActor(actor), filter: query }),
    );
    return c.json({ domains }, 200);
  },
  detail: async (input: RouteInput<unknown, unknown>) => {
    const { actor, domain } = onDomain(input);
    const detail = await runRegistrar(() => input.deps.registrar.getDomain({ actor, domain }));
    return input.c.json(detail, 200);
  },
  renew: async (input: Body<typeof renewDomainInputSchema>) => {
    const domain = await runRegistrar(() =>
      input.deps.registrar.renewDomain({ ...onDomain(input), input: input.body }),
    );
    return input.c.json(domain, 200);
  },
  changeHolder: async (input: Body<typeof changeHolderInputSchema>) => {
    const domain = await runRegistrar(() =>
      input.deps.registrar.changeHolder({ ...onDomain(input), input: input.body }),
    );
    return input.c.json(domain, 200);
  },
  transferOut: async (input: Body<typeof transferOutInputSchema>) => {
    const domain = await runRegistrar(() =>
      input.deps.registrar.transferOut({ ...onDomain(input), input: input.body }),
    );
    return input.c.json(domain, 200);
  },
  submitRealName: async (input: Body<typeof submitRealNameInputSchema>) => {
    const submission = await runRegistrar(() =>
      input.deps.registrar.submitRealName({ ...onDomain(input), input: input.body }),
    );
    return input.c.json(submission, 201);
  },
  certificate: async (input: RouteInput<unknown, unknown>) => {
    const certificate = await runRegistrar(() => input.deps.registrar.issueCertificate(onDomain(input)));
    return certificateResponse(input.c, certificate);
  },
};
