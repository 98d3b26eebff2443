/**
 * 空壳网站 — a filed website no access provider hosts any more. 取消接入 leaves the filing at MIIT; if no
 * other provider remains, the website becomes a 空壳网站 that the bureau later deletes (Tencent Cloud
 * 备案号 FAQ). The number stays valid until then and is never issued again. `removeShellWebsite` is that
 * later deletion.
 */
import type { Kysely } from 'kysely';
import { writeTransaction } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { notFound } from './errors.ts';
import { rethrowMiit } from './filed-records.ts';
import { writeAudit } from './transition.ts';

/** Marks the website a shell when no provider is left; returns whether it is one now. */
export async function markShellIfUnhosted(tx: Kysely<Schema>, number: string, now: Date): Promise<boolean> {
  const row = await tx
    .selectFrom('filed_website')
    .select(['id', 'providers', 'shell_since'])
    .where('number', '=', number)
    .executeTakeFirst();
  if (!row || row.providers.split(',').some((p) => p !== '')) return false;
  if (row.shell_since === null)
    await tx
      .updateTable('filed_website')
      .set({ shell_since: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  return true;
}

/** A hosted website is no shell (接入备案 of a shell website before the bureau deleted it). */
export async function clearShell(tx: Kysely<Schema>, number: string): Promise<void> {
  await tx.updateTable('filed_website').set({ shell_since: null }).where('number', '=', number).execute();
}

/** The bureau deletes a shell website (注销 by the bureau); its number is never issued again. */
export async function removeShellWebsite(
  deps: ActorDeps & { websiteNumber: string },
): Promise<{ number: string; shellSince: string }> {
  const { actor, now } = deps;
  requirePermission(actor, 'bureau-review.decide', { zh: '删除空壳网站', en: 'delete shell websites' });
  return writeTransaction(deps.database, async (tx) => {
    const row = await tx
      .selectFrom('filed_website')
      .select(['number', 'shell_since'])
      .where('number', '=', deps.websiteNumber.trim())
      .where('shell_since', 'is not', null)
      .executeTakeFirst();
    if (!row?.number || row.shell_since === null) throw notFound({ zh: '该空壳网站', en: 'shell website' });
    await deps.gateway.cancel(row.number, tx).catch(rethrowMiit);
    await writeAudit(tx, {
      applicationId: null,
      actor,
      action: 'filing.remove-shell-website',
      from: null,
      to: null,
      data: { number: row.number, shellSince: row.shell_since },
      now,
    });
    return { number: row.number, shellSince: row.shell_since };
  });
}
