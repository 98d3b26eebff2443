/**
 * Use case (read): the 网站备案信息真实性核验单 of an application as a PDF, from its data and its
 * verification outcomes (src/identity/sheet-pdf.ts), for the provinces that still ask for a signed copy
 * (`signedSheet`) and as the record reviewers keep. The applicant prints their own; reviewers any.
 */
import { ID_TYPE_LABELS } from '../filing/index.ts';
import { verificationSheetPdf } from '../identity/index.ts';
import { ID_TYPES, SUBJECT_TYPE_LABELS, SUBJECT_TYPES } from '../policy/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import type { ActorDeps } from './context.ts';
import { readDraftApps } from './app-entries.ts';
import { listIdentityTasks } from './list-identity-tasks.ts';
import type { ReadScope } from './read-application.ts';
import { loadApplication } from './application.ts';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export async function identitySheet(
  deps: ActorDeps & { applicationId: number; scope: ReadScope; env?: NodeJS.ProcessEnv },
): Promise<{ fileName: string; pdf: Buffer }> {
  const overview = await listIdentityTasks(deps);
  const db = deps.database.kysely;
  const app = await loadApplication(db, deps.applicationId, deps.scope === 'own' ? deps.actor : null);
  const apps = await readDraftApps(db, app.id);
  const subjectType = SUBJECT_TYPES.find((t) => t === app.subject.type);
  const idType = ID_TYPES.find((t) => t === app.subject.idType);
  const pdf = await verificationSheetPdf(
    {
      applicationId: app.id,
      provinceName: deps.policy.findProvince(app.province)?.name ?? app.province,
      subjectName: str(app.subject.name),
      subjectType: subjectType ? SUBJECT_TYPE_LABELS[subjectType].zh : '',
      subjectIdType: idType ? ID_TYPE_LABELS[idType].zh : '',
      subjectIdNumber: str(app.subject.idNumber),
      websites: app.websites.map((w) => ({
        name: str(w.name),
        domains: Array.isArray(w.domains) ? w.domains.map(str) : [],
      })),
      apps: apps.map((a) => str(a.name)),
      method: overview.requirement ? overview.requirement.methodLabel.zh : '—',
      declarations: (overview.requirement?.declarations ?? []).map((d) => `《${d.label.zh}》`),
      persons: overview.persons.map((p) => {
        const passed = p.tasks.find((t) => t.status === 'passed');
        return {
          name: p.name,
          idNumberMasked: p.idNumberMasked,
          roles: p.roles.map((r) => r.zh),
          outcome: passed
            ? `已通过 Passed ${shanghaiDate(new Date(passed.completedAt ?? passed.issuedAt))}  ${passed.vendorReference ?? ''}`
            : `未完成 Not completed (${p.state})`,
        };
      }),
      printedAt: deps.now,
    },
    deps.env,
  );
  return { fileName: `verification-sheet-${app.id}.pdf`, pdf };
}
