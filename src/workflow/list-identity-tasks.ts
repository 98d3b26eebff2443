/**
 * Use case (read): the verification of an application (真实性核验) — the requirement in force for its
 * province (method, declarations, whether a signed 核验单 is asked for, the data entry it rests on),
 * each person to verify with their state and their links, and whether all passed. The applicant reads
 * their own (`own`); reviewers any (`any`: 初审 sees the outcome before deciding).
 */
import type { Action, Localized } from '../filing/index.ts';
import type { IdentityRequirement } from '../policy/index.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import {
  declarationLabel,
  identityMode,
  identityRequirement,
  idTypeLabel,
  maskedMobile,
  maskedNumber,
  methodLabel,
  requiredPersons,
  roleLabel,
  rolePath,
  stateOf,
  taskView,
  tasksOf,
} from './identity-persons.ts';
import type { IdentityTaskView, PersonVerificationState } from './identity-persons.ts';
import type { ReadScope } from './read-application.ts';

export type IdentityPersonView = {
  /** What `issueIdentityTask` takes to send this person a link. */
  key: string;
  name: string;
  idType: Localized;
  idNumberMasked: string;
  /** Where the link is texted, masked (138****8000); null when the form gives no mainland mobile. */
  mobileMasked: string | null;
  roles: Localized[];
  /** Where the form names them (`websites.0.responsiblePerson`). */
  paths: string[];
  state: PersonVerificationState;
  /** This person's links, newest first. */
  tasks: IdentityTaskView[];
};

export type IdentityOverview = {
  applicationId: number;
  status: string;
  /** `required`: submit waits for every person; `off`: links are optional here. */
  mode: 'required' | 'off';
  requirement: {
    method: string;
    methodLabel: Localized;
    linkMinutes: number;
    declarations: { id: string; label: Localized }[];
    signedSheet: boolean;
    basis: IdentityRequirement['basis'];
  } | null;
  persons: IdentityPersonView[];
  /** Roles whose person the form does not name completely yet (no link can be bound). */
  incomplete: { path: string; role: Localized }[];
  complete: boolean;
};

const READ = { own: 'identity.read-own', any: 'identity.read-any' } as const satisfies Record<
  ReadScope,
  Action
>;

export async function listIdentityTasks(
  deps: ActorDeps & { applicationId: number; scope: ReadScope },
): Promise<IdentityOverview> {
  requirePermission(deps.actor, READ[deps.scope], { zh: '查看真实性核验', en: 'read identity verification' });
  const db = deps.database.kysely;
  const app = await loadApplication(db, deps.applicationId, deps.scope === 'own' ? deps.actor : null);
  const requirement = identityRequirement(deps, app);
  const mode = identityMode(deps);
  if (requirement === null)
    return {
      applicationId: app.id,
      status: app.status,
      mode,
      requirement: null,
      persons: [],
      incomplete: [],
      complete: true,
    };
  const { persons, incomplete, apps } = await requiredPersons(db, app, requirement);
  const tasks = await tasksOf(db, app.id);
  const views = persons.map((p): IdentityPersonView => ({
    key: p.key,
    name: p.name,
    idType: idTypeLabel(p.idType),
    idNumberMasked: maskedNumber(p.idType, p.idNumber),
    mobileMasked: p.mobile === null ? null : maskedMobile(p.mobile),
    roles: p.roles.map((r) => roleLabel(r, app, apps)),
    paths: p.roles.map(rolePath),
    state: stateOf(p, tasks, deps.now).state,
    tasks: tasks
      .filter((t) => t.person_id_number === p.idNumber && t.person_id_type === p.idType)
      .map((t) => taskView(t, deps.now))
      .reverse(),
  }));
  return {
    applicationId: app.id,
    status: app.status,
    mode,
    requirement: {
      method: requirement.method,
      methodLabel: methodLabel(requirement.method),
      linkMinutes: requirement.linkMinutes,
      declarations: requirement.declarations.map((id) => ({ id, label: declarationLabel(id) })),
      signedSheet: requirement.signedSheet,
      basis: requirement.basis,
    },
    persons: views,
    incomplete: incomplete.map((r) => ({ path: rolePath(r), role: roleLabel(r, app, apps) })),
    complete: incomplete.length === 0 && views.every((v) => v.state === 'passed'),
  };
}
