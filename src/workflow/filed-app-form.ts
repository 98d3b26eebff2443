/**
 * Use case: 变更APP's form — the filed app `number` as the change form starts from it: the entry filed
 * for it (name, type, platforms with their feature information, service content, hosts, IPs, responsible
 * person), so the applicant revises what changed and types nothing twice. The same owner and hosting
 * checks as the change itself (change-app.ts `ownedApp`): someone else's app is "not found".
 */
import type { AppType } from '../policy/index.ts';
import { ownedApp } from './change-app.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';

/** 已备案APP的变更表单 — the filed app's number, its fixed type and its entry as filed. */
export type FiledAppForm = { number: string; type: AppType; entry: Record<string, unknown> };

export async function filedAppForm(deps: ActorDeps & { appNumber: string }): Promise<FiledAppForm> {
  requirePermission(deps.actor, 'filing.change-own', { zh: '变更APP', en: 'change a filed app' });
  const filed = await ownedApp(deps.database.kysely, deps, deps.appNumber);
  return { number: filed.number, type: filed.type, entry: filed.entry };
}
