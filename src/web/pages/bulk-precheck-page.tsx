/**
 * 批量备案类型验证 — the precheck (precheck-page.tsx) for a file of domains: a TXT file (one domain a
 * line) or a CSV file with per-row subject columns, in the formats of `beian check --file` (README,
 * "Bulk checks stream"; src/checking/bulk-files.ts reads and writes them for both). The form's subject
 * fields are the defaults of every row; like the precheck, the check is bound to the signed-in account
 * (Q9), so a CSV `account` column is ignored here.
 *
 * The whole upload is read and validated first (empty, too large, too many rows, not UTF-8 text, bad CSV,
 * bad row options → 422 on the file field), because once the answer starts its status is sent. Then the
 * answer is the result file as an attachment, written as rows are checked (a ReadableStream with
 * backpressure: a slow reader pauses the checks, a reader that goes away stops them), so /static/app.js
 * (`data-bulk-precheck`) can count the rows arriving and show progress, then offer the file through a
 * blob URL. Without JavaScript the browser simply downloads the answer.
 *
 * Limits are the web's (a request holds a connection and a rate-limit slot): the command line takes
 * files of any size.
 */
import { ID_TYPES, SUBJECT_TYPES } from '../../policy/index.ts';
import { toShanghaiIso } from '../../shared/index.ts';
import type { BulkRow, RowField } from '../../checking/index.ts';
import { bulkCheck, visibilityOf, withAccountVisibility } from '../../checking/index.ts';
import type { InputFormat, OutputFormat } from '../../checking/index.ts';
import {
  BulkUploadError,
  CSV_COLUMNS,
  csvCell,
  formatCsvRow,
  formatJsonlRow,
  readBulkUpload,
  rowOptionErrors,
} from '../../checking/index.ts';
import { CheckRequestError, checkRequestSchema, contextFor } from '../../checking/index.ts';
import type { FieldError, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  ErrorSummary,
  Fieldset,
  Form,
  ID_TYPE_LABELS,
  RadioGroup,
  SUBJECT_TYPE_LABELS,
  SelectField,
  TextField,
  definePage,
  format,
  provinceChoices,
  TERMS,
} from '../kit/index.ts';
import { FileField } from '../kit/file-field.tsx';

/** 2 MiB: ten thousand long domains with room to spare, and a bounded read before answering. */
export const MAX_BULK_UPLOAD_BYTES = 2 * 1024 * 1024;
export const MAX_BULK_ROWS = 10_000;
/** The form's fields and multipart framing around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
/**
 * Rows checked (one batch of fact lookups) and sent per piece of the answer: small enough for the
 * progress to move every few hundred rows, large enough that lookups stay batched.
 */
export const ROWS_PER_PIECE = 200;
/** Row-option errors listed on the file field; the rest are counted. */
const MAX_LISTED_ROW_ERRORS = 5;

const TEXT = {
  title: { zh: '批量备案类型验证', en: 'Bulk filing-type check' },
  intro: {
    zh: '上传一个域名列表，逐行核验能否备案及备案类型，结果以 CSV 或 JSON Lines 文件下载。每一行的核验与“备案类型验证”相同。',
    en: 'Upload a list of domains: each row is checked for filing as on the filing-type check page, and the results download as a CSV or JSON Lines file.',
  },
  single: { zh: '只验证一个域名？请用', en: 'Checking just one domain? Use the' },
  singleLink: { zh: '备案类型验证', en: 'filing-type check' },
  subject: { zh: '主办单位（每一行共用，均可不填）', en: 'Filing subject (for every row; all optional)' },
  subjectHint: {
    zh: '不填时不核对域名实名持有者。CSV 文件中该行自己的列优先。',
    en: "Without them the domain's real-name holder is not compared. A CSV row's own columns take precedence.",
  },
  province: TERMS.province,
  subjectType: { zh: '主办单位性质', en: 'Subject nature' },
  idType: TERMS.idType,
  idNumber: TERMS.idNumber,
  subjectName: TERMS.subjectName,
  file: { zh: '域名文件', en: 'Domain file' },
  fileHint: {
    zh: 'TXT（每行一个域名）或 CSV（.csv，带表头），UTF-8 编码；不超过 {size}、{rows} 行。',
    en: 'TXT (one domain a line) or CSV (.csv, with a header row), UTF-8; at most {size} and {rows} rows.',
  },
  format: { zh: '结果格式', en: 'Result format' },
  csv: { zh: 'CSV（可用表格软件打开）', en: 'CSV (opens in a spreadsheet)' },
  jsonl: { zh: 'JSON Lines（每行一个完整结果）', en: 'JSON Lines (one full result a line)' },
  submit: { zh: '开始验证', en: 'Check the file' },
  chooseFile: { zh: '请选择要上传的文件', en: 'Choose a file to upload' },
  formatInvalid: {
    zh: '结果格式只能是 CSV 或 JSON Lines',
    en: 'The result format must be CSV or JSON Lines',
  },
  moreRowErrors: {
    zh: '另有 {count} 行的参数无效',
    en: '{count} more rows have invalid options',
  },
  formats: { zh: '文件格式', en: 'File formats' },
  txtFormat: {
    zh: 'TXT：每行一个域名或网址；空行和以 # 开头的行跳过，行号照算。',
    en: 'TXT: one domain or URL a line; blank lines and lines starting with # are skipped but counted.',
  },
  csvFormat: {
    zh: 'CSV：第 1 行为表头，须有 domain（或“域名”）列；可选列 province、subjectType、subjectName、subjectIdType、subjectId 为该行自己的主办单位信息（取值同命令行参数，如 330000、enterprise、uscc）。',
    en: 'CSV: the first row is a header with a "domain" (or "域名") column; optional columns province, subjectType, subjectName, subjectIdType, subjectId give the row its own subject (values as on the command line: 330000, enterprise, uscc).',
  },
  outputFormat: {
    zh: "结果 CSV 的列：line,input,domain,registrable,filingType,ok,codes,message（UTF-8，无 BOM）。以 = + - @ 开头的单元格前加 '，表格软件不会把它当作公式。",
    en: "Result CSV columns: line,input,domain,registrable,filingType,ok,codes,message (UTF-8, no BOM). Cells starting with = + - @ get a leading ' so spreadsheets do not run them as formulas.",
  },
  limits: {
    zh: '网页每次最多 {rows} 行、{size}；更大的文件请用命令行：beian check --file 文件 [--format csv|jsonl]。',
    en: 'The web takes at most {rows} rows and {size} at a time; for larger files use the command line: beian check --file FILE [--format csv|jsonl].',
  },
  counting: { zh: '正在读取文件…', en: 'Reading the file…' },
  progress: { zh: '已核验 {done} / {total} 行', en: 'Checked {done} of {total} rows' },
  finished: {
    zh: '已核验 {rows} 行：{ok} 行可以备案，{failed} 行有错误。',
    en: 'Checked {rows} rows: {ok} can be filed, {failed} have errors.',
  },
  download: { zh: '下载结果文件（{name}）', en: 'Download the results ({name})' },
  interrupted: {
    zh: '核验中断，结果不完整。请稍后重新提交。',
    en: 'The check was interrupted and the results are incomplete. Submit the file again later.',
  },
} satisfies Record<string, Localized>;

const SUBJECT_FIELDS = ['province', 'subjectType', 'subjectIdType', 'subjectId', 'subjectName'] as const;
type SubjectField = (typeof SUBJECT_FIELDS)[number];
const LABELS: Record<SubjectField, Localized> = {
  province: TEXT.province,
  subjectType: TEXT.subjectType,
  subjectIdType: TEXT.idType,
  subjectId: TEXT.idNumber,
  subjectName: TEXT.subjectName,
};
const MAX_LENGTH: Record<SubjectField, number> = {
  province: 64,
  subjectType: 64,
  subjectIdType: 64,
  subjectId: 64,
  subjectName: 256,
};
const OUTPUT_FORMATS: readonly OutputFormat[] = ['csv', 'jsonl'];

const LIMIT_VALUES = {
  size: `${MAX_BULK_UPLOAD_BYTES / (1024 * 1024)} MiB`,
  rows: MAX_BULK_ROWS.toLocaleString('en-US'),
};

const fieldError = (path: string, code: string, message: Localized): FieldError => ({ path, code, message });

/** The subject fields (all optional here, they are defaults) and the output format. */
function formErrors(p: PageRequest): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of SUBJECT_FIELDS) {
    const label = LABELS[field];
    if ((p.form[field] ?? '').trim().length > MAX_LENGTH[field]) {
      errors.push(
        fieldError(field, 'TOO_LONG', {
          zh: `${label.zh}过长`,
          en: `The ${label.en.toLowerCase()} is too long`,
        }),
      );
    }
  }
  const type = text(p, 'subjectType');
  if (type !== undefined && !(SUBJECT_TYPES as readonly string[]).includes(type)) {
    errors.push(
      fieldError('subjectType', 'INVALID_VALUE', {
        zh: '主办单位性质不在可选范围内',
        en: 'The subject nature is not one of the choices',
      }),
    );
  }
  const idType = text(p, 'subjectIdType');
  if (idType !== undefined && !(ID_TYPES as readonly string[]).includes(idType)) {
    errors.push(
      fieldError('subjectIdType', 'INVALID_VALUE', {
        zh: '证件类型不在可选范围内',
        en: 'The certificate type is not one of the choices',
      }),
    );
  }
  if (!(OUTPUT_FORMATS as readonly string[]).includes(outputFormat(p))) {
    errors.push(fieldError('format', 'INVALID_VALUE', TEXT.formatInvalid));
  }
  if (errors.length === 0) {
    // A well-formed but unknown province: the use case's own message, on the field.
    const parsed = checkRequestSchema.safeParse({ inputs: ['-'], ...defaultsOf(p) });
    if (parsed.success) {
      try {
        contextFor(p.deps.policy, parsed.data, p.deps.now);
      } catch (error) {
        if (!(error instanceof CheckRequestError)) throw error;
        errors.push(fieldError(error.field, 'UNKNOWN_VALUE', error.messages));
      }
    }
  }
  return errors;
}

function text(p: PageRequest, name: string): string | undefined {
  const value = (p.form[name] ?? '').trim();
  return value === '' ? undefined : value;
}

const outputFormat = (p: PageRequest): string => text(p, 'format') ?? 'csv';

/** The run's defaults: the form's subject and the signed-in account (never a file's). */
function defaultsOf(p: PageRequest): Partial<Record<RowField, string>> {
  const defaults: Partial<Record<RowField, string>> = {};
  for (const field of SUBJECT_FIELDS) {
    const value = text(p, field);
    if (value !== undefined) defaults[field] = value;
  }
  if (p.account) defaults.account = p.account.login;
  return defaults;
}

/** TXT unless the file says CSV by its name or type, as `beian check --file` decides by the name. */
function inputFormatOf(file: File): InputFormat {
  return /\.csv$/i.test(file.name) || /^text\/csv\b/i.test(file.type) ? 'csv' : 'txt';
}

/** Drops a CSV `account` column: the check is bound to whoever is signed in (Q9, like /precheck). */
function withoutAccount(rows: BulkRow[]): BulkRow[] {
  return rows.map((row) => {
    if (row.fields?.account === undefined) return row;
    const fields = { ...row.fields };
    delete fields.account;
    return { ...row, fields };
  });
}

type Upload = { rows: BulkRow[]; errors: FieldError[] };

/**
 * The file's rows, or its errors. Row options are checked only when the form's own are valid: a bad
 * default would otherwise be reported again on every row.
 */
async function readUpload(p: PageRequest, checkRowOptions: boolean): Promise<Upload> {
  const file = p.files.file;
  if (file === undefined || (file.size === 0 && file.name === '')) {
    return { rows: [], errors: [fieldError('file', 'REQUIRED', TEXT.chooseFile)] };
  }
  try {
    const rows = withoutAccount(
      await readBulkUpload(new Uint8Array(await file.arrayBuffer()), inputFormatOf(file), {
        maxBytes: MAX_BULK_UPLOAD_BYTES,
        maxRows: MAX_BULK_ROWS,
      }),
    );
    if (!checkRowOptions) return { rows, errors: [] };
    const problems = rowOptionErrors(p.deps.policy, rows, defaultsOf(p), {
      now: p.deps.now(),
      max: MAX_LISTED_ROW_ERRORS,
    });
    const errors = problems.errors.map((problem) => fieldError('file', 'ROW_INVALID', problem.message));
    if (problems.total > problems.errors.length) {
      const count = (problems.total - problems.errors.length).toLocaleString('en-US');
      errors.push(fieldError('file', 'ROW_INVALID', format(TEXT.moreRowErrors, { count })));
    }
    return { rows, errors };
  } catch (error) {
    if (!(error instanceof BulkUploadError)) throw error;
    return { rows: [], errors: [fieldError('file', error.code, error.messages)] };
  }
}

function bulkPage(p: PageRequest, options: { errors?: FieldError[] } = {}) {
  const errors = options.errors ?? [];
  const form = p.formState({ errors });
  const fileHint = format(TEXT.fileHint, LIMIT_VALUES);
  return p.render({
    title: TEXT.title,
    status: errors.length > 0 ? 422 : 200,
    body: (
      <>
        <p>{p.t(TEXT.intro)}</p>
        <p>
          {p.t(TEXT.single)} <a href="/precheck">{p.t(TEXT.singleLink)}</a>
          {p.lang === 'zh' ? '。' : '.'}
        </p>
        <ErrorSummary form={form} />
        <Form
          form={form}
          action="/precheck/bulk"
          multipart
          class="form bulk-form"
          data={{
            'bulk-precheck': '',
            'max-bytes': String(MAX_BULK_UPLOAD_BYTES),
            counting: p.t(TEXT.counting),
            progress: p.t(TEXT.progress),
            finished: p.t(TEXT.finished),
            download: p.t(TEXT.download),
            interrupted: p.t(TEXT.interrupted),
          }}
        >
          <Fieldset form={form} legend={TEXT.subject} hint={TEXT.subjectHint}>
            <SelectField
              form={form}
              name="province"
              label={TEXT.province}
              optional
              options={provinceChoices(p.deps.policy)}
            />
            <SelectField
              form={form}
              name="subjectType"
              label={TEXT.subjectType}
              optional
              options={SUBJECT_TYPES.map((type) => ({ value: type, label: SUBJECT_TYPE_LABELS[type] }))}
            />
            <SelectField
              form={form}
              name="subjectIdType"
              label={TEXT.idType}
              optional
              options={ID_TYPES.map((type) => ({ value: type, label: ID_TYPE_LABELS[type] }))}
            />
            <TextField
              form={form}
              name="subjectId"
              label={TEXT.idNumber}
              optional
              code
              width="medium"
              maxlength={64}
              autocomplete="off"
            />
            <TextField
              form={form}
              name="subjectName"
              label={TEXT.subjectName}
              optional
              maxlength={256}
              autocomplete="organization"
            />
          </Fieldset>
          <FileField
            form={form}
            name="file"
            label={TEXT.file}
            hint={fileHint}
            accept=".txt,.csv,text/plain,text/csv"
          />
          <RadioGroup
            form={form}
            name="format"
            legend={TEXT.format}
            inline
            value={form.values.format ?? 'csv'}
            options={[
              { value: 'csv', label: TEXT.csv },
              { value: 'jsonl', label: TEXT.jsonl },
            ]}
          />
          <Button>{p.t(TEXT.submit)}</Button>
          <div class="bulk-progress">
            <progress class="bulk-bar" data-bulk-bar="" hidden></progress>
            <p class="bulk-status" role="status" aria-live="polite" data-bulk-status=""></p>
            <p class="bulk-download" data-bulk-download="" hidden></p>
          </div>
        </Form>
        <h2>{p.t(TEXT.formats)}</h2>
        <ul class="bulk-formats">
          <li>{p.t(TEXT.txtFormat)}</li>
          <li>{p.t(TEXT.csvFormat)}</li>
          <li>{p.t(TEXT.outputFormat)}</li>
          <li>{p.t(format(TEXT.limits, LIMIT_VALUES))}</li>
        </ul>
      </>
    ),
  });
}

class AnswerCancelled extends Error {}

/**
 * A byte stream written by `run` through `emit`, with backpressure: `emit` waits while the reader has
 * not taken the previous piece, and throws once the reader cancelled (the client went away), which
 * stops `run`. An error of `run` errors the stream: the download ends broken rather than looking whole.
 */
function producedStream(
  run: (emit: (text: string) => Promise<void>) => Promise<void>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let resume: (() => void) | null = null;
  let cancelled = false;
  const wake = () => {
    const waiting = resume;
    resume = null;
    waiting?.();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const emit = async (text: string) => {
        if (cancelled) throw new AnswerCancelled();
        controller.enqueue(encoder.encode(text));
        if ((controller.desiredSize ?? 0) <= 0) await new Promise<void>((resolve) => (resume = resolve));
        if (cancelled) throw new AnswerCancelled();
      };
      void run(emit).then(
        () => controller.close(),
        (error: unknown) => {
          if (!cancelled) controller.error(error);
        },
      );
    },
    pull: wake,
    cancel() {
      cancelled = true;
      wake();
    },
  });
}

/** Rows already read, as the single batch `bulkCheck` reads them. */
function oneBatch(rows: readonly BulkRow[]): AsyncIterable<readonly BulkRow[]> {
  return {
    [Symbol.asyncIterator]() {
      let done = false;
      return {
        next: () => {
          const step: IteratorResult<readonly BulkRow[]> = done
            ? { done: true, value: undefined }
            : { done: false, value: rows };
          done = true;
          return Promise.resolve(step);
        },
      };
    },
  };
}

/** `beian-precheck-2026-11-28-120000.csv`: the check's time in Beijing time, ASCII only. */
function downloadName(now: Date, format: OutputFormat): string {
  const stamp = toShanghaiIso(now).slice(0, 19).replace('T', '-').replace(/:/g, '');
  return `beian-precheck-${stamp}.${format}`;
}

function resultAnswer(p: PageRequest, rows: BulkRow[], format: OutputFormat): Response {
  const now = p.deps.now();
  const lang = p.lang;
  const stream = producedStream(async (emit) => {
    if (format === 'csv') await emit(CSV_COLUMNS.join(',') + '\n');
    let buffer = '';
    let buffered = 0;
    const add = (line: string): Promise<void> | void => {
      buffer += line;
      if (++buffered < ROWS_PER_PIECE) return;
      const piece = buffer;
      buffer = '';
      buffered = 0;
      return emit(piece);
    };
    await bulkCheck({
      // Other accounts only for subjects the visitor controls (Q9 without enumeration, issue 12).
      checker: {
        policy: p.deps.policy,
        facts: withAccountVisibility(p.deps.facts, visibilityOf(p.deps.db.kysely, p.account)),
      },
      rows: oneBatch(rows),
      defaults: defaultsOf(p),
      chunkSize: ROWS_PER_PIECE,
      now: () => now,
      write: (row) => add(format === 'csv' ? formatCsvRow(row, lang) : formatJsonlRow(row)),
      // Validated before answering (rowOptionErrors), so not expected; still never a silent gap.
      reject: (error) => {
        buffer +=
          format === 'csv'
            ? `${error.line},,,,,false,,${csvCell(error.message[lang])}\n`
            : JSON.stringify({ line: error.line, ok: false, error }) + '\n';
      },
    });
    if (buffer !== '') await emit(buffer);
  });
  return p.c.body(stream, 200, {
    'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'Content-Disposition': `attachment; filename="${downloadName(now, format)}"`,
    // The exact count for the progress bar (the script's own count of lines is an estimate).
    'X-Bulk-Rows': String(rows.length),
  });
}

export const BULK_PRECHECK_PAGES = [
  definePage({
    method: 'get',
    path: '/precheck/bulk',
    access: 'precheck',
    handle: (p) => bulkPage(p),
  }),
  definePage({
    method: 'post',
    path: '/precheck/bulk',
    access: 'precheck',
    rateLimit: 'precheck',
    maxBodyBytes: MAX_BULK_UPLOAD_BYTES + FORM_OVERHEAD_BYTES,
    async handle(p) {
      const errors = formErrors(p);
      const upload = await readUpload(p, errors.length === 0);
      errors.push(...upload.errors);
      if (errors.length > 0) return bulkPage(p, { errors });
      return resultAnswer(p, upload.rows, outputFormat(p) as OutputFormat);
    },
  }),
];
