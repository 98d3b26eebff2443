/**
 * 替换被驳回的材料 — on the applicant's application page, each document a provider reviewer rejected with
 * the reason and what to do, and a form to upload its replacement (replaceDocument) while the
 * application stays in review or waits in `supplement-requested`; without withdrawing it (issue 15).
 */
import {
  DEFAULT_MAX_UPLOAD_BYTES,
  DOCUMENT_KIND_LABELS,
  DocumentRefusedError,
  tooLargeMessage,
} from '../../../documents/index.ts';
import { allows } from '../../../filing/index.ts';
import { MULTIPART_OVERHEAD_BYTES } from '../../../http/app.ts';
import type { Application, ApplicationDocument } from '../../../workflow/index.ts';
import { replaceDocument } from '../../../workflow/index.ts';
import type { FormState, Lang, Localized, PageRequest } from '../../kit/index.ts';
import { Button, Form, TextField, definePage, failureOf, format, idParam, t } from '../../kit/index.ts';
import { FileField } from '../../kit/file-field.tsx';
import { applicantDeps, applicationPath, ownApplication } from '../applicant-shared.tsx';

const TEXT = {
  title: { zh: '需要替换的材料', en: 'Documents to replace' },
  intro: {
    zh: '接入商驳回了以下材料。请按原因上传新的文件替换，申请无需撤回；全部替换后，初审继续。',
    en: 'The provider rejected the documents below. Upload a new file for each as the reason says; the application need not be withdrawn, and the review goes on once all are replaced.',
  },
  reason: { zh: '驳回原因：', en: 'Rejected because: ' },
  remedy: { zh: '修改建议：', en: 'What to do: ' },
  file: { zh: '新的文件', en: 'New file' },
  fileHint: {
    zh: 'PDF、JPEG 或 PNG，按文件内容识别类型',
    en: 'PDF, JPEG or PNG, recognised by its content',
  },
  replace: { zh: '替换该材料', en: 'Replace this document' },
  certificateCode: { zh: '证书验证码', en: 'Certificate verification code' },
  certificateCodeHint: {
    zh: '上传盖章扫描件时填写证书上的验证码（与首次上传时一样核对）；本系统打印的 PDF 原件自动核对，其他注册商的证书不填',
    en: "For a sealed scan, type the code printed on it (checked as on the first upload); this system's original PDF is checked by itself; leave it empty for another registrar's certificate",
  },
  replaced: { zh: '已替换材料：{file}', en: 'Document replaced: {file}' },
  chooseFile: { zh: '请选择要上传的新文件', en: 'Choose the new file to upload' },
  noDocument: { zh: '没有这个材料', en: 'No such document' },
  notReplaced: { zh: '材料未替换：{reason}', en: 'Not replaced: {reason}' },
} satisfies Record<string, Localized>;

/** The rejected documents with a replace form each, while the status lets the applicant replace them. */
export function RejectedDocuments(props: {
  lang: Lang;
  app: Application;
  documents: ApplicationDocument[];
  form: FormState;
}) {
  const { lang, app, form } = props;
  const rejected = props.documents.filter((document) => document.rejection !== null);
  if (rejected.length === 0 || !allows(app.status, 'replace-documents')) return null;
  const tr = (text: Localized) => t(lang, text);
  return (
    <section aria-labelledby="rejected-documents-title" class="notice notice-warning">
      <h2 id="rejected-documents-title">{tr(TEXT.title)}</h2>
      <p>{tr(TEXT.intro)}</p>
      {rejected.map((document) => (
        <article aria-labelledby={`rejected-document-${document.id}`}>
          <h3 id={`rejected-document-${document.id}`}>
            {tr(DOCUMENT_KIND_LABELS[document.kind])} · <bdi>{document.fileName}</bdi>
          </h3>
          <p>
            <strong>{tr(TEXT.reason)}</strong>
            <bdi>{document.rejection === null ? '' : tr(document.rejection.message)}</bdi>
          </p>
          {document.rejection?.remedy && (
            <p>
              <strong>{tr(TEXT.remedy)}</strong>
              {tr(document.rejection.remedy)}
            </p>
          )}
          <Form form={form} action={`${applicationPath(app)}/documents/${document.id}/replace`} multipart>
            <FileField
              form={form}
              name={`file-${document.id}`}
              label={TEXT.file}
              hint={TEXT.fileHint}
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            />
            {document.kind === 'domain-certificate' && (
              <TextField
                form={form}
                name={`certificateCode-${document.id}`}
                label={TEXT.certificateCode}
                hint={TEXT.certificateCodeHint}
                optional
                code
                width="medium"
                maxlength={64}
                autocomplete="off"
              />
            )}
            <Button variant="secondary">{tr(TEXT.replace)}</Button>
          </Form>
        </article>
      ))}
    </section>
  );
}

/** The refusal said on the application page: the field's message (the file), or the use case's. */
function refused(p: PageRequest, app: Application, message: Localized) {
  return p.redirect(applicationPath(app), {
    kind: 'error',
    message: {
      zh: format(TEXT.notReplaced.zh, { reason: message.zh }),
      en: format(TEXT.notReplaced.en, { reason: message.en }),
    },
  });
}

export const REPLACE_DOCUMENT_PAGE = definePage({
  method: 'post',
  path: '/applications/:id/documents/:documentId/replace',
  access: 'document.upload-own',
  maxBodyBytes: DEFAULT_MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES,
  async handle(p) {
    const app = await ownApplication(p);
    const documentId = idParam(p, TEXT.noDocument, 'documentId');
    const file = p.files[`file-${documentId}`];
    if (file === undefined || (file.size === 0 && file.name === '')) return refused(p, app, TEXT.chooseFile);
    const max = p.deps.documents.maxBytes;
    if (file.size > max) return refused(p, app, tooLargeMessage(max));
    try {
      const result = await replaceDocument({
        ...applicantDeps(p),
        documents: p.deps.documents,
        applicationId: app.id,
        documentId,
        input: {
          fileName: file.name,
          bytes: new Uint8Array(await file.arrayBuffer()),
          certificateCode: p.form[`certificateCode-${documentId}`],
        },
      });
      return p.redirect(applicationPath(app), {
        kind: 'success',
        message: format(TEXT.replaced, { file: result.document.fileName }),
      });
    } catch (error) {
      if (error instanceof DocumentRefusedError) return refused(p, app, error.messages);
      const failure = failureOf(error);
      if (failure === null) throw error;
      return refused(p, app, failure.fields[0]?.message ?? failure.message);
    }
  },
});
