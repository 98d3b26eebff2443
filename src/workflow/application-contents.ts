/**
 * Use case: what an application files (备案内容) — how many websites and apps it carries as saved, so
 * the wizard names what comes after a step (网站, APP or both; an application may carry apps only,
 * 工信部信管〔2023〕105号) without running the engine over them. Someone else's application is NOT_FOUND.
 */
import { loadApplication } from './application.ts';
import { readDraftApps } from './app-entries.ts';
import type { ActorDeps } from './context.ts';
import type { ReadScope } from './read-application.ts';
import { requireReadScope } from './read-application.ts';

/** 备案内容 — the websites and apps an application carries, counted as saved (valid or not). */
export type ApplicationContents = { websites: number; apps: number };

export async function applicationContents(
  deps: ActorDeps & { applicationId: number; scope: ReadScope },
): Promise<ApplicationContents> {
  requireReadScope(deps);
  const db = deps.database.kysely;
  const app = await loadApplication(db, deps.applicationId, deps.scope === 'own' ? deps.actor : null);
  return { websites: app.websites.length, apps: (await readDraftApps(db, app.id)).length };
}
