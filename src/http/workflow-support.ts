/** What the workflow routes share: the use cases' deps from a request, path parameters, the timeline. */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { Application } from '../workflow/index.ts';
import type { ActorDeps } from '../workflow/index.ts';
import type { Actor, AppDeps, AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import type { applicationDetailSchema } from './workflow-schemas.ts';
import { applicationView, timelineEventSchema } from './workflow-schemas.ts';

/** The use cases' deps: the request's instant, and the signed-in account as the workflow actor. */
export function workflowDeps(deps: AppDeps, actor: Actor): ActorDeps {
  // Every workflow route needs an action anonymous visitors lack; this only guards the types.
  if (actor.kind !== 'account') throw new ApiError('UNAUTHENTICATED');
  return {
    database: deps.db,
    policy: deps.policy,
    gateway: deps.gateway,
    now: deps.now(),
    actor: { account: actor.account.login, role: actor.account.role },
  };
}

const ID = /^[1-9]\d{0,14}$/;

/** `:id` as an application id; anything else names no application (404, never a crash). */
export function applicationIdParam(c: Context<AppEnv>): number {
  const raw = c.req.param('id') ?? '';
  if (!ID.test(raw)) throw new ApiError('NOT_FOUND');
  return Number(raw);
}

/** `:number` as an ICP number, bounded: hostile paths stop here. */
export function icpNumberParam(c: Context<AppEnv>): string {
  const raw = (c.req.param('number') ?? '').trim();
  if (raw === '' || raw.length > 64) throw new ApiError('NOT_FOUND');
  return raw;
}

function parseData(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The application with its status timeline: every audit event, in order (research §2.2). */
export async function applicationDetail(
  deps: AppDeps,
  app: Application,
): Promise<z.output<typeof applicationDetailSchema>> {
  const rows = await deps.db.kysely
    .selectFrom('audit_event')
    .selectAll()
    .where('application_id', '=', app.id)
    .orderBy('id')
    .execute();
  const timeline = rows.map((row) =>
    timelineEventSchema.parse({
      at: row.created_at,
      actor: row.actor_account,
      role: row.actor_role,
      action: row.action,
      from: row.from_status,
      to: row.to_status,
      data: parseData(row.data),
    }),
  );
  return { application: applicationView(app), timeline };
}
