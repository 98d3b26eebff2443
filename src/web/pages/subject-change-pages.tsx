/**
 * 变更主体 pages (issue 15): from 我的备案, the form of a filed subject's data (its certificate shown,
 * not editable: another certificate is another subject), saved as a draft; then the draft's page, where
 * a new name's 更名函 is uploaded and the change is submitted for 初审. The progress afterwards is the
 * application page's, as for every application.
 */
import { DEFAULT_MAX_UPLOAD_BYTES, DocumentRefusedError } from '../../documents/index.ts';
import { MULTIPART_OVERHEAD_BYTES } from '../../http/app.ts';
import type { Application, FiledSubject } from '../../workflow/index.ts';
import {
  changeSubject,
  listDocuments,
  readFiledSubject,
  submitSubjectChange,
  uploadDocument,
} from '../../workflow/index.ts';
import type { FormState, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  ErrorSummary,
  Form,
  HiddenField,
  ID_TYPE_LABELS,
  NotFound,
  SUBJECT_TYPE_LABELS,
  APPLICATION_STATUS_LABELS,
  TERMS,
  TextField,
  definePage,
  failureOf,
  format,
} from '../kit/index.ts';
import { FileField } from '../kit/file-field.tsx';
import { postedSubject, SubjectDetailFields } from './applicant-form-fields.tsx';
import {
  applicantDeps,
  applicationPath,
  ownApplication,
  refusalErrors,
  refusalStatus,
} from './applicant-shared.tsx';
import { provinceName } from './review-application-view.tsx';

const TEXT = {
  title: { zh: '变更主体', en: 'Change subject' },
  intro: {
    zh: '变更主办单位名称、地址、主体负责人或备注。变更经接入商初审、工信部短信核验（主体负责人手机）和管局审核后生效，主体备案号和网站备案号不变。证件类型、证件号码、主体性质和省份不能变更：证件不同即为另一个主体，须注销后重新备案。',
    en: 'Change the subject’s name, addresses, responsible person or remarks. The change takes effect after the provider’s review, MIIT’s SMS verification (the responsible person’s phone) and the bureau’s review; the subject and website numbers stay. The certificate, the subject type and the province cannot change: another certificate is another subject, which is cancelled and filed anew.',
  },
  fixed: { zh: '不可变更', en: 'Cannot change' },
  unknownDetails: {
    zh: '本系统没有该主体的地址和负责人记录（例如导入的备案），请完整填写。',
    en: 'No addresses or responsible person are recorded here for this subject (an imported filing, for example); fill them in.',
  },
  nameHint: {
    zh: '名称变更须上传更名函（登记机关出具的名称变更证明），下一步上传',
    en: 'A new name needs the name change letter (the registration authority’s proof), uploaded in the next step',
  },
  certificateAddress: { zh: '证件住所', en: 'Certificate address' },
  mailingAddress: { zh: '通讯地址', en: 'Mailing address' },
  leader: { zh: '主体负责人', en: 'Subject’s responsible person' },
  leaderHint: {
    zh: '工信部核验短信发到此手机号',
    en: 'MIIT’s verification SMS goes to this mobile number',
  },
  remarks: { zh: '备注', en: 'Remarks' },
  save: { zh: '保存变更', en: 'Save the change' },
  saved: { zh: '变更已保存，请核对后提交。', en: 'The change is saved; check it and submit.' },
  draftTitle: { zh: '变更主体：核对并提交', en: 'Subject change: check and submit' },
  field: { zh: '项目', en: 'Field' },
  before: { zh: '变更前', en: 'Before' },
  after: { zh: '变更后', en: 'After' },
  unchanged: { zh: '（不变）', en: '(unchanged)' },
  notRecorded: { zh: '未记录', en: 'not recorded' },
  letter: { zh: '更名函', en: 'Name change letter' },
  letterNeeded: {
    zh: '主办单位名称将变更，提交前须上传更名函（PDF、JPEG 或 PNG）。',
    en: 'The subject name changes: upload the name change letter (PDF, JPEG or PNG) before submitting.',
  },
  letterHint: {
    zh: '登记机关出具的名称变更证明，如市场监管部门的《准予变更登记通知书》',
    en: 'The registration authority’s proof of the new name, such as the market regulator’s notice of approved change',
  },
  upload: { zh: '上传更名函', en: 'Upload the letter' },
  uploaded: { zh: '已上传：', en: 'Uploaded: ' },
  submit: { zh: '提交初审', en: 'Submit for review' },
  submitted: {
    zh: '变更主体已提交初审。通过后，主体负责人会收到工信部核验短信。',
    en: 'The subject change is submitted for review. Once passed, the responsible person gets MIIT’s verification SMS.',
  },
  edit: { zh: '修改变更内容', en: 'Edit the change' },
  noFiling: { zh: '找不到该备案主体', en: 'No such filed subject' },
  noChange: { zh: '该申请不是变更主体申请', en: 'This application is not a subject change' },
  chooseFile: { zh: '请选择要上传的文件', en: 'Choose a file to upload' },
  status: { zh: '申请状态', en: 'Status' },
} satisfies Record<string, Localized>;

const changeHref = (number: string) => `/filings/${encodeURIComponent(number)}/change-subject`;
const draftHref = (id: number) => `/subject-changes/${id}`;

/** The filed subject of the URL, if it is the applicant's; else the 404 page. */
async function ownFiledSubject(p: PageRequest): Promise<FiledSubject> {
  const number = (p.params.number ?? '').trim();
  if (number === '' || number.length > 64) throw new NotFound(TEXT.noFiling);
  try {
    return await readFiledSubject({ ...applicantDeps(p), subjectNumber: number });
  } catch (error) {
    if (failureOf(error)?.status === 404) throw new NotFound(TEXT.noFiling);
    throw error;
  }
}

/** Dotted form values of a nested object (`subject.responsiblePerson.mobile`). */
function flatten(prefix: string, value: unknown, into: Record<string, string> = {}): Record<string, string> {
  if (typeof value === 'string') into[prefix] = value;
  else if (typeof value === 'object' && value !== null && !Array.isArray(value))
    for (const [key, inner] of Object.entries(value)) flatten(`${prefix}.${key}`, inner, into);
  return into;
}

/** The form's values: the subject as filed (or as the draft being revised has it). */
function subjectValues(filed: FiledSubject, draft: Application | null): Record<string, string> {
  const subject = draft?.subject ?? { ...(filed.details ?? {}), name: filed.name };
  return {
    'subject.responsiblePerson.idType': 'resident-id',
    ...flatten('subject', subject),
    ...fixedValues(filed),
  };
}

function fixedValues(filed: FiledSubject): Record<string, string> {
  return {
    'subject.type': filed.type ?? '',
    'subject.idType': filed.idType,
    'subject.idNumber': filed.idNumber,
    'subject.province': filed.province,
  };
}

function FixedSummary(props: { p: PageRequest; filed: FiledSubject }) {
  const { p, filed } = props;
  return (
    <dl class="summary-list">
      <dt>{p.t(TERMS.subjectNumber)}</dt>
      <dd>
        <bdi>{filed.subjectNumber}</bdi>
      </dd>
      <dt>{p.t(TERMS.subjectType)}</dt>
      <dd>{filed.type === null ? p.t(TEXT.notRecorded) : p.t(SUBJECT_TYPE_LABELS[filed.type])}</dd>
      <dt>{p.t(TERMS.subjectIdType)}</dt>
      <dd>{p.t(ID_TYPE_LABELS[filed.idType])}</dd>
      <dt>{p.t(TERMS.subjectIdNumber)}</dt>
      <dd class="code">
        <bdi>{filed.idNumber}</bdi>
      </dd>
      <dt>{p.t(TERMS.province)}</dt>
      <dd>{provinceName(p.deps.policy, filed.province, p.lang)}</dd>
    </dl>
  );
}

async function changeForm(
  p: PageRequest,
  filed: FiledSubject,
  form: FormState,
  applicationId: number | null,
  status: 200 | 403 | 404 | 409 | 422 = 200,
) {
  const fixed = fixedValues(filed);
  return p.render({
    title: TEXT.title,
    status,
    body: (
      <>
        <ErrorSummary form={form} />
        <p>{p.t(TEXT.intro)}</p>
        <h2>{p.t(TEXT.fixed)}</h2>
        <FixedSummary p={p} filed={filed} />
        {filed.details === null && <p class="notice">{p.t(TEXT.unknownDetails)}</p>}
        <Form form={form} action={changeHref(filed.subjectNumber)}>
          {Object.entries(fixed).map(([name, value]) => (
            <HiddenField name={name} value={value} />
          ))}
          {applicationId !== null && <HiddenField name="applicationId" value={String(applicationId)} />}
          <TextField
            form={form}
            name="subject.name"
            label={TERMS.subjectName}
            hint={TEXT.nameHint}
            maxlength={100}
            autocomplete="organization"
          />
          <SubjectDetailFields form={form} leaderHint={TEXT.leaderHint} />
          <Button>{p.t(TEXT.save)}</Button>
        </Form>
      </>
    ),
  });
}

/** The applicant's subject change of the URL's id; another application is the 404 page. */
async function ownSubjectChange(p: PageRequest): Promise<Application> {
  const app = await ownApplication(p);
  if (app.changeKind !== 'subject' || app.changeOf === null) throw new NotFound(TEXT.noChange);
  return app;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

async function draftPage(
  p: PageRequest,
  app: Application,
  form: FormState,
  status: 200 | 403 | 404 | 409 | 413 | 422 = 200,
) {
  const filed = await readFiledSubject({ ...applicantDeps(p), subjectNumber: app.changeOf ?? '' });
  const documents = (await listDocuments({ ...applicantDeps(p), applicationId: app.id })).filter(
    (d) => d.kind === 'name-change-letter',
  );
  const was: Record<string, unknown> = { ...(filed.details ?? {}), name: filed.name };
  const person = (s: Record<string, unknown>) => {
    const r = s.responsiblePerson as Record<string, unknown> | undefined;
    return r === undefined ? '' : `${text(r.name)} ${text(r.mobile)} ${text(r.email)}`.trim();
  };
  const rows: { label: Localized; before: string; after: string }[] = [
    { label: TERMS.subjectName, before: text(was.name), after: text(app.subject.name) },
    {
      label: TEXT.certificateAddress,
      before: text(was.certificateAddress),
      after: text(app.subject.certificateAddress),
    },
    { label: TEXT.mailingAddress, before: text(was.mailingAddress), after: text(app.subject.mailingAddress) },
    { label: TEXT.leader, before: person(was), after: person(app.subject) },
    { label: TEXT.remarks, before: text(was.remarks), after: text(app.subject.remarks) },
  ];
  const renamed = text(app.subject.name) !== filed.name;
  const editable =
    app.status === 'draft' || app.status === 'provider-rejected' || app.status === 'bureau-rejected';
  return p.render({
    title: TEXT.draftTitle,
    status,
    body: (
      <>
        <ErrorSummary form={form} />
        <dl class="summary-list">
          <dt>{p.t(TERMS.subjectNumber)}</dt>
          <dd>
            <bdi>{filed.subjectNumber}</bdi>
          </dd>
          <dt>{p.t(TEXT.status)}</dt>
          <dd>{p.t(APPLICATION_STATUS_LABELS[app.status])}</dd>
        </dl>
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{p.t(TEXT.draftTitle)}</caption>
            <thead>
              <tr>
                <th scope="col">{p.t(TEXT.field)}</th>
                <th scope="col">{p.t(TEXT.before)}</th>
                <th scope="col">{p.t(TEXT.after)}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">{p.t(row.label)}</th>
                  <td data-label={p.t(TEXT.before)}>
                    <bdi>{row.before === '' ? p.t(TEXT.notRecorded) : row.before}</bdi>
                  </td>
                  <td data-label={p.t(TEXT.after)}>
                    <bdi>{row.after === row.before ? p.t(TEXT.unchanged) : row.after}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {editable && (
          <p>
            <a href={`${changeHref(filed.subjectNumber)}?application=${app.id}`}>{p.t(TEXT.edit)}</a>
          </p>
        )}
        {renamed && (
          <section aria-labelledby="letter">
            <h2 id="letter">{p.t(TEXT.letter)}</h2>
            {documents.length === 0 ? (
              <p class="notice">{p.t(TEXT.letterNeeded)}</p>
            ) : (
              <ul>
                {documents.map((d) => (
                  <li>
                    {p.t(TEXT.uploaded)}
                    <bdi>{d.fileName}</bdi>
                  </li>
                ))}
              </ul>
            )}
            {app.status === 'draft' && (
              <Form form={form} action={`${draftHref(app.id)}/letter`} multipart>
                <FileField
                  form={form}
                  name="file"
                  label={TEXT.letter}
                  hint={TEXT.letterHint}
                  accept=".pdf,.jpg,.jpeg,.png"
                />
                <Button variant="secondary">{p.t(TEXT.upload)}</Button>
              </Form>
            )}
          </section>
        )}
        {app.status === 'draft' && (
          <Form form={form} action={`${draftHref(app.id)}/submit`}>
            <Button>{p.t(TEXT.submit)}</Button>
          </Form>
        )}
        {!editable && (
          <p>
            <a href={applicationPath(app)}>
              {p.t(
                format(
                  { zh: '查看申请进度（编号 {id}）', en: 'See its progress (no. {id})' },
                  { id: app.id },
                ),
              )}
            </a>
          </p>
        )}
      </>
    ),
  });
}

export const SUBJECT_CHANGE_PAGES = [
  definePage({
    method: 'get',
    path: '/filings/:number/change-subject',
    access: 'filing.change-own',
    async handle(p) {
      const filed = await ownFiledSubject(p);
      const raw = p.query.application;
      let draft: Application | null = null;
      if (raw !== undefined) {
        draft = await ownSubjectChange({ ...p, params: { ...p.params, id: raw } });
      }
      return changeForm(p, filed, p.formState({ values: subjectValues(filed, draft) }), draft?.id ?? null);
    },
  }),
  definePage({
    method: 'post',
    path: '/filings/:number/change-subject',
    access: 'filing.change-own',
    async handle(p) {
      const filed = await ownFiledSubject(p);
      const revising = p.form.applicationId ? Number(p.form.applicationId) : null;
      const applicationId =
        revising !== null && Number.isSafeInteger(revising) && revising > 0 ? revising : null;
      try {
        const app = await changeSubject({
          ...applicantDeps(p),
          subjectNumber: filed.subjectNumber,
          input: postedSubject(p.form),
          ...(applicationId === null ? {} : { applicationId }),
        });
        return p.redirect(draftHref(app.id), { kind: 'success', message: TEXT.saved });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        return changeForm(
          p,
          filed,
          p.formState({ errors: refusalErrors(failure) }),
          applicationId,
          refusalStatus(failure),
        );
      }
    },
  }),
  definePage({
    method: 'get',
    path: '/subject-changes/:id',
    access: 'application.read-own',
    async handle(p) {
      return draftPage(p, await ownSubjectChange(p), p.formState());
    },
  }),
  definePage({
    method: 'post',
    path: '/subject-changes/:id/letter',
    access: 'document.upload-own',
    maxBodyBytes: DEFAULT_MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES,
    async handle(p) {
      const app = await ownSubjectChange(p);
      const file = p.files.file;
      const fileError = (message: Localized, code: string) =>
        p.formState({ errors: [{ path: 'file', code, message }] });
      if (file === undefined || (file.size === 0 && file.name === '')) {
        return draftPage(p, app, fileError(TEXT.chooseFile, 'REQUIRED'), 422);
      }
      try {
        await uploadDocument({
          ...applicantDeps(p),
          applicationId: app.id,
          input: {
            kind: 'name-change-letter',
            fileName: file.name,
            bytes: new Uint8Array(await file.arrayBuffer()),
          },
        });
        return p.redirect(draftHref(app.id), {
          kind: 'success',
          message: { zh: `${TEXT.uploaded.zh}${file.name}`, en: `${TEXT.uploaded.en}${file.name}` },
        });
      } catch (error) {
        if (error instanceof DocumentRefusedError) {
          return draftPage(
            p,
            app,
            fileError(error.messages, 'FILE_REFUSED'),
            error.reason === 'too-large' ? 413 : 422,
          );
        }
        const failure = failureOf(error);
        if (failure === null) throw error;
        return draftPage(p, app, p.formState({ errors: refusalErrors(failure) }), refusalStatus(failure));
      }
    },
  }),
  definePage({
    method: 'post',
    path: '/subject-changes/:id/submit',
    access: 'application.submit-own',
    async handle(p) {
      const app = await ownSubjectChange(p);
      try {
        const submitted = await submitSubjectChange({ ...applicantDeps(p), applicationId: app.id });
        return p.redirect(applicationPath(submitted), { kind: 'success', message: TEXT.submitted });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        // The letter's refusal is said beside the upload field.
        const errors = refusalErrors(failure).map((e) =>
          e.path === 'documents' ? { ...e, path: 'file' } : e,
        );
        return draftPage(p, app, p.formState({ errors }), refusalStatus(failure));
      }
    },
  }),
];

export const subjectChangeHref = changeHref;
