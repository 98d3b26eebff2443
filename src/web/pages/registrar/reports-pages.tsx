/**
 * 实名上报 in the operator console: the reports of real-name data to the MIIT domain database that failed
 * or wait, and retrying a failed one once its cause is fixed.
 */
import type { ReportStatus } from '../../../registrar/index.ts';
import { MAX_PAGE, REPORT_STATUSES } from '../../../registrar/index.ts';
import type { Localized, PageRequest } from '../../kit/index.ts';
import { Button, Form, SelectField, definePage, idParam, TERMS } from '../../kit/index.ts';
import { ACCESS, CONSOLE_TEXT, flashOf, pick } from './console.ts';
import { REPORT_LABELS, refusalOf, registrarActorOf } from './shared.tsx';
import { ReportTable } from './tables.tsx';

const TEXT = {
  reportsTitle: { zh: '实名信息上报（注册商沙箱）', en: 'Real-name reports (registrar sandbox)' },
  reportsNav: { zh: '注册商：上报', en: 'Registrar: reports' },
  reportsIntro: {
    zh: '向工信部域名库上报实名信息的任务。失败的任务在处理原因后可重试。',
    en: 'Reports of real-name data to the MIIT domain database. A failed report can be retried once its cause is fixed.',
  },
  failedReports: { zh: '上报失败', en: 'Failed' },
  scheduledReports: { zh: '等待上报', en: 'Scheduled' },
  reportStatus: TERMS.status,
  open: { zh: '失败和等待上报', en: 'Failed and scheduled' },
  retry: { zh: '重试', en: 'Retry' },
  retried: { zh: '已重新排定上报：', en: 'Report scheduled again: ' },
  noSuchReport: { zh: '没有这个上报任务', en: 'No such report' },
} satisfies Record<string, Localized>;

async function reportsPage(p: PageRequest) {
  const status = pick(p.query.status, REPORT_STATUSES);
  const actor = registrarActorOf(p);
  const list = (which: ReportStatus) =>
    p.deps.registrar.listReports({ actor, status: which, limit: MAX_PAGE });
  const sections: { title: Localized; status: ReportStatus }[] = status
    ? [{ title: REPORT_LABELS[status], status }]
    : [
        { title: TEXT.failedReports, status: 'failed' },
        { title: TEXT.scheduledReports, status: 'scheduled' },
      ];
  const lists = await Promise.all(sections.map((section) => list(section.status)));
  const form = p.formState({ values: { status: status ?? '' } });
  const token = p.view.csrfToken;
  return p.render({
    title: TEXT.reportsTitle,
    body: (
      <>
        <p>{p.t(TEXT.reportsIntro)}</p>
        <Form form={form} action="/registrar/reports" method="get" class="form form-inline">
          <SelectField
            form={form}
            name="status"
            label={TEXT.reportStatus}
            options={REPORT_STATUSES.map((value) => ({ value, label: REPORT_LABELS[value] }))}
            placeholder={TEXT.open}
            optional
          />
          <Button variant="secondary">{p.t(CONSOLE_TEXT.show)}</Button>
        </Form>
        {sections.map((section, i) => (
          <section>
            <h2>{p.t(section.title)}</h2>
            <ReportTable
              p={p}
              reports={lists[i] ?? []}
              showDomain
              actions={(report) =>
                report.status === 'failed' && (
                  <form method="post" action={`/registrar/reports/${report.id}/retry`} class="inline-form">
                    <input type="hidden" name="_csrf" value={token} />
                    <button type="submit" class="button button-small">
                      {p.t(TEXT.retry)}
                      <span class="visually-hidden"> {report.domain.unicode}</span>
                    </button>
                  </form>
                )
              }
            />
          </section>
        ))}
      </>
    ),
  });
}

export const REPORT_PAGES = [
  definePage({
    method: 'get',
    path: '/registrar/reports',
    access: ACCESS,
    nav: { label: TEXT.reportsNav },
    handle: reportsPage,
  }),
  definePage({
    method: 'post',
    path: '/registrar/reports/:id/retry',
    access: ACCESS,
    async handle(p) {
      const reportId = idParam(p, TEXT.noSuchReport);
      try {
        const report = await p.deps.registrar.retryReport({
          actor: registrarActorOf(p),
          now: p.deps.now(),
          reportId,
        });
        return p.redirect('/registrar/reports', flashOf(TEXT.retried, report.domain.unicode));
      } catch (error) {
        const { failure } = refusalOf(error);
        return p.redirect('/registrar/reports', { kind: 'error', message: failure.message });
      }
    },
  }),
];
