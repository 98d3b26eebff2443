/**
 * Use case: open a verification link (打开核验链接) — what the person sees on their phone before taking
 * the photos: who the link is for (name, masked certificate number, the roles the application gives
 * them), the method, the declarations to sign, and until when it is valid. Anyone holding the link may
 * open it (the link is the credential: the person is not signed in); the shells count every attempt
 * against a per-address limit, and a token is 256 random bits, so guessing one is hopeless. Opening does
 * not spend the link (a phone's preview or a reload must not); the first open is recorded.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Localized } from '../filing/index.ts';
import { allows } from '../filing/index.ts';
import { fromJson, insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { Database, IdentityTaskTable, Schema } from '../store/index.ts';
import { loadApplication } from './application.ts';
import type { Application } from './application.ts';
import { WorkflowError } from './errors.ts';
import { readDraftApps } from './app-entries.ts';
import {
  declarationLabel,
  hashToken,
  maskedNumber,
  methodLabel,
  roleLabel,
  taskRoles,
  TOKEN_PATTERN,
} from './identity-persons.ts';

/** 核验链接 — what the link page shows. */
export type IdentityLinkView = {
  taskId: number;
  applicationId: number;
  subjectName: string;
  personName: string;
  idNumberMasked: string;
  roles: Localized[];
  method: string;
  methodLabel: Localized;
  declarations: { id: string; label: Localized }[];
  expiresAt: string;
};

const INVALID = (): WorkflowError =>
  new WorkflowError('IDENTITY_LINK_INVALID', {
    zh: '核验链接无效：请核对链接，或请申请人重新发送',
    en: 'This verification link is not valid: check it, or ask the applicant to send a new one',
  });

/**
 * The pending task a token names, with its application; refuses an unknown token (IDENTITY_LINK_INVALID,
 * the same answer for a made-up one), a used or replaced one (IDENTITY_LINK_USED), one past its minutes
 * (IDENTITY_LINK_EXPIRED) and one whose application left the stage before 初审.
 */
export async function linkTask(
  db: Kysely<Schema>,
  token: string,
  now: Date,
): Promise<{ task: Selectable<IdentityTaskTable>; app: Application }> {
  const trimmed = token.trim();
  if (!TOKEN_PATTERN.test(trimmed)) throw INVALID();
  const hash = hashToken(trimmed);
  const task = await db
    .selectFrom('identity_task')
    .selectAll()
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  // A made-up token and a mistyped one get the same answer; a used link's hash stays, so it can say why.
  if (!task) throw INVALID();
  if (task.status !== 'pending')
    throw new WorkflowError('IDENTITY_LINK_USED', {
      zh: '该核验链接已使用，每个链接只能使用一次；如需重新核验，请申请人重新发送链接',
      en: 'This verification link was already used; each link works once. Ask the applicant for a new one',
    });
  if (task.expires_at <= now.toISOString())
    throw new WorkflowError('IDENTITY_LINK_EXPIRED', {
      zh: '该核验链接已过期（有效期 10 分钟），请申请人重新发送链接',
      en: 'This verification link has expired (it is valid for 10 minutes); ask the applicant for a new one',
    });
  const app = await loadApplication(db, task.application_id);
  if (!allows(app.status, 'documents')) throw INVALID();
  return { task, app };
}

export async function linkView(
  db: Kysely<Schema>,
  task: Selectable<IdentityTaskTable>,
  app: Application,
): Promise<IdentityLinkView> {
  const apps = await readDraftApps(db, app.id);
  return {
    taskId: task.id,
    applicationId: app.id,
    subjectName: typeof app.subject.name === 'string' ? app.subject.name : '',
    personName: task.person_name,
    idNumberMasked: maskedNumber(task.person_id_type, task.person_id_number),
    roles: taskRoles(task).map((r) => roleLabel(r, app, apps)),
    method: task.method,
    methodLabel: methodLabel(task.method),
    declarations: fromJson(task.declarations_required).map((id) => ({ id, label: declarationLabel(id) })),
    expiresAt: task.expires_at,
  };
}

export async function openIdentityLink(deps: {
  database: Database;
  now: Date;
  token: string;
}): Promise<IdentityLinkView> {
  return writeTransaction(deps.database, async (tx) => {
    const { task, app } = await linkTask(tx, deps.token, deps.now);
    if (task.opened_at === null) {
      await tx
        .updateTable('identity_task')
        .set({ opened_at: deps.now.toISOString() })
        .where('id', '=', task.id)
        .execute();
      await insertAuditEvent(tx, {
        action: 'identity.link-open',
        applicationId: app.id,
        // The person holding the link has no account here: recorded as the link itself.
        actor: { account: `identity-task:${task.id}`, role: 'link' },
        from: null,
        to: null,
        target: `identity-task:${task.id}`,
        now: deps.now,
        data: { taskId: task.id },
      });
    }
    return linkView(tx, task, app);
  });
}
