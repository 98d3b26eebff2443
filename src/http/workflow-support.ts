/** What the workflow routes share: path parameters naming an application or a filed website. */
import type { Context } from 'hono';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';

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
