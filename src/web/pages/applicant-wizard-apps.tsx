/**
 * 填写APP信息 — the wizard's app step, after the websites (APP备案, 工信部信管〔2023〕105号): the apps,
 * mini programs and quick apps of the same subject. One fieldset per saved app and a blank one to add
 * another; per platform the feature fields, and a file box that takes the signing certificate (DER or
 * PEM) or the APK, from which the server fills in the public key and fingerprints (a typed value that
 * differs is shown on its field). Findings of the engine show under each app. Works without JavaScript.
 */
import { MAX_APK_BYTES } from '../../documents/index.ts';
import type { FieldError } from '../../filing/index.ts';
import {
  APP_FEATURE_LABELS,
  APP_PLATFORM_FIELDS,
  APP_PLATFORM_LABELS,
  APP_TYPE_LABELS,
  SERVICE_CONTENTS,
} from '../../filing/index.ts';
import { MULTIPART_OVERHEAD_BYTES } from '../../http/app.ts';
import { APP_PLATFORMS, APP_TYPES } from '../../policy/index.ts';
import type { AppPlatform, AppType } from '../../policy/index.ts';
import type { AppCheck, Application, SigningUpload } from '../../workflow/index.ts';
import { readAppStep, saveDraftApps } from '../../workflow/index.ts';
import type { FormState, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  ErrorSummary,
  FindingItem,
  Fieldset,
  Form,
  HiddenField,
  SelectField,
  TextArea,
  TextField,
  definePage,
  failureOf,
  fieldId,
} from '../kit/index.ts';
import { FileField } from '../kit/file-field.tsx';
import { flattenValues } from '../kit/form-flatten.ts';
import { unflattenForm } from '../kit/form-values.ts';
import { PersonFields, asObject } from './applicant-form-fields.tsx';
import {
  StepIndicator,
  applicantDeps,
  applicationPath,
  isEditable,
  notEditable,
  ownApplication,
  refusalErrors,
  refusalStatus,
} from './applicant-shared.tsx';
import { rejectionErrors, versionOf } from './applicant-wizard-pages.tsx';

const TEXT = {
  title: { zh: '填写APP信息', en: 'Apps' },
  intro: {
    zh: '同一主体的 APP、小程序和快应用与网站一起备案（工信部信管〔2023〕105号）。没有 APP 时可直接保存进入下一步。上传签名证书（.cer/.pem）或 APK，系统会自动读取公钥和指纹。',
    en: 'The apps, mini programs and quick apps of the same subject are filed with its websites (MIIT notice 〔2023〕105). Without apps, just save and continue. Upload the signing certificate (.cer/.pem) or the APK and the public key and fingerprints are read from it.',
  },
  app: { zh: 'APP {n}', en: 'App {n}' },
  newApp: { zh: '新增 APP（不填名称则不添加）', en: 'Add an app (leave the name empty to add none)' },
  name: { zh: 'APP 名称', en: 'App name' },
  type: { zh: '类型', en: 'Type' },
  serviceContent: { zh: '服务内容', en: 'Service content' },
  leader: { zh: 'APP 负责人', en: 'Responsible person of the app' },
  domains: {
    zh: '使用的域名（每行一个，可到三级域名）',
    en: 'Domains it uses (one a line, down to third-level hosts)',
  },
  ips: { zh: '使用的 IP 地址（每行一个）', en: 'IP addresses it uses (one a line)' },
  platformHint: {
    zh: '不在该平台发布可留空。',
    en: 'Leave empty if the app is not on this platform.',
  },
  file: { zh: '签名证书或 APK', en: 'Signing certificate or APK' },
  fileHint: {
    zh: `DER 或 PEM 证书；安卓可上传 APK（最大 ${MAX_APK_BYTES / 1024 / 1024} MiB）`,
    en: `A DER or PEM certificate; for Android also the APK (at most ${MAX_APK_BYTES / 1024 / 1024} MiB)`,
  },
  save: { zh: '保存，下一步', en: 'Save and continue' },
  remove: { zh: '删除该 APP', en: 'Remove this app' },
  saved: { zh: 'APP 信息已保存。', en: 'Apps saved.' },
  savedWithFindings: {
    zh: 'APP 信息已保存，但核验未通过，请按提示处理后再提交。',
    en: 'Apps saved, but the checks failed: fix what is shown before submitting.',
  },
  findings: { zh: '核验结果', en: 'Checks' },
} satisfies Record<string, Localized>;

const MAX_APPS = 10;
const fmt = (text: Localized, n: number): Localized => ({
  zh: text.zh.replace('{n}', String(n)),
  en: text.en.replace('{n}', String(n)),
});

/** Saved apps as form values: lists of hosts and IPs as one line each. */
export function appValues(apps: readonly Record<string, unknown>[]): Record<string, string> {
  const values: Record<string, string> = {};
  apps.forEach((app, i) => {
    const { domains, ips, serviceContent, ...rest } = app;
    Object.assign(values, flattenValues(rest, `apps.${i}`));
    // The form offers one service content (postedApps sends it as a list of one).
    const content: unknown = Array.isArray(serviceContent) ? serviceContent[0] : undefined;
    if (typeof content === 'string') values[`apps.${i}.serviceContent`] = content;
    values[`apps.${i}.domainsText`] = Array.isArray(domains) ? domains.join('\n') : '';
    values[`apps.${i}.ipsText`] = Array.isArray(ips) ? ips.join('\n') : '';
  });
  return values;
}

const lines = (text: unknown): string[] =>
  typeof text === 'string'
    ? text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '')
    : [];

/** The apps a form posted, as the schema reads them; a blank new block is no app. */
export function postedApps(
  form: Readonly<Record<string, string>>,
  remove: number | null,
): Record<string, unknown>[] {
  // Numbered names come back as an array (holes where a block was left out).
  const posted = unflattenForm(form).apps;
  const nested: Record<string, unknown> = Array.isArray(posted)
    ? Object.fromEntries(posted.map((value: unknown, i) => [String(i), value]))
    : asObject(posted);
  const apps: Record<string, unknown>[] = [];
  for (let i = 0; i <= MAX_APPS; i += 1) {
    const raw = nested[String(i)];
    if (raw === undefined || i === remove) continue;
    const a = { ...asObject(raw) };
    const isBlank = typeof a.name !== 'string' || a.name.trim() === '';
    if (isBlank && i === Number(form._newIndex)) continue;
    a.domains = lines(a.domainsText);
    a.ips = lines(a.ipsText);
    delete a.domainsText;
    delete a.ipsText;
    a.responsiblePerson = asObject(a.responsiblePerson);
    a.serviceContent =
      typeof a.serviceContent === 'string' && a.serviceContent !== '' ? [a.serviceContent] : [];
    const platforms = asObject(a.platforms);
    const kept: Record<string, unknown> = {};
    for (const platform of APP_PLATFORMS) {
      const fields = asObject(platforms[platform]);
      const given = Object.values(fields).some((v) => typeof v === 'string' && v.trim() !== '');
      if (given) kept[platform] = fields;
    }
    a.platforms = kept;
    apps.push(a);
  }
  return apps;
}

/** Files chosen per app and platform (`apps.N.platforms.P.file`); an APK is told by its ZIP magic. */
async function postedUploads(p: PageRequest, positions: readonly number[]): Promise<SigningUpload[]> {
  const uploads: SigningUpload[] = [];
  for (const [name, file] of Object.entries(p.files)) {
    const match = /^apps\.(\d{1,2})\.platforms\.(android|ios|harmonyos)\.file$/.exec(name);
    if (!match || file.size === 0) continue;
    const app = positions.indexOf(Number(match[1]));
    if (app < 0) continue;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const kind = bytes[0] === 0x50 && bytes[1] === 0x4b ? 'apk' : 'certificate';
    uploads.push({ app, platform: match[2] as AppPlatform, kind, bytes });
  }
  return uploads;
}

/** Errors of the saved list (`apps.K…`) moved to the form's block (`apps.N…`) and the file box. */
export function errorsOnForm(errors: readonly FieldError[], positions: readonly number[]): FieldError[] {
  return errors.map((error) => {
    const match = /^apps\.(\d+)(.*)$/.exec(error.path);
    if (!match) return error;
    const rest = (match[2] ?? '')
      .replace(/^\.serviceContent\.\d+$/, '.serviceContent')
      .replace(/^\.domains\.\d+$/, '.domainsText')
      .replace(/^\.ips\.\d+$/, '.ipsText')
      .replace(/\.(certificate|apk)$/, '.file');
    return { ...error, path: `apps.${positions[Number(match[1])] ?? match[1]}${rest}` };
  });
}

/**
 * One app's fields. `fixedType`: the type cannot change (变更APP keeps the number, whose letter is the
 * type's: change-app.ts), shown as text and posted as is. `files: false` where no signing file is read
 * (a change carries the filed feature values, revised by hand).
 */
export function AppFieldset(props: {
  form: FormState;
  index: number;
  legend: Localized;
  check?: AppCheck | undefined;
  removable: boolean;
  fixedType?: AppType;
  files?: boolean;
}) {
  const { form, index } = props;
  const name = (field: string) => `apps.${index}.${field}`;
  const lang = form.lang;
  return (
    <Fieldset form={form} name={`apps.${index}`} legend={props.legend}>
      <TextField
        form={form}
        name={name('name')}
        label={TEXT.name}
        width="medium"
        maxlength={60}
        autocomplete="off"
      />
      {props.fixedType === undefined ? (
        <SelectField
          form={form}
          name={name('type')}
          label={TEXT.type}
          options={APP_TYPES.map((type) => ({ value: type, label: APP_TYPE_LABELS[type] }))}
        />
      ) : (
        <div class="field">
          <p class="field-label">{lang === 'en' ? TEXT.type.en : TEXT.type.zh}</p>
          <p id={fieldId(name('type'))}>
            {lang === 'en' ? APP_TYPE_LABELS[props.fixedType].en : APP_TYPE_LABELS[props.fixedType].zh}
          </p>
          <HiddenField name={name('type')} value={props.fixedType} />
        </div>
      )}
      <SelectField
        form={form}
        name={name('serviceContent')}
        label={TEXT.serviceContent}
        options={Object.entries(SERVICE_CONTENTS).map(([value, content]) => ({
          value,
          label: content.label,
        }))}
      />
      <TextArea form={form} name={name('domainsText')} label={TEXT.domains} rows={3} code optional />
      <TextArea form={form} name={name('ipsText')} label={TEXT.ips} rows={2} code optional />
      {APP_PLATFORMS.map((platform) => (
        <Fieldset
          form={form}
          name={name(`platforms.${platform}`)}
          legend={APP_PLATFORM_LABELS[platform]}
          hint={TEXT.platformHint}
        >
          {APP_PLATFORM_FIELDS[platform].map((field) => (
            <TextField
              form={form}
              name={name(`platforms.${platform}.${field}`)}
              label={APP_FEATURE_LABELS[field]}
              code
              optional
              maxlength={field === 'publicKey' ? 4400 : 255}
              autocomplete="off"
            />
          ))}
          {props.files !== false && (
            <FileField
              form={form}
              name={name(`platforms.${platform}.file`)}
              label={TEXT.file}
              hint={TEXT.fileHint}
              accept={platform === 'android' ? '.cer,.crt,.der,.pem,.apk' : '.cer,.crt,.der,.pem'}
            />
          )}
        </Fieldset>
      ))}
      <PersonFields form={form} prefix={name('responsiblePerson')} legend={TEXT.leader} />
      {props.check && (
        <section class="app-findings" aria-label={lang === 'en' ? TEXT.findings.en : TEXT.findings.zh}>
          <ul class="findings">
            {props.check.result.findings.map((finding) => (
              <FindingItem lang={lang} finding={finding} />
            ))}
            {props.check.result.domains.flatMap((d) =>
              d.result.findings.map((finding) => <FindingItem lang={lang} finding={finding} />),
            )}
          </ul>
        </section>
      )}
      {props.removable && (
        <Button variant="secondary" name="_action" value={`remove:${index}`}>
          {lang === 'en' ? TEXT.remove.en : TEXT.remove.zh}
        </Button>
      )}
    </Fieldset>
  );
}

function appsPage(
  p: PageRequest,
  app: Application,
  form: FormState,
  count: number,
  checks: readonly AppCheck[] = [],
  status?: 404 | 403 | 409 | 422,
) {
  const blocks = Array.from({ length: Math.min(count + 1, MAX_APPS) }, (_, i) => i);
  return p.render({
    title: TEXT.title,
    ...(status ? { status } : {}),
    body: (
      <>
        <StepIndicator lang={p.lang} app={app} current="apps" />
        <ErrorSummary form={form} />
        <p>{p.t(TEXT.intro)}</p>
        <Form form={form} action={applicationPath(app, 'apps')} multipart>
          <HiddenField name="_version" value={String(app.version)} />
          <HiddenField name="_newIndex" value={String(count)} />
          {blocks.map((i) => (
            <AppFieldset
              form={form}
              index={i}
              legend={i < count ? fmt(TEXT.app, i + 1) : TEXT.newApp}
              check={checks.find((c) => c.app === i)}
              removable={i < count}
            />
          ))}
          <Button>{p.t(TEXT.save)}</Button>
        </Form>
      </>
    ),
  });
}

export const APP_STEP_PAGES = [
  definePage({
    method: 'get',
    path: '/applications/:id/apps',
    access: 'application.update-own',
    async handle(p) {
      const app = await ownApplication(p);
      if (!isEditable(app)) return notEditable(p, app);
      const step = await readAppStep({ ...applicantDeps(p), applicationId: app.id });
      const positions = step.apps.map((_, i) => i);
      const form = p.formState({
        values: appValues(step.apps),
        // A reviewer's reasons on the app fields they name (data/rejection-reasons.json), then the engine's.
        errors: errorsOnForm([...rejectionErrors(app, 'apps'), ...step.errors], positions),
      });
      return appsPage(p, app, form, step.apps.length, step.checks);
    },
  }),
  definePage({
    method: 'post',
    path: '/applications/:id/apps',
    access: 'application.update-own',
    // An APK may come up to MAX_APK_BYTES; the extraction bounds everything it reads inside it.
    maxBodyBytes: MAX_APK_BYTES + MULTIPART_OVERHEAD_BYTES,
    async handle(p) {
      const app = await ownApplication(p);
      if (!isEditable(app)) return notEditable(p, app);
      const remove = /^remove:(\d{1,2})$/.exec(p.form._action ?? '');
      const removed = remove ? Number(remove[1]) : null;
      const apps = postedApps(p.form, removed);
      // Where each saved entry sits on the form (a removed or blank block shifts the others).
      const positions: number[] = [];
      for (let i = 0; i <= MAX_APPS && positions.length < apps.length; i += 1) {
        const name = p.form[`apps.${i}.name`];
        if (i === removed) continue;
        if (i === Number(p.form._newIndex) && (name ?? '').trim() === '') continue;
        if (Object.keys(p.form).some((k) => k.startsWith(`apps.${i}.`))) positions.push(i);
      }
      const uploads = await postedUploads(p, positions);
      const version = versionOf(p);
      try {
        const saved = await saveDraftApps({
          ...applicantDeps(p),
          applicationId: app.id,
          apps,
          uploads,
          ...(version === undefined ? {} : { expectedVersion: version }),
        });
        if (removed !== null)
          return p.redirect(applicationPath(app, 'apps'), { kind: 'success', message: TEXT.saved });
        return p.redirect(applicationPath(app, 'documents'), {
          kind: saved.errors.length > 0 ? 'error' : 'success',
          message: saved.errors.length > 0 ? TEXT.savedWithFindings : TEXT.saved,
        });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        const form = p.formState({ errors: errorsOnForm(refusalErrors(failure), positions) });
        return appsPage(p, app, form, Math.max(0, Number(p.form._newIndex) || 0), [], refusalStatus(failure));
      }
    },
  }),
];
