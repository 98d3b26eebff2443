/** Signing in and out with a cookie session, and bearer tokens for scripts. */
import { z } from 'zod';
import { signInWithPassword } from '../accounts/index.ts';
import { createSession, deleteSession } from '../accounts/index.ts';
import { createToken, listTokens, newTokenSchema, revokeToken } from '../accounts/index.ts';
import { clearSessionCookie, setSessionCookie } from './actor.ts';
import type { Actor } from './context.ts';
import { ApiError } from './errors.ts';
import { defineRoute } from './route.ts';
import { createdTokenSchema, sessionSchema, tokenListSchema } from './schemas.ts';

/** Login input is only bounded, not checked against the naming rules: a wrong name just fails to match. */
const loginRequestSchema = z.strictObject({
  login: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(1024),
});

const tokenIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

function sessionView(actor: Extract<Actor, { kind: 'account' }>): z.output<typeof sessionSchema> {
  return {
    account: actor.account,
    via: actor.via,
    csrfToken: actor.via === 'session' ? actor.session.csrfToken : null,
    expiresAt: actor.via === 'session' ? actor.session.expiresAt : null,
  };
}

function signedIn(actor: Actor): Extract<Actor, { kind: 'account' }> {
  if (actor.kind !== 'account') throw new ApiError('UNAUTHENTICATED');
  return actor;
}

export const SESSION_ROUTES = [
  defineRoute({
    method: 'post',
    path: '/session',
    access: 'anyone',
    summary: 'Sign in: starts a cookie session and returns its CSRF token',
    tags: ['session'],
    body: loginRequestSchema,
    rateLimit: 'login',
    errors: ['LOGIN_FAILED', 'RATE_LIMITED'],
    responses: [{ status: 200, description: 'Signed in; the session cookie is set', schema: sessionSchema }],
    async handle({ c, actor, deps, body }) {
      const result = await signInWithPassword(
        { db: deps.db, guard: deps.loginGuard, now: deps.now() },
        { login: body.login, password: body.password, address: deps.clientIp(c) },
      );
      if (!result.ok && result.reason === 'limited') {
        throw new ApiError('RATE_LIMITED', {
          message: result.message,
          headers: { 'Retry-After': String(result.retryAfterSeconds) },
        });
      }
      if (!result.ok) throw new ApiError('LOGIN_FAILED');
      const account = result.account;
      // A new id at every login defeats session fixation (OWASP Session Management Cheat Sheet).
      if (actor.kind === 'account' && actor.via === 'session')
        await deleteSession(deps.db, actor.session.idHash);
      const session = await createSession(
        deps.db,
        deps.credentialKey,
        account.id,
        deps.now(),
        deps.sessionTtlMs,
      );
      setSessionCookie(c, session);
      return c.json(
        sessionView({
          kind: 'account',
          account,
          via: 'session',
          session: { idHash: '', csrfToken: session.csrfToken, expiresAt: session.expiresAt },
        }),
        200,
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/session',
    access: 'signed-in',
    summary: 'Who is signed in, and the CSRF token for unsafe requests',
    tags: ['session'],
    responses: [{ status: 200, description: 'The signed-in account', schema: sessionSchema }],
    handle({ c, actor }) {
      return Promise.resolve(c.json(sessionView(signedIn(actor)), 200));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/session',
    access: 'signed-in',
    summary: 'Sign out: ends the cookie session, or revokes the bearer token used',
    tags: ['session'],
    responses: [{ status: 204, description: 'Signed out' }],
    async handle({ c, actor, deps }) {
      const current = signedIn(actor);
      if (current.via === 'session') await deleteSession(deps.db, current.session.idHash);
      else
        await revokeToken({
          db: deps.db,
          account: current.account,
          tokenId: current.tokenId,
          now: deps.now(),
        });
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/tokens',
    access: 'signed-in',
    summary: 'Create a bearer token for scripts (shown once)',
    tags: ['session'],
    body: newTokenSchema,
    errors: ['SESSION_REQUIRED'],
    responses: [{ status: 201, description: 'The new token', schema: createdTokenSchema }],
    async handle({ c, actor, deps, body }) {
      // Only a signed-in person mints tokens: a leaked token must not be able to outlive itself.
      const current = signedIn(actor);
      if (current.via !== 'session') throw new ApiError('SESSION_REQUIRED');
      const created = await createToken({
        db: deps.db,
        credentialKey: deps.credentialKey,
        account: current.account,
        input: body,
        now: deps.now(),
      });
      return c.json(created, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/tokens',
    access: 'signed-in',
    summary: "The signed-in account's live tokens: name, scope, dates, last use (never the token)",
    tags: ['session'],
    responses: [{ status: 200, description: 'Your tokens', schema: tokenListSchema }],
    async handle({ c, actor, deps }) {
      const tokens = await listTokens(deps.db, signedIn(actor).account, deps.now());
      return c.json({ tokens }, 200);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/tokens/:id',
    access: 'signed-in',
    summary: 'Revoke one of your tokens',
    tags: ['session'],
    responses: [{ status: 204, description: 'Revoked' }],
    async handle({ c, actor, deps }) {
      const id = tokenIdSchema.safeParse(c.req.param('id'));
      const revoked = id.success
        ? await revokeToken({
            db: deps.db,
            account: signedIn(actor).account,
            tokenId: id.data,
            now: deps.now(),
          })
        : null;
      if (!revoked) throw new ApiError('NOT_FOUND', { message: { zh: '没有这个令牌', en: 'no such token' } });
      return c.body(null, 204);
    },
  }),
];
