/**
 * 上传备案材料 — the wizard's documents step: the materials the application needs (所需材料: from the
 * province policy in force for its filing type, the same DOMAIN_CERTIFICATE_REQUIRED findings submit
 * refuses on, seed FAQ Q6), the application's documents with each domain certificate's check, an upload
 * form (multipart, works without JavaScript) with the certificate's verification code, removal, and
 * download of one's own files.
 */
import { MULTIPART_OVERHEAD_BYTES } from '../../http/app.ts';
import {
  DEFAULT_MAX_UPLOAD_BYTES,
  DOCUMENT_KINDS,
  DOCUMENT_KIND_LABELS,
  DocumentRefusedError,
  contentDisposition,
  tooLargeMessage,
} from '../../documents/index.ts';
import type { Application, ApplicationDocument } from '../../workflow/index.ts';
import { listDocuments, readDocument, removeDocument, uploadDocument } from '../../workflow/index.ts';
import type { RequiredMaterials } from '../../workflow/index.ts';
import { requiredMaterials, verifyDraft } from '../../workflow/index.ts';
import type { PolicyData } from '../../policy/index.ts';
import type { FieldError, FormState, Lang, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  ConfirmedField,
  DomainName,
  ErrorSummary,
  applicationTypeLabel,
  Form,
  NotFound,
  isConfirmed,
  SelectField,
  TextField,
  definePage,
  failureOf,
  t,
  idParam,
  TERMS,
} from '../kit/index.ts';
import { FileField } from '../kit/file-field.tsx';
import { shanghaiDateTime } from '../kit/time.ts';
import {
  STEP_LABELS,
  StepIndicator,
  applicantDeps,
  applicationPath,
  domainText,
  domainsOf,
  isEditable,
  notEditable,
  ownApplication,
  refusalErrors,
  refusalStatus,
} from './applicant-shared.tsx';
import { WithStepHelp } from './applicant-step-help.tsx';
import { provinceName } from './review-application-view.tsx';

const TEXT = {
  intro: {
    zh: '上传备案需要的材料：PDF、JPEG 或 PNG 文件，以文件内容识别类型。审核期间材料不能更改；被驳回后可以重新上传。',
    en: 'Upload the documents the filing needs: PDF, JPEG or PNG files, recognised by their content. They cannot be changed during review; after a rejection they can.',
  },
  materialsTitle: { zh: '所需材料', en: 'Materials needed' },
  materialsFor: { zh: '{province} · {type}', en: '{province} · {type}' },
  undetermined: { zh: '备案类型未确定', en: 'filing type not determined' },
  certificateRequired: {
    zh: '域名证书：必需，每个备案域名一份（单位主体须加盖公章）',
    en: 'Domain certificate: required, one for each domain filed (organisations: bearing the company seal)',
  },
  certificateNotRequired: {
    zh: '域名证书：现行政策不要求（上传也会核对）',
    en: 'Domain certificate: not required by the policy in force (one uploaded is still checked)',
  },
  certificateMissing: { zh: '未上传', en: 'not uploaded' },
  certificateVerified: { zh: '已核验，证书编号 {serial}', en: 'verified, certificate No. {serial}' },
  certificateManual: {
    zh: '已上传，待审核人员人工核对',
    en: 'uploaded, a reviewer checks it by hand',
  },
  certificatesRemedy: {
    zh: '处理办法：登录域名注册商的控制台，使用“域名证书打印”下载该域名的证书（PDF）；单位主体须在证书上加盖公章后扫描上传。上传时材料类型选择“域名证书”，并选择对应的域名。',
    en: "What to do: sign in at the domain's registrar and download its certificate with “域名证书打印” (print domain certificate, a PDF); organisations stamp it with the company seal and upload the scan. Choose the kind “domain certificate” and the domain when uploading.",
  },
  onRequest: {
    zh: '{kinds}：政策数据未列为必需；接入商或管局要求时上传。',
    en: '{kinds}: not required by the policy data; upload them when the provider or bureau asks.',
  },
  certificateCode: { zh: '证书验证码', en: 'Certificate verification code' },
  certificateCodeHint: {
    zh: '仅域名证书：本系统注册商打印的证书印有验证码，PDF 原件会自动核对；上传盖章扫描件时请填写证书上的验证码。其他注册商的证书不填，由审核人员人工核对',
    en: "Domain certificates only: certificates printed by this system's registrar carry a verification code, checked by itself in the original PDF; for a sealed scan, type the code printed on it. Leave it empty for another registrar's certificate: a reviewer checks that by hand",
  },
  uploadedVerified: {
    zh: '；域名证书已核验（证书编号 {serial}）',
    en: '; the domain certificate is verified (No. {serial})',
  },
  uploadedManual: {
    zh: '；该域名证书无法自动核对（不是本系统注册商出具，或未填写验证码），将由审核人员人工核对',
    en: "; this domain certificate cannot be checked automatically (not from this system's registrar, or no code given): a reviewer checks it by hand",
  },
  // Short forms for the table's narrow kind column; the materials list above gives the serial.
  checkVerifiedShort: { zh: '已核验', en: 'verified' },
  checkManualShort: { zh: '待人工核对', en: 'to be checked by hand' },
  list: { zh: '已上传的材料', en: 'Uploaded documents' },
  none: { zh: '还没有上传材料。', en: 'No documents uploaded yet.' },
  kind: { zh: '材料类型', en: 'Kind' },
  domain: { zh: '对应域名', en: 'Domain' },
  domainHint: { zh: '仅域名证书需要选择', en: 'For a domain certificate only' },
  fileName: { zh: '文件名', en: 'File name' },
  size: { zh: '大小', en: 'Size' },
  sha256: { zh: 'SHA-256（前 12 位）', en: 'SHA-256 (first 12)' },
  uploaded: { zh: '上传时间', en: 'Uploaded' },
  actions: TERMS.actions,
  download: { zh: '下载', en: 'Download' },
  remove: { zh: '删除', en: 'Remove' },
  removeTitle: { zh: '删除备案材料', en: 'Remove a document' },
  removeWarning: {
    zh: '删除后文件不再属于本申请，不能恢复；需要时请重新上传。',
    en: 'Removed, the file is no longer part of this application and cannot be restored; upload it again if needed.',
  },
  removeConfirm: { zh: '确认删除', en: 'Remove it' },
  removeCancel: { zh: '返回，不删除', en: 'Go back without removing' },
  upload: { zh: '上传材料', en: 'Upload a document' },
  file: { zh: '文件', en: 'File' },
  fileHint: { zh: 'PDF、JPEG 或 PNG，不超过 {size}', en: 'PDF, JPEG or PNG, at most {size}' },
  chooseFile: { zh: '请选择要上传的文件', en: 'Choose a file to upload' },
  uploadButton: { zh: '上传', en: 'Upload' },
  uploadedFlash: { zh: '已上传：', en: 'Uploaded: ' },
  removedFlash: { zh: '已删除材料：', en: 'Removed: ' },
  next: { zh: '下一步：确认并提交', en: 'Next: review and submit' },
  noDocument: { zh: '找不到该材料', en: 'No such document' },
} satisfies Record<string, Localized>;

/** `1.5 MB`, `12 KB` (at least 1 KB: a size of 0 KB reads as an empty file). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function documentIdOf(p: PageRequest): number {
  return idParam(p, TEXT.noDocument, 'documentId');
}

const documentHref = (document: ApplicationDocument) =>
  `/applications/${document.applicationId}/documents/${document.id}`;

const fill = (text: Localized, vars: Record<string, string>): Localized => {
  let { zh, en } = text;
  for (const [key, value] of Object.entries(vars)) {
    zh = zh.replaceAll(`{${key}}`, value);
    en = en.replaceAll(`{${key}}`, value);
  }
  return { zh, en };
};

/** A domain certificate's check, as the applicant and the reviewers read it. */
function certificateCheckText(check: ApplicationDocument['certificateCheck']): Localized | null {
  if (check === null) return null;
  return check.kind === 'verified'
    ? fill(TEXT.certificateVerified, { serial: check.serial })
    : TEXT.certificateManual;
}

/**
 * 所需材料 — before the upload form: the province and filing type, whether the policy in force requires
 * domain certificates and, where it does, each domain with its certificate's state and the rule's basis.
 */
function MaterialsList(props: {
  lang: Lang;
  policy: PolicyData;
  app: Application;
  materials: RequiredMaterials;
}) {
  const { lang, materials } = props;
  // As every page names the type: an application of apps only is no 新增网站 (labels.ts).
  const type = applicationTypeLabel({ ...props.app, filingType: materials.filingType }) ?? TEXT.undetermined;
  const heading = fill(TEXT.materialsFor, {
    province: provinceName(props.policy, materials.province, lang),
    type: t(lang, type),
  });
  const missing = materials.certificates.some((need) => need.uploaded === null);
  const onRequest = materials.onRequest
    .map((kind) => t(lang, DOCUMENT_KIND_LABELS[kind]))
    .join(lang === 'zh' ? '、' : ', ');
  return (
    <section
      class={`notice ${missing ? 'notice-warning' : ''} materials`}
      aria-labelledby="materials-title"
      id="materials"
    >
      <h2 id="materials-title">
        {t(lang, TEXT.materialsTitle)}
        <span class="secondary"> · {t(lang, heading)}</span>
      </h2>
      {materials.certificates.length === 0 ? (
        props.app.websites.length > 0 && <p>{t(lang, TEXT.certificateNotRequired)}</p>
      ) : (
        <>
          <p>
            <strong>{t(lang, TEXT.certificateRequired)}</strong>
          </p>
          <ul class="materials-domains">
            {materials.certificates.map((need) => {
              const check =
                need.uploaded === null
                  ? TEXT.certificateMissing
                  : certificateCheckText(need.uploaded.certificateCheck);
              return (
                <li data-domain={need.domain}>
                  <DomainName domain={need.domain} />
                  {'：'}
                  <span
                    class={
                      need.uploaded === null
                        ? 'status-missing'
                        : need.uploaded.certificateCheck?.kind === 'verified'
                          ? 'status-uploaded'
                          : 'status-manual'
                    }
                  >
                    {t(lang, check ?? TEXT.certificateMissing)}
                  </span>
                  <br />
                  <small class="secondary">{t(lang, need.why)}</small>
                </li>
              );
            })}
          </ul>
          {missing && <p>{t(lang, TEXT.certificatesRemedy)}</p>}
        </>
      )}
      <p>{t(lang, fill(TEXT.onRequest, { kinds: onRequest }))}</p>
    </section>
  );
}

/** The documents table; `csrfToken` given, each row has a remove button (while editable). */
export function DocumentList(props: { lang: Lang; documents: ApplicationDocument[]; csrfToken?: string }) {
  const { lang, documents } = props;
  const tr = (text: Localized) => t(lang, text);
  if (documents.length === 0) return <p>{tr(TEXT.none)}</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">{tr(TEXT.list)}</caption>
        <thead>
          <tr>
            <th scope="col">{tr(TEXT.kind)}</th>
            <th scope="col">{tr(TEXT.domain)}</th>
            <th scope="col">{tr(TEXT.fileName)}</th>
            <th scope="col">{tr(TEXT.size)}</th>
            <th scope="col">{tr(TEXT.sha256)}</th>
            <th scope="col">{tr(TEXT.uploaded)}</th>
            <th scope="col">{tr(TEXT.actions)}</th>
          </tr>
        </thead>
        <tbody>
          {documents.map((document) => (
            <tr>
              <td data-label={tr(TEXT.kind)}>
                {tr(DOCUMENT_KIND_LABELS[document.kind])}
                {document.certificateCheck !== null && (
                  <>
                    <br />
                    <small
                      class={`secondary certificate-check certificate-${document.certificateCheck.kind}`}
                    >
                      {document.certificateCheck.kind === 'verified' ? (
                        <span title={document.certificateCheck.serial}>{tr(TEXT.checkVerifiedShort)}</span>
                      ) : (
                        tr(TEXT.checkManualShort)
                      )}
                    </small>
                  </>
                )}
              </td>
              <td data-label={tr(TEXT.domain)}>
                {document.domain !== null && <DomainName domain={document.domain} />}
              </td>
              <td data-label={tr(TEXT.fileName)}>
                <bdi>{document.fileName}</bdi>
              </td>
              <td class="nowrap" data-label={tr(TEXT.size)}>
                {formatBytes(document.sizeBytes)}
              </td>
              <td data-label={tr(TEXT.sha256)}>
                <code title={document.sha256}>{document.sha256.slice(0, 12)}</code>
              </td>
              <td class="nowrap" data-label={tr(TEXT.uploaded)}>
                {shanghaiDateTime(document.uploadedAt)}
              </td>
              <td class="actions" data-label={tr(TEXT.actions)}>
                <a href={documentHref(document)} download>
                  {tr(TEXT.download)}
                  <span class="visually-hidden">
                    {' '}
                    <bdi>{document.fileName}</bdi>
                  </span>
                </a>{' '}
                {props.csrfToken !== undefined && (
                  <form method="post" action={`${documentHref(document)}/remove`} class="inline-form">
                    <input type="hidden" name="_csrf" value={props.csrfToken} />
                    <button type="submit" class="link-button">
                      {tr(TEXT.remove)}
                      <span class="visually-hidden">
                        {' '}
                        <bdi>{document.fileName}</bdi>
                      </span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

async function documentsPage(
  p: PageRequest,
  app: Application,
  form: FormState,
  status: 200 | 404 | 403 | 409 | 413 | 422 = 200,
) {
  const deps = applicantDeps(p);
  const documents = await listDocuments({ ...deps, applicationId: app.id });
  const materials = requiredMaterials(await verifyDraft({ ...deps, applicationId: app.id }), documents);
  const missing = materials.certificates.filter((need) => need.uploaded === null).map((need) => need.domain);
  const size = formatBytes(p.deps.documents.maxBytes);
  const fileHint: Localized = {
    zh: TEXT.fileHint.zh.replace('{size}', size),
    en: TEXT.fileHint.en.replace('{size}', size),
  };
  const domains = domainsOf(app).flat();
  return p.render({
    title: STEP_LABELS.documents,
    status,
    body: (
      <>
        <StepIndicator lang={p.lang} app={app} current="documents" />
        <ErrorSummary form={form} />
        <WithStepHelp lang={p.lang} step="documents" domains={domains.length > 0}>
          <p>{p.t(TEXT.intro)}</p>
          <MaterialsList lang={p.lang} policy={p.deps.policy} app={app} materials={materials} />
          <h2>{p.t(TEXT.list)}</h2>
          <DocumentList lang={p.lang} documents={documents} csrfToken={form.csrfToken} />
          <h2>{p.t(TEXT.upload)}</h2>
          <Form form={form} action={applicationPath(app, 'documents')} multipart>
            <SelectField
              form={form}
              name="kind"
              label={TEXT.kind}
              options={DOCUMENT_KINDS.filter(
                (kind) => domains.length > 0 || kind !== 'domain-certificate',
              ).map((kind) => ({ value: kind, label: DOCUMENT_KIND_LABELS[kind] }))}
              {...(missing.length > 0 && form.values.kind === undefined
                ? { value: 'domain-certificate' }
                : {})}
            />
            {/* An application of apps only has no domain: nothing to pick, no domain certificate to code. */}
            {domains.length > 0 && (
              <>
                <SelectField
                  form={form}
                  name="domain"
                  label={TEXT.domain}
                  hint={TEXT.domainHint}
                  optional
                  options={domains.map((domain) => ({ value: domain, label: domainText(domain) }))}
                  {...(form.values.domain === undefined && missing[0] !== undefined
                    ? { value: missing[0] }
                    : {})}
                />
                <TextField
                  form={form}
                  name="certificateCode"
                  label={TEXT.certificateCode}
                  hint={TEXT.certificateCodeHint}
                  optional
                  code
                  width="medium"
                  maxlength={64}
                  autocomplete="off"
                />
              </>
            )}
            <FileField
              form={form}
              name="file"
              label={TEXT.file}
              hint={fileHint}
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            />
            <Button variant="secondary">{p.t(TEXT.uploadButton)}</Button>
          </Form>
          <p>
            <a class="button button-primary" href={applicationPath(app, 'review')}>
              {p.t(TEXT.next)}
            </a>
          </p>
        </WithStepHelp>
      </>
    ),
  });
}

const fileError = (message: Localized, code: string): FieldError[] => [{ path: 'file', code, message }];

/** 删除材料？ — the document named, what removing it means, and the two ways on. */
async function removeConfirmPage(p: PageRequest, app: Application, documentId: number) {
  const documents = await listDocuments({ ...applicantDeps(p), applicationId: app.id });
  const document = documents.find((d) => d.id === documentId);
  if (document === undefined) throw new NotFound(TEXT.noDocument);
  const form = p.formState();
  return p.render({
    title: TEXT.removeTitle,
    body: (
      <>
        <DocumentList lang={p.lang} documents={[document]} />
        <p class="notice notice-warning">{p.t(TEXT.removeWarning)}</p>
        <Form form={form} action={`${documentHref(document)}/remove`}>
          <ConfirmedField />
          <Button variant="warning">{p.t(TEXT.removeConfirm)}</Button>
        </Form>
        <p>
          <a href={applicationPath(app, 'documents')}>{p.t(TEXT.removeCancel)}</a>
        </p>
      </>
    ),
  });
}

export const WIZARD_DOCUMENT_PAGES = [
  definePage({
    method: 'get',
    path: '/applications/:id/documents',
    access: 'document.upload-own',
    async handle(p) {
      const app = await ownApplication(p);
      if (!isEditable(app)) return notEditable(p, app);
      return documentsPage(p, app, p.formState());
    },
  }),
  definePage({
    method: 'post',
    path: '/applications/:id/documents',
    access: 'document.upload-own',
    // The app's default upload limit plus multipart framing; the use case checks the exact limit.
    maxBodyBytes: DEFAULT_MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES,
    async handle(p) {
      const app = await ownApplication(p);
      if (!isEditable(app)) return notEditable(p, app);
      const file = p.files.file;
      if (file === undefined || (file.size === 0 && file.name === '')) {
        return documentsPage(p, app, p.formState({ errors: fileError(TEXT.chooseFile, 'REQUIRED') }), 422);
      }
      const max = p.deps.documents.maxBytes;
      if (file.size > max) {
        return documentsPage(
          p,
          app,
          p.formState({ errors: fileError(tooLargeMessage(max), 'FILE_TOO_LARGE') }),
          413,
        );
      }
      const text = (name: string) => {
        const value = (p.form[name] ?? '').trim();
        return value === '' ? undefined : value;
      };
      try {
        const document = await uploadDocument({
          ...applicantDeps(p),
          applicationId: app.id,
          input: {
            kind: text('kind'),
            domain: text('domain'),
            fileName: file.name,
            bytes: new Uint8Array(await file.arrayBuffer()),
            certificateCode: text('certificateCode'),
          },
        });
        const check = document.certificateCheck;
        const said =
          check === null
            ? { zh: '', en: '' }
            : check.kind === 'verified'
              ? fill(TEXT.uploadedVerified, { serial: check.serial })
              : TEXT.uploadedManual;
        return p.redirect(applicationPath(app, 'documents'), {
          kind: 'success',
          message: {
            zh: `${TEXT.uploadedFlash.zh}${document.fileName}${said.zh}`,
            en: `${TEXT.uploadedFlash.en}${document.fileName}${said.en}`,
          },
        });
      } catch (error) {
        if (error instanceof DocumentRefusedError) {
          if (error.reason === 'account-full') {
            const errors = fileError(error.messages, 'ACCOUNT_STORAGE_FULL');
            return documentsPage(p, app, p.formState({ errors }), 413);
          }
          const code = error.reason === 'too-large' ? 'FILE_TOO_LARGE' : 'FILE_TYPE_NOT_ALLOWED';
          return documentsPage(p, app, p.formState({ errors: fileError(error.messages, code) }), 422);
        }
        const failure = failureOf(error);
        if (failure === null) throw error;
        return documentsPage(p, app, p.formState({ errors: refusalErrors(failure) }), refusalStatus(failure));
      }
    },
  }),
  definePage({
    method: 'post',
    path: '/applications/:id/documents/:documentId/remove',
    access: 'document.upload-own',
    async handle(p) {
      const app = await ownApplication(p);
      if (!isEditable(app)) return notEditable(p, app);
      // The table's button asks first: this page names the file, and its button posts confirm=1.
      if (!isConfirmed(p.form)) return removeConfirmPage(p, app, documentIdOf(p));
      const document = await removeDocument({
        ...applicantDeps(p),
        applicationId: app.id,
        documentId: documentIdOf(p),
      });
      return p.redirect(applicationPath(app, 'documents'), {
        kind: 'success',
        message: {
          zh: `${TEXT.removedFlash.zh}${document.fileName}`,
          en: `${TEXT.removedFlash.en}${document.fileName}`,
        },
      });
    },
  }),
  definePage({
    method: 'get',
    path: '/applications/:id/documents/:documentId',
    access: 'document.read-own',
    async handle(p) {
      const app = await ownApplication(p);
      const content = await readDocument({
        ...applicantDeps(p),
        applicationId: app.id,
        documentId: documentIdOf(p),
      });
      // An attachment under the type detected at upload; nosniff keeps browsers from guessing another.
      return p.c.body(new Uint8Array(content.bytes), 200, {
        'Content-Type': content.document.mediaType,
        'Content-Length': String(content.bytes.byteLength),
        'Content-Disposition': contentDisposition(content.downloadName),
        'X-Content-Type-Options': 'nosniff',
      });
    },
  }),
];
