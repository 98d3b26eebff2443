/**
 * 我的备案申请 — the applicant's applications, newest first, each with its step bar (填写 → 初审 → 短信核验
 * → 管局审核 → 完成) and the next step its status offers.
 */
import { listApplications } from '../../../workflow/index.ts';
import type { Localized, PageRequest } from '../../kit/index.ts';
import { DomainName, TERMS, definePage } from '../../kit/index.ts';
import { shanghaiDateTime } from '../../kit/time.ts';
import { applicantDeps, applicationPath, domainsOf, subjectNameOf } from '../applicant-shared.tsx';
import { ApplicationProgress } from './progress.tsx';
import { StatusTag, TEXT as SHARED, filingTypeText, nextStep } from './shared.tsx';

/** At most this many, newest first: the page has no pager. */
const LIST_LIMIT = 200;

const TEXT = {
  listTitle: { zh: '我的备案申请', en: 'My applications' },
  listIntro: {
    zh: '备案申请从“备案类型验证”开始：系统根据省份、主办单位和域名判断是首次备案、新增网站还是接入备案。',
    en: 'An application starts with the filing-type check: province, subject and domain decide whether it is a first filing, a new website or an access filing.',
  },
  new: { zh: '新建备案申请', en: 'New application' },
  none: { zh: '还没有备案申请。', en: 'No applications yet.' },
  number: TERMS.application,
  subject: TERMS.subject,
  domains: TERMS.domains,
  updated: { zh: '更新时间', en: 'Updated' },
  next: { zh: '下一步', en: 'Next' },
  view: { zh: '查看', en: 'View' },
} satisfies Record<string, Localized>;

async function listPage(p: PageRequest) {
  const apps = await listApplications({ ...applicantDeps(p), scope: 'own', limit: LIST_LIMIT });
  const tr = p.t;
  return p.render({
    title: TEXT.listTitle,
    body: (
      <>
        <p>{tr(TEXT.listIntro)}</p>
        <p>
          <a class="button button-primary" href="/applications/new">
            {tr(TEXT.new)}
          </a>
        </p>
        {apps.length === 0 ? (
          <p>{tr(TEXT.none)}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">{tr(TEXT.listTitle)}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr(TEXT.number)}</th>
                  <th scope="col">{tr(TEXT.subject)}</th>
                  <th scope="col">{tr(TEXT.domains)}</th>
                  <th scope="col">{tr(SHARED.filingType)}</th>
                  <th scope="col">{tr(SHARED.status)}</th>
                  <th scope="col">{tr(TEXT.updated)}</th>
                  <th scope="col">{tr(TEXT.next)}</th>
                </tr>
              </thead>
              <tbody>
                {apps.map((app) => {
                  const next = nextStep(app);
                  return (
                    <tr>
                      <th scope="row">
                        <a href={applicationPath(app)}>#{app.id}</a>
                      </th>
                      <td data-label={tr(TEXT.subject)}>
                        <bdi>{subjectNameOf(app)}</bdi>
                      </td>
                      <td data-label={tr(TEXT.domains)}>
                        {domainsOf(app)
                          .flat()
                          .map((domain, i) => (
                            <>
                              {i > 0 && <br />}
                              <DomainName domain={domain} />
                            </>
                          ))}
                      </td>
                      <td data-label={tr(SHARED.filingType)}>{filingTypeText(p.lang, app)}</td>
                      <td data-label={tr(SHARED.status)} class="progress-cell">
                        <StatusTag lang={p.lang} app={app} />
                        <ApplicationProgress lang={p.lang} status={app.status} compact />
                      </td>
                      <td class="nowrap" data-label={tr(TEXT.updated)}>
                        {shanghaiDateTime(app.updatedAt)}
                      </td>
                      <td data-label={tr(TEXT.next)}>
                        {next === null ? (
                          <a href={applicationPath(app)}>{tr(TEXT.view)}</a>
                        ) : (
                          <a href={next.href}>{tr(next.label)}</a>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </>
    ),
  });
}

export const LIST_PAGE = definePage({
  method: 'get',
  path: '/applications',
  access: 'application.read-own',
  nav: { label: TEXT.listTitle },
  handle: (p) => listPage(p),
});
