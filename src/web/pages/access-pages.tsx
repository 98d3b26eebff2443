/**
 * 备案资源 and 备案服务码 pages (issue 15). Operators (admin): the resources customers bought, one
 * registered by form or many imported from CSV, and each resource's codes, which they may void.
 * Applicants: the codes they hold (to name one per website in the wizard), granting an unused one to
 * another account, and 变更接入 of a filed website (a new code and IPs, reviewed again, number kept).
 */
import { Readable } from 'node:stream';
import type { Localized } from '../../filing/index.ts';
import { ACCESS_METHODS, SERVICE_CODE_STATUS_LABELS, formatServiceCode } from '../../filing/index.ts';
import { workflowDeps } from '../../http/context.ts';
import type { AccessResource, MyFiledWebsite, ResourceSummary, ServiceCode } from '../../workflow/index.ts';
import {
  changeAccess,
  filedWebsiteForm,
  grantServiceCode,
  importResources,
  listResources,
  listServiceCodes,
  myFilings,
  myServiceCodes,
  registerResource,
  voidServiceCode,
} from '../../workflow/index.ts';
import type { FieldError, FormState, PageRequest } from '../kit/index.ts';
import {
  Button,
  CONFIRM_FIELD,
  ErrorSummary,
  Fieldset,
  Form,
  NotFound,
  SelectField,
  TERMS,
  TextArea,
  TextField,
  definePage,
  failureOf,
  idParam,
  isConfirmed,
  unflattenForm,
} from '../kit/index.ts';
import { flattenValues } from '../kit/form-flatten.ts';
import { PersonFields } from './applicant-form-fields.tsx';
import { applicantDeps, applicationPath, refusalErrors, refusalStatus } from './applicant-shared.tsx';

const RESOURCES = '/admin/resources';
const MY_CODES = '/service-codes';

const TEXT = {
  resources: { zh: '备案资源', en: 'Resources' },
  resourcesIntro: {
    zh: '客户在本接入商购买的服务器。每个资源按设置生成备案服务码，一个码只能备案一个网站；提交备案时，服务器剩余时长须满足最低要求，IP 须在本接入商声明的地址段内。',
    en: 'Servers customers bought here. Each resource issues filing service codes, one website each; at submit its server must have the minimum term left and its IPs must lie in this provider’s declared ranges.',
  },
  none: { zh: '还没有登记资源。', en: 'No resources registered yet.' },
  account: { zh: '账号', en: 'Account' },
  label: { zh: '资源名称', en: 'Resource name' },
  labelHint: { zh: '如实例 ID：ecs-hz-001', en: 'Such as the instance id: ecs-hz-001' },
  accessMethod: { zh: '接入方式', en: 'Access method' },
  province: { zh: '服务器放置地', en: 'Server location' },
  ips: { zh: 'IP 地址', en: 'IP addresses' },
  ipsHint: {
    zh: '服务器的公网 IPv4 或 IPv6 地址，每行一个或以空格分隔；不能是私有、环回或文档示例地址',
    en: 'The server’s public IPv4 or IPv6 addresses, one a line or separated by spaces; no private, loopback or documentation addresses',
  },
  termStart: { zh: '开始日期', en: 'Start of term' },
  termEnd: { zh: '到期日期', en: 'End of term' },
  dateHint: { zh: '格式 2026-12-31', en: 'As 2026-12-31' },
  codeQuota: { zh: '备案服务码数量', en: 'Number of codes' },
  codeQuotaHint: { zh: '留空按设置生成', en: 'Empty: the configured number' },
  codes: { zh: '备案服务码', en: 'Filing service codes' },
  register: { zh: '登记资源', en: 'Register a resource' },
  registered: {
    zh: '资源已登记，生成备案服务码 {n} 个',
    en: 'Resource registered with {n} filing service codes',
  },
  importTitle: { zh: '从 CSV 导入', en: 'Import from CSV' },
  csv: { zh: 'CSV 内容', en: 'CSV text' },
  csvHint: {
    zh: '表头：account,label,accessMethod,province,ips,termStart,termEnd,codeQuota（ips 以空格或分号分隔）；大文件请用 beian resources import',
    en: 'Header: account,label,accessMethod,province,ips,termStart,termEnd,codeQuota (ips separated by spaces or semicolons); for large files use beian resources import',
  },
  import: { zh: '导入', en: 'Import' },
  imported: {
    zh: '已登记 {imported} 个资源（{codes} 个服务码），{duplicates} 个已存在，跳过 {skipped} 行',
    en: '{imported} resources registered ({codes} codes), {duplicates} already there, {skipped} lines skipped',
  },
  code: { zh: '服务码', en: 'Code' },
  status: { zh: '状态', en: 'Status' },
  holder: { zh: '使用账号', en: 'Held by' },
  website: { zh: '网站', en: 'Website' },
  actions: TERMS.actions,
  void: { zh: '作废', en: 'Void' },
  confirmVoid: { zh: '确认作废', en: 'Confirm' },
  voided: { zh: '服务码已作废：', en: 'Code voided: ' },
  unconfirmed: { zh: '请先勾选“确认作废”', en: 'Tick “Confirm” first' },
  noResource: { zh: '没有这个资源', en: 'No such resource' },
  back: { zh: '返回资源列表', en: 'Back to the resources' },
  myCodes: { zh: '我的备案服务码', en: 'My service codes' },
  myCodesIntro: {
    zh: '在备案申请的“网站信息”中为每个网站填写一个未使用的服务码。未使用的服务码可以授权给其他账号（例如子公司）。',
    en: 'Name one unused code for each website in the application’s website step. An unused code can be granted to another account (a subsidiary, say).',
  },
  noCodes: {
    zh: '本账号还没有备案服务码。购买服务器后由接入商登记生成，或请服务码所有者授权给本账号。',
    en: 'This account holds no codes yet. The provider registers them when you buy a server, or their holder grants one to this account.',
  },
  server: { zh: '服务器', en: 'Server' },
  grant: { zh: '授权给其他账号', en: 'Grant to another account' },
  toAccount: { zh: '目标账号', en: 'To account' },
  granted: { zh: '服务码已授权给 ', en: 'Code granted to ' },
  accessTitle: { zh: '变更接入', en: 'Change access' },
  accessIntro: {
    zh: '网站迁移到本接入商的另一台服务器时，使用新服务器的备案服务码变更接入信息。变更经接入商初审、短信核验和管局审核后生效，备案号不变，原服务码作废；域名不变，不做域名核验。',
    en: 'When the website moves to another server here, change its access with that server’s code. It takes effect after the provider’s review, SMS verification and the bureau’s review; the number stays, the old code is void; the domains stay, so no domain checks run.',
  },
  accessIps: { zh: '网站使用的 IP（可选）', en: 'IPs the website uses (optional)' },
  accessIpsHint: {
    zh: '留空则为该服务器的全部 IP；只能填写该服务器的 IP',
    en: 'Empty: every IP of the server; only that server’s IPs',
  },
  leader: { zh: '网站负责人', en: 'Responsible person of the website' },
  leaderHint: { zh: '短信验证码将发送到该手机号', en: 'The SMS code goes to this mobile' },
  accessSubmit: { zh: '提交变更接入', en: 'Submit the access change' },
  accessSubmitted: {
    zh: '变更接入已提交，等待接入商初审。',
    en: 'The access change was submitted; the provider reviews it next.',
  },
  current: { zh: '当前接入信息', en: 'Current access information' },
  notRecorded: { zh: '未记录', en: 'not recorded' },
  noFiling: { zh: '找不到该备案', en: 'No such filing' },
  notHosted: {
    zh: '该网站未接入本接入商，请在其接入商处办理。',
    en: 'This website is not hosted by this provider; go to its provider.',
  },
} satisfies Record<string, Localized>;

const METHOD_CHOICES = Object.entries(ACCESS_METHODS).map(([value, label]) => ({ value, label }));
const fill = (text: Localized, values: Record<string, string | number>): Localized => ({
  zh: text.zh.replace(/\{(\w+)\}/g, (w, k: string) => String(values[k] ?? w)),
  en: text.en.replace(/\{(\w+)\}/g, (w, k: string) => String(values[k] ?? w)),
});
const splitIps = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/[\s,;]+/)
    .map((ip) => ip.trim())
    .filter((ip) => ip !== '')
    .slice(0, 64);
const methodLabel = (method: string): Localized =>
  (ACCESS_METHODS as Record<string, Localized | undefined>)[method] ?? { zh: method, en: method };

/** 接入信息 of a filed website as one line, or "未记录" when none was recorded. */
export function accessText(p: PageRequest, access: MyFiledWebsite['access']): string {
  if (access === null) return p.t(TEXT.notRecorded);
  return `${p.t(methodLabel(access.accessMethod))} · ${access.province} · ${access.ips.join(' ')}`;
}
export const ACCESS_TEXT = { notRecorded: TEXT.notRecorded, change: TEXT.accessTitle, heading: TEXT.current };

// ---------------------------------------------------------------------------------------------------
// Operators: resources

async function resourcesPage(p: PageRequest, form: FormState, status: 200 | 403 | 404 | 409 | 422 = 200) {
  const { resources } = await listResources(workflowDeps(p.deps, p.actor));
  return p.render({
    title: TEXT.resources,
    status,
    body: (
      <>
        <p>{p.t(TEXT.resourcesIntro)}</p>
        <ErrorSummary form={form} />
        {resources.length === 0 ? <p>{p.t(TEXT.none)}</p> : <ResourceTable p={p} resources={resources} />}
        <Form form={form} action={RESOURCES}>
          <Fieldset form={form} legend={TEXT.register}>
            <TextField
              form={form}
              name="account"
              label={TEXT.account}
              width="medium"
              maxlength={64}
              autocomplete="off"
            />
            <TextField
              form={form}
              name="label"
              label={TEXT.label}
              hint={TEXT.labelHint}
              width="medium"
              maxlength={64}
              autocomplete="off"
            />
            <SelectField form={form} name="accessMethod" label={TEXT.accessMethod} options={METHOD_CHOICES} />
            <TextField form={form} name="province" label={TEXT.province} width="short" maxlength={20} />
            <TextArea form={form} name="ips" label={TEXT.ips} hint={TEXT.ipsHint} rows={3} maxlength={2000} />
            <TextField
              form={form}
              name="termStart"
              label={TEXT.termStart}
              hint={TEXT.dateHint}
              width="short"
              maxlength={10}
            />
            <TextField
              form={form}
              name="termEnd"
              label={TEXT.termEnd}
              hint={TEXT.dateHint}
              width="short"
              maxlength={10}
            />
            <TextField
              form={form}
              name="codeQuota"
              label={TEXT.codeQuota}
              hint={TEXT.codeQuotaHint}
              inputmode="numeric"
              width="short"
              maxlength={3}
              optional
            />
            <Button>{p.t(TEXT.register)}</Button>
          </Fieldset>
        </Form>
        <Form form={form} action={`${RESOURCES}/import`}>
          <Fieldset form={form} legend={TEXT.importTitle}>
            <TextArea
              form={form}
              name="csv"
              label={TEXT.csv}
              hint={TEXT.csvHint}
              rows={5}
              maxlength={200_000}
            />
            <Button variant="secondary">{p.t(TEXT.import)}</Button>
          </Fieldset>
        </Form>
      </>
    ),
  });
}

function ResourceTable(props: { p: PageRequest; resources: ResourceSummary[] }) {
  const { p } = props;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{p.t(TEXT.label)}</th>
            <th scope="col">{p.t(TEXT.account)}</th>
            <th scope="col">{p.t(TEXT.province)}</th>
            <th scope="col">{p.t(TEXT.ips)}</th>
            <th scope="col">{p.t(TEXT.termEnd)}</th>
            <th scope="col">{p.t(TEXT.codes)}</th>
          </tr>
        </thead>
        <tbody>
          {props.resources.map((r) => (
            <tr>
              <td data-label={p.t(TEXT.label)}>
                <a href={`${RESOURCES}/${r.id}`}>
                  <bdi>{r.label}</bdi>
                </a>
              </td>
              <td data-label={p.t(TEXT.account)}>
                <bdi>{r.account}</bdi>
              </td>
              <td data-label={p.t(TEXT.province)}>{r.province}</td>
              <td data-label={p.t(TEXT.ips)} class="code">
                {r.ips.map((ip, i) => (
                  <>
                    {i > 0 && <br />}
                    {ip}
                  </>
                ))}
              </td>
              <td data-label={p.t(TEXT.termEnd)} class="nowrap">
                {r.termEnd}
              </td>
              <td data-label={p.t(TEXT.codes)}>
                {Object.entries(r.codes)
                  .filter(([, n]) => n > 0)
                  .map(([s, n]) => `${p.t(SERVICE_CODE_STATUS_LABELS[s as ServiceCode['status']])} ${n}`)
                  .join(p.lang === 'zh' ? '，' : ', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function resourceInput(form: Readonly<Record<string, string>>): Record<string, unknown> {
  const quota = (form.codeQuota ?? '').trim();
  return {
    account: form.account ?? '',
    label: form.label ?? '',
    accessMethod: form.accessMethod ?? '',
    province: form.province ?? '',
    ips: splitIps(form.ips),
    termStart: form.termStart ?? '',
    termEnd: form.termEnd ?? '',
    ...(quota === '' ? {} : { codeQuota: /^\d{1,3}$/.test(quota) ? Number(quota) : quota }),
  };
}

async function codesPage(
  p: PageRequest,
  resourceId: number,
  form: FormState,
  status: 200 | 403 | 404 | 409 | 422 = 200,
) {
  const { resource, codes } = await listServiceCodes({ ...workflowDeps(p.deps, p.actor), resourceId }).catch(
    (error: unknown) => {
      if (failureOf(error)?.status === 404) throw new NotFound(TEXT.noResource);
      throw error;
    },
  );
  return p.render({
    title: { zh: `${TEXT.codes.zh}：${resource.label}`, en: `${TEXT.codes.en}: ${resource.label}` },
    status,
    body: (
      <>
        <ErrorSummary form={form} />
        <ResourceSummaryList p={p} resource={resource} />
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{p.t(TEXT.code)}</th>
                <th scope="col">{p.t(TEXT.status)}</th>
                <th scope="col">{p.t(TEXT.holder)}</th>
                <th scope="col">{p.t(TEXT.website)}</th>
                <th scope="col">{p.t(TEXT.actions)}</th>
              </tr>
            </thead>
            <tbody>
              {codes.map((c) => (
                <tr>
                  <td data-label={p.t(TEXT.code)} class="code nowrap">
                    {formatServiceCode(c.code)}
                  </td>
                  <td data-label={p.t(TEXT.status)}>{p.t(SERVICE_CODE_STATUS_LABELS[c.status])}</td>
                  <td data-label={p.t(TEXT.holder)}>
                    <bdi>{c.holder}</bdi>
                  </td>
                  <td data-label={p.t(TEXT.website)}>
                    {c.websiteNumber !== null ? (
                      <bdi>{c.websiteNumber}</bdi>
                    ) : c.applicationId !== null ? (
                      `#${c.applicationId}`
                    ) : (
                      ''
                    )}
                  </td>
                  <td data-label={p.t(TEXT.actions)} class="actions">
                    {(c.status === 'unused' || c.status === 'bound') && (
                      <form method="post" action={`${RESOURCES}/${resource.id}/void`} class="inline-form">
                        <input type="hidden" name="_csrf" value={p.view.csrfToken} />
                        <input type="hidden" name="code" value={c.code} />
                        <label class="checkbox-inline">
                          <input type="checkbox" name={CONFIRM_FIELD} value="1" /> {p.t(TEXT.confirmVoid)}
                        </label>{' '}
                        <button type="submit" class="button button-small button-warning">
                          {p.t(TEXT.void)}
                          <span class="visually-hidden"> {formatServiceCode(c.code)}</span>
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <a href={RESOURCES}>{p.t(TEXT.back)}</a>
        </p>
      </>
    ),
  });
}

function ResourceSummaryList(props: { p: PageRequest; resource: AccessResource }) {
  const { p, resource } = props;
  return (
    <dl class="summary-list">
      <dt>{p.t(TEXT.account)}</dt>
      <dd>
        <bdi>{resource.account}</bdi>
      </dd>
      <dt>{p.t(TEXT.accessMethod)}</dt>
      <dd>{p.t(methodLabel(resource.accessMethod))}</dd>
      <dt>{p.t(TEXT.province)}</dt>
      <dd>{resource.province}</dd>
      <dt>{p.t(TEXT.ips)}</dt>
      <dd class="code">{resource.ips.join(' ')}</dd>
      <dt>{p.t(TEXT.termEnd)}</dt>
      <dd>{`${resource.termStart} – ${resource.termEnd}`}</dd>
    </dl>
  );
}

const refusalOf = (error: unknown) => {
  const failure = failureOf(error);
  if (failure === null) throw error;
  return { errors: refusalErrors(failure), status: refusalStatus(failure) };
};

export const RESOURCE_PAGES = [
  definePage({
    method: 'get',
    path: RESOURCES,
    access: 'resource.manage',
    nav: { label: TEXT.resources },
    handle: (p) => resourcesPage(p, p.formState({ values: { accessMethod: 'cloud-server' } })),
  }),
  definePage({
    method: 'post',
    path: RESOURCES,
    access: 'resource.manage',
    async handle(p) {
      try {
        const made = await registerResource({
          ...workflowDeps(p.deps, p.actor),
          input: resourceInput(p.form),
        });
        return p.redirect(`${RESOURCES}/${made.resource.id}`, {
          kind: 'success',
          message: fill(TEXT.registered, { n: made.codes.length }),
        });
      } catch (error) {
        const { errors, status } = refusalOf(error);
        return resourcesPage(p, p.formState({ errors }), status);
      }
    },
  }),
  definePage({
    method: 'post',
    path: `${RESOURCES}/import`,
    access: 'resource.manage',
    async handle(p) {
      const csv = p.form.csv ?? '';
      if (csv.trim() === '') {
        const errors: FieldError[] = [
          { path: 'csv', code: 'REQUIRED', message: { zh: '请粘贴 CSV 内容', en: 'Paste the CSV text' } },
        ];
        return resourcesPage(p, p.formState({ errors }), 422);
      }
      const summary = await importResources({
        ...workflowDeps(p.deps, p.actor),
        input: Readable.from([csv]),
        format: 'csv',
      });
      const errors: FieldError[] = summary.errors.map((e) => ({
        path: 'csv',
        code: 'IMPORT_LINE',
        message: e.message,
      }));
      const message = fill(TEXT.imported, {
        imported: summary.imported,
        codes: summary.codes,
        duplicates: summary.duplicates,
        skipped: summary.skipped,
      });
      if (errors.length > 0) {
        return resourcesPage(
          p,
          p.formState({ errors: [{ path: '', code: 'IMPORT', message }, ...errors] }),
          422,
        );
      }
      return p.redirect(RESOURCES, { kind: 'success', message });
    },
  }),
  definePage({
    method: 'get',
    path: `${RESOURCES}/:id`,
    access: 'resource.manage',
    handle: (p) => codesPage(p, idParam(p, TEXT.noResource), p.formState()),
  }),
  definePage({
    method: 'post',
    path: `${RESOURCES}/:id/void`,
    access: 'resource.manage',
    async handle(p) {
      const resourceId = idParam(p, TEXT.noResource);
      if (!isConfirmed(p.form)) {
        return codesPage(
          p,
          resourceId,
          p.formState({ errors: [{ path: '', code: 'CONFIRM_REQUIRED', message: TEXT.unconfirmed }] }),
          422,
        );
      }
      try {
        const code = await voidServiceCode({ ...workflowDeps(p.deps, p.actor), code: p.form.code ?? '' });
        return p.redirect(`${RESOURCES}/${resourceId}`, {
          kind: 'success',
          message: {
            zh: `${TEXT.voided.zh}${formatServiceCode(code.code)}`,
            en: `${TEXT.voided.en}${formatServiceCode(code.code)}`,
          },
        });
      } catch (error) {
        const { errors, status } = refusalOf(error);
        return codesPage(p, resourceId, p.formState({ errors }), status);
      }
    },
  }),
];

// ---------------------------------------------------------------------------------------------------
// Applicants: my codes, grants

async function myCodesPage(p: PageRequest, form: FormState, status: 200 | 403 | 404 | 409 | 422 = 200) {
  const codes = await myServiceCodes(applicantDeps(p));
  const unused = codes.filter((c) => c.status === 'unused');
  return p.render({
    title: TEXT.myCodes,
    status,
    body: (
      <>
        <p>{p.t(TEXT.myCodesIntro)}</p>
        <ErrorSummary form={form} />
        {codes.length === 0 ? (
          <p>{p.t(TEXT.noCodes)}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{p.t(TEXT.code)}</th>
                  <th scope="col">{p.t(TEXT.status)}</th>
                  <th scope="col">{p.t(TEXT.server)}</th>
                  <th scope="col">{p.t(TEXT.termEnd)}</th>
                  <th scope="col">{p.t(TEXT.website)}</th>
                </tr>
              </thead>
              <tbody>
                {codes.map((c) => (
                  <tr>
                    <td data-label={p.t(TEXT.code)} class="code nowrap">
                      {formatServiceCode(c.code)}
                    </td>
                    <td data-label={p.t(TEXT.status)}>{p.t(SERVICE_CODE_STATUS_LABELS[c.status])}</td>
                    <td data-label={p.t(TEXT.server)}>
                      <bdi>{c.resource.label}</bdi>
                      <br />
                      <span class="code">{`${c.resource.province} · ${c.resource.ips.join(' ')}`}</span>
                    </td>
                    <td data-label={p.t(TEXT.termEnd)} class="nowrap">
                      {c.resource.termEnd}
                    </td>
                    <td data-label={p.t(TEXT.website)}>
                      {c.websiteNumber !== null ? (
                        <bdi>{c.websiteNumber}</bdi>
                      ) : c.applicationId !== null ? (
                        <a href={applicationPath({ id: c.applicationId })}>{`#${c.applicationId}`}</a>
                      ) : (
                        ''
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {unused.length > 0 && (
          <Form form={form} action={`${MY_CODES}/grant`}>
            <Fieldset form={form} legend={TEXT.grant}>
              <SelectField
                form={form}
                name="code"
                label={TEXT.code}
                options={unused.map((c) => ({
                  value: c.code,
                  label: { zh: formatServiceCode(c.code), en: formatServiceCode(c.code) },
                }))}
              />
              <TextField
                form={form}
                name="toAccount"
                label={TEXT.toAccount}
                width="medium"
                maxlength={64}
                autocomplete="off"
              />
              <Button variant="secondary">{p.t(TEXT.grant)}</Button>
            </Fieldset>
          </Form>
        )}
      </>
    ),
  });
}

export const SERVICE_CODE_PAGES = [
  definePage({
    method: 'get',
    path: MY_CODES,
    access: 'service-code.read-own',
    nav: { label: TEXT.myCodes },
    handle: (p) => myCodesPage(p, p.formState()),
  }),
  definePage({
    method: 'post',
    path: `${MY_CODES}/grant`,
    access: 'service-code.grant-own',
    async handle(p) {
      try {
        const code = await grantServiceCode({
          ...applicantDeps(p),
          code: p.form.code ?? '',
          toAccount: p.form.toAccount ?? '',
        });
        return p.redirect(MY_CODES, {
          kind: 'success',
          message: { zh: `${TEXT.granted.zh}${code.holder}`, en: `${TEXT.granted.en}${code.holder}` },
        });
      } catch (error) {
        const { errors, status } = refusalOf(error);
        return myCodesPage(p, p.formState({ errors }), status);
      }
    },
  }),
];

// ---------------------------------------------------------------------------------------------------
// 变更接入

async function ownHostedWebsite(p: PageRequest): Promise<MyFiledWebsite> {
  const number = (p.params.number ?? '').trim();
  if (number === '' || number.length > 64) throw new NotFound(TEXT.noFiling);
  const website = (await myFilings(applicantDeps(p)))
    .flatMap((s) => s.websites)
    .find((w) => w.number === number);
  if (!website) throw new NotFound(TEXT.noFiling);
  return website;
}

const accessHref = (number: string) => `/filings/${encodeURIComponent(number)}/change-access`;

async function changeAccessPage(
  p: PageRequest,
  website: MyFiledWebsite,
  form: FormState,
  status: 200 | 403 | 404 | 409 | 422 = 200,
) {
  const unused = (await myServiceCodes(applicantDeps(p))).filter((c) => c.status === 'unused');
  const person = 'websites.0.responsiblePerson';
  return p.render({
    title: TEXT.accessTitle,
    status,
    body: (
      <>
        <ErrorSummary form={form} />
        <dl class="summary-list">
          <dt>{p.t(TERMS.websiteNumber)}</dt>
          <dd>
            <bdi>{website.number}</bdi>
          </dd>
          <dt>{p.t(TEXT.current)}</dt>
          <dd class="code">{accessText(p, website.access)}</dd>
        </dl>
        <p>{p.t(TEXT.accessIntro)}</p>
        <Form form={form} action={accessHref(website.number)}>
          <Fieldset form={form} legend={TEXT.accessTitle}>
            {unused.length > 0 ? (
              <SelectField
                form={form}
                name="websites.0.serviceCode"
                label={TEXT.codes}
                options={unused.map((c) => ({
                  value: c.code,
                  label: {
                    zh: `${formatServiceCode(c.code)}（${c.resource.label}）`,
                    en: `${formatServiceCode(c.code)} (${c.resource.label})`,
                  },
                }))}
              />
            ) : (
              <TextField
                form={form}
                name="websites.0.serviceCode"
                label={TEXT.codes}
                code
                width="medium"
                maxlength={64}
              />
            )}
            <TextArea
              form={form}
              name="websites.0.ips"
              label={TEXT.accessIps}
              hint={TEXT.accessIpsHint}
              rows={2}
              maxlength={2000}
              optional
            />
          </Fieldset>
          <PersonFields form={form} prefix={person} legend={TEXT.leader} hint={TEXT.leaderHint} />
          <Button>{p.t(TEXT.accessSubmit)}</Button>
        </Form>
      </>
    ),
  });
}

export const CHANGE_ACCESS_PAGES = [
  definePage({
    method: 'get',
    path: '/filings/:number/change-access',
    access: 'filing.change-own',
    async handle(p) {
      const website = await ownHostedWebsite(p);
      if (!website.providers.includes('self'))
        return p.redirect('/filings', { kind: 'error', message: TEXT.notHosted });
      // Nothing typed twice: the 网站负责人 as the website's filing recorded it (filing-defaults.ts); only
      // a website filed elsewhere or imported, with no application here, starts from an empty person.
      const filed = await filedWebsiteForm({ ...applicantDeps(p), websiteNumber: website.number });
      const values = {
        'websites.0.responsiblePerson.idType': 'resident-id',
        ...flattenValues(filed.website.responsiblePerson, 'websites.0.responsiblePerson'),
      };
      return changeAccessPage(p, website, p.formState({ values }));
    },
  }),
  definePage({
    method: 'post',
    path: '/filings/:number/change-access',
    access: 'filing.change-own',
    async handle(p) {
      const website = await ownHostedWebsite(p);
      const posted = unflattenForm(p.form) as { websites?: Record<string, unknown>[] };
      const entered = posted.websites?.[0] ?? {};
      const input = {
        serviceCode: typeof entered.serviceCode === 'string' ? entered.serviceCode : '',
        ips: splitIps(typeof entered.ips === 'string' ? entered.ips : ''),
        responsiblePerson: entered.responsiblePerson ?? {},
      };
      try {
        const app = await changeAccess({ ...applicantDeps(p), websiteNumber: website.number, input });
        return p.redirect(applicationPath(app), { kind: 'success', message: TEXT.accessSubmitted });
      } catch (error) {
        const { errors, status } = refusalOf(error);
        return changeAccessPage(p, website, p.formState({ errors }), status);
      }
    },
  }),
];
