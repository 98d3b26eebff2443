/**
 * Use case: send a verification link (发起真实性核验) to one responsible person of an application. The
 * link is bound to the person as the application names them now (name, certificate type and number),
 * valid for the minutes data/identity-verification.json gives (10: Huawei Cloud's 核验二维码), and usable
 * once; a new link replaces the person's pending one. The token (32 random bytes) is returned once and
 * only its SHA-256 is stored. At most MAX_LINKS_PER_PERSON_PER_DAY links a day per person.
 *
 * Where the form gives the person a mainland mobile, the shell's `sendLink` texts them the link in the
 * same transaction (the notifications outbox, src/notifications/identity-link.ts): a link that rolls
 * back is never sent, and the issue limit above is also the SMS limit. The workflow cannot import the
 * notifications (they sit above it), hence the hook.
 */
import { randomBytes } from 'node:crypto';
import { insertAuditEvent, writeTransaction } from '../store/index.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { notFound, WorkflowError } from './errors.ts';
import {
  hashToken,
  identityRequirement,
  MAX_LINKS_PER_PERSON_PER_DAY,
  maskedMobile,
  requiredPersons,
  stateOf,
  taskView,
  tasksOf,
} from './identity-persons.ts';
import type { IdentityTaskView } from './identity-persons.ts';
import type { Kysely } from 'kysely';
import type { Schema } from '../store/index.ts';
import { assertStatus } from './transition.ts';

export type IssuedIdentityLink = {
  task: IdentityTaskView;
  token: string;
  path: string;
  /** The phone the link was texted to, masked (138****8000); null when none was (no mobile, no hook). */
  smsTo: string | null;
};

/** 核验链接短信 — what the SMS hook is given to text one link (the audit event keys the delivery). */
export type IdentityLinkMessage = {
  eventId: number;
  applicationId: number;
  taskId: number;
  phone: string;
  personName: string;
  path: string;
  expiresAt: string;
};

/** Texts the link inside the issuing transaction (the notifications outbox's delivery). */
export type IdentityLinkSender = (tx: Kysely<Schema>, message: IdentityLinkMessage) => Promise<void>;

/** Where the person opens the link (the web's phone page); the API answers the same token. */
export const identityLinkPath = (token: string): string => `/verify/${token}`;

const DAY_MS = 24 * 60 * 60 * 1000;

export async function issueIdentityTask(
  deps: ActorDeps & { applicationId: number; personKey: string; sendLink?: IdentityLinkSender },
): Promise<IssuedIdentityLink> {
  const { actor, now } = deps;
  requirePermission(actor, 'identity.issue-own', { zh: '发起真实性核验', en: 'send verification links' });
  return writeTransaction(deps.database, async (tx) => {
    const app = await loadApplication(tx, deps.applicationId, actor);
    assertStatus(app, 'documents', {
      zh: '只有草稿或被驳回的备案申请可以发起真实性核验',
      en: 'Verification links can be sent only while the application is a draft or rejected',
    });
    const requirement = identityRequirement(deps, app);
    if (requirement === null)
      throw new WorkflowError('VALIDATION_FAILED', {
        zh: '该省份当前没有真实性核验要求',
        en: 'No identity verification requirement is in force for this province',
      });
    const { persons } = await requiredPersons(tx, app, requirement);
    const person = persons.find((p) => p.key === deps.personKey);
    if (!person) throw notFound({ zh: '该负责人', en: 'responsible person' });
    const tasks = await tasksOf(tx, app.id);
    if (stateOf(person, tasks, now).state === 'passed')
      throw new WorkflowError('VALIDATION_FAILED', {
        zh: `${person.name}已通过真实性核验`,
        en: `${person.name} has already passed identity verification`,
      });
    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const recent = tasks.filter((t) => t.person_id_number === person.idNumber && t.issued_at > since);
    if (recent.length >= MAX_LINKS_PER_PERSON_PER_DAY)
      throw new WorkflowError('IDENTITY_ISSUE_LIMITED', {
        zh: `24 小时内已向${person.name}发送 ${recent.length} 次核验链接，请稍后再试`,
        en: `${recent.length} links were sent to ${person.name} in 24 hours; try again later`,
      });
    const pending = tasks.filter((t) => t.person_id_number === person.idNumber && t.status === 'pending');
    if (pending.length > 0)
      await tx
        .updateTable('identity_task')
        .set({ status: 'superseded' })
        .where(
          'id',
          'in',
          pending.map((t) => t.id),
        )
        .execute();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + requirement.linkMinutes * 60_000).toISOString();
    const row = await tx
      .insertInto('identity_task')
      .values({
        application_id: app.id,
        person_name: person.name,
        person_id_type: person.idType,
        person_id_number: person.idNumber,
        roles: JSON.stringify(person.roles),
        method: requirement.method,
        declarations_required: JSON.stringify(requirement.declarations),
        status: 'pending',
        token_hash: hashToken(token),
        issued_by: actor.account,
        issued_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const phone = deps.sendLink === undefined ? null : person.mobile;
    const eventId = await insertAuditEvent(tx, {
      action: 'identity.task-issue',
      applicationId: app.id,
      actor,
      from: null,
      to: 'pending',
      target: `identity-task:${row.id}`,
      now,
      data: {
        taskId: row.id,
        person: person.name,
        method: requirement.method,
        expiresAt,
        superseded: pending.map((t) => t.id),
        smsTo: phone === null ? null : maskedMobile(phone),
      },
    });
    const path = identityLinkPath(token);
    if (phone !== null && deps.sendLink !== undefined)
      await deps.sendLink(tx, {
        eventId,
        applicationId: app.id,
        taskId: row.id,
        phone,
        personName: person.name,
        path,
        expiresAt,
      });
    return {
      task: taskView(row, now),
      token,
      path,
      smsTo: phone === null ? null : maskedMobile(phone),
    };
  });
}
