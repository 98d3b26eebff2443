/**
 * Accessible form fields (GOV.UK Design System patterns): every input has a `<label for>`, a hint and
 * its errors tied with `aria-describedby`, `aria-invalid` when wrong; an error summary at the top links
 * to each field. Field `name`s are the workflow's field paths, so a `FieldError { path }` from a schema
 * or a use case lands on the input of that name without any mapping. Values come back after a failed
 * POST (never passwords).
 */
import type { Child } from 'hono/jsx';
import type { FieldError } from '../../filing/index.ts';
import type { Lang, Localized } from './i18n.ts';
import { t } from './i18n.ts';

/** 表单状态 — what a form shows: values to re-fill and the errors to tie to fields. */
export type FormState = {
  readonly lang: Lang;
  readonly csrfToken: string;
  readonly values: Readonly<Record<string, string>>;
  readonly errors: readonly FieldError[];
};

const TEXT = {
  summary: { zh: '提交的内容有问题', en: 'There is a problem' },
  error: { zh: '错误：', en: 'Error: ' },
  optional: { zh: '（选填）', en: ' (optional)' },
  choose: { zh: '请选择', en: 'Choose' },
} satisfies Record<string, Localized>;

/** The element id of the field `name` (`websites.0.domains.1` → `f-websites-0-domains-1`). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** The errors whose path is exactly `name`. */
export function errorsAt(form: FormState, name: string): FieldError[] {
  return form.errors.filter((error) => error.path === name);
}

type Meta = {
  id: string;
  hintId: string | undefined;
  errorId: string | undefined;
  errors: FieldError[];
  describedBy: string | undefined;
};

function meta(form: FormState, name: string, hasHint: boolean): Meta {
  const id = fieldId(name);
  const errors = errorsAt(form, name);
  const hintId = hasHint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(' ') || undefined;
  return { id, hintId, errorId, errors, describedBy };
}

function Hint(props: { form: FormState; id: string | undefined; hint: Localized | undefined }) {
  if (props.id === undefined || props.hint === undefined) return null;
  return (
    <p class="field-hint" id={props.id}>
      {t(props.form.lang, props.hint)}
    </p>
  );
}

/** The errors of one field, as the element its input's aria-describedby names. */
export function FieldErrors(props: { form: FormState; name: string }) {
  const errors = errorsAt(props.form, props.name);
  if (errors.length === 0) return null;
  return (
    <p class="field-error" id={`${fieldId(props.name)}-error`}>
      {errors.map((error) => (
        <span>
          <span class="visually-hidden">{t(props.form.lang, TEXT.error)}</span>
          {t(props.form.lang, error.message)}{' '}
        </span>
      ))}
    </p>
  );
}

function Label(props: { form: FormState; for: string; label: Localized; optional?: boolean | undefined }) {
  return (
    <label class="field-label" for={props.for}>
      {t(props.form.lang, props.label)}
      {props.optional && <span class="field-optional">{t(props.form.lang, TEXT.optional)}</span>}
    </label>
  );
}

/**
 * A `<form>` with the CSRF field (POST) and `novalidate`, so the server's messages, not the
 * browser's, are the ones people see, in the page's language and tied to the field.
 */
export function Form(props: {
  form: FormState;
  action: string;
  method?: 'get' | 'post';
  multipart?: boolean;
  id?: string;
  class?: string;
  /** `data-*` hooks for /static/app.js. */
  data?: Record<string, string>;
  children?: Child;
}) {
  const method = props.method ?? 'post';
  const data = Object.fromEntries(
    Object.entries(props.data ?? {}).map(([key, value]) => [`data-${key}`, value]),
  );
  return (
    <form
      action={props.action}
      method={method}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      id={props.id}
      class={props.class ?? 'form'}
      novalidate
      {...data}
    >
      {method === 'post' && <input type="hidden" name="_csrf" value={props.form.csrfToken} />}
      {props.children}
    </form>
  );
}

/** Every error of the form, linking to its field; focused by /static/app.js when the page loads. */
export function ErrorSummary(props: { form: FormState }) {
  const { form } = props;
  if (form.errors.length === 0) return null;
  return (
    <div
      class="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabindex={-1}
      data-error-summary
    >
      <h2 id="error-summary-title">{t(form.lang, TEXT.summary)}</h2>
      <ul>
        {form.errors.map((error) => (
          <li>
            {error.path === '' ? (
              t(form.lang, error.message)
            ) : (
              <a href={`#${fieldId(error.path)}`}>{t(form.lang, error.message)}</a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

type InputProps = {
  form: FormState;
  name: string;
  label: Localized;
  hint?: Localized;
  optional?: boolean;
  autocomplete?: string;
  inputmode?: 'text' | 'numeric' | 'tel' | 'email' | 'url' | 'search';
  maxlength?: number;
  /** Overrides the re-filled value (e.g. a default before the first POST). */
  value?: string;
  /** Domain names, certificate numbers, logins: no autocorrect, left-to-right. */
  code?: boolean;
  width?: 'short' | 'medium' | 'long';
};

function inputAttributes(props: InputProps, m: Meta) {
  return {
    id: m.id,
    name: props.name,
    class: `input input-${props.width ?? 'long'}${m.errors.length > 0 ? ' input-error' : ''}`,
    'aria-describedby': m.describedBy,
    'aria-invalid': m.errors.length > 0 ? true : undefined,
    required: props.optional ? undefined : true,
    autocomplete: props.autocomplete,
    inputmode: props.inputmode,
    maxlength: props.maxlength,
    spellcheck: props.code ? false : undefined,
    autocapitalize: props.code ? 'none' : undefined,
    dir: props.code ? 'ltr' : undefined,
  } as const;
}

function FieldShell(props: { m: Meta; children?: Child }) {
  return <div class={`field${props.m.errors.length > 0 ? ' field-invalid' : ''}`}>{props.children}</div>;
}

export function TextField(
  props: InputProps & { type?: 'text' | 'email' | 'tel' | 'url' | 'search' | 'datetime-local' },
) {
  const m = meta(props.form, props.name, props.hint !== undefined);
  return (
    <FieldShell m={m}>
      <Label form={props.form} for={m.id} label={props.label} optional={props.optional} />
      <Hint form={props.form} id={m.hintId} hint={props.hint} />
      <FieldErrors form={props.form} name={props.name} />
      <input
        type={props.type ?? 'text'}
        value={props.value ?? props.form.values[props.name] ?? ''}
        {...inputAttributes(props, m)}
      />
    </FieldShell>
  );
}

/** A password input: never re-filled after a failed POST. */
export function PasswordField(props: Omit<InputProps, 'value' | 'code'>) {
  const m = meta(props.form, props.name, props.hint !== undefined);
  return (
    <FieldShell m={m}>
      <Label form={props.form} for={m.id} label={props.label} optional={props.optional} />
      <Hint form={props.form} id={m.hintId} hint={props.hint} />
      <FieldErrors form={props.form} name={props.name} />
      <input type="password" {...inputAttributes({ ...props, code: true }, m)} />
    </FieldShell>
  );
}

export function TextArea(props: InputProps & { rows?: number }) {
  const m = meta(props.form, props.name, props.hint !== undefined);
  return (
    <FieldShell m={m}>
      <Label form={props.form} for={m.id} label={props.label} optional={props.optional} />
      <Hint form={props.form} id={m.hintId} hint={props.hint} />
      <FieldErrors form={props.form} name={props.name} />
      <textarea rows={props.rows ?? 4} {...inputAttributes(props, m)}>
        {props.value ?? props.form.values[props.name] ?? ''}
      </textarea>
    </FieldShell>
  );
}

/** A choice: its value and its label (localized, or a proper name shown as is). */
export type Choice = { value: string; label: Localized | string };

const choiceLabel = (lang: Lang, label: Localized | string) =>
  typeof label === 'string' ? label : t(lang, label);

export function SelectField(
  props: InputProps & { options: readonly Choice[]; placeholder?: Localized | false },
) {
  const m = meta(props.form, props.name, props.hint !== undefined);
  const selected = props.value ?? props.form.values[props.name] ?? '';
  return (
    <FieldShell m={m}>
      <Label form={props.form} for={m.id} label={props.label} optional={props.optional} />
      <Hint form={props.form} id={m.hintId} hint={props.hint} />
      <FieldErrors form={props.form} name={props.name} />
      <select {...inputAttributes(props, m)} class={`select${m.errors.length > 0 ? ' input-error' : ''}`}>
        {props.placeholder !== false && (
          <option value="">{t(props.form.lang, props.placeholder ?? TEXT.choose)}</option>
        )}
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === selected}>
            {choiceLabel(props.form.lang, option.label)}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/**
 * Radios in a fieldset; the first radio carries the field's id, so the error summary's link lands on
 * the group (GOV.UK).
 */
export function RadioGroup(props: {
  form: FormState;
  name: string;
  legend: Localized;
  hint?: Localized;
  options: readonly Choice[];
  value?: string;
  inline?: boolean;
}) {
  const m = meta(props.form, props.name, props.hint !== undefined);
  const selected = props.value ?? props.form.values[props.name] ?? '';
  return (
    <fieldset
      class={`field fieldset${m.errors.length > 0 ? ' field-invalid' : ''}`}
      aria-describedby={m.describedBy}
    >
      <legend class="field-label">{t(props.form.lang, props.legend)}</legend>
      <Hint form={props.form} id={m.hintId} hint={props.hint} />
      <FieldErrors form={props.form} name={props.name} />
      <div class={props.inline ? 'radios radios-inline' : 'radios'}>
        {props.options.map((option, i) => {
          const id = i === 0 ? m.id : `${m.id}-${i}`;
          return (
            <div class="radio">
              <input
                type="radio"
                id={id}
                name={props.name}
                value={option.value}
                checked={option.value === selected}
              />
              <label for={id}>{choiceLabel(props.form.lang, option.label)}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** One checkbox; a checked box sends `value` (default `1`), an unchecked one sends nothing. */
export function Checkbox(props: {
  form: FormState;
  name: string;
  label: Localized;
  hint?: Localized;
  value?: string;
}) {
  const m = meta(props.form, props.name, props.hint !== undefined);
  const value = props.value ?? '1';
  return (
    <div class={`field checkbox${m.errors.length > 0 ? ' field-invalid' : ''}`}>
      <FieldErrors form={props.form} name={props.name} />
      <input
        type="checkbox"
        id={m.id}
        name={props.name}
        value={value}
        checked={props.form.values[props.name] === value}
        aria-describedby={m.describedBy}
        aria-invalid={m.errors.length > 0 ? 'true' : undefined}
      />
      <label for={m.id}>{t(props.form.lang, props.label)}</label>
      <Hint form={props.form} id={m.hintId} hint={props.hint} />
    </div>
  );
}

/**
 * A group of fields (a website, a list of domains). Errors at `name` itself (`websites.0.domains`:
 * "too many domains") show under the legend; the fieldset carries the id the summary links to.
 */
export function Fieldset(props: {
  form: FormState;
  name?: string;
  legend: Localized;
  hint?: Localized;
  children?: Child;
}) {
  const m = props.name === undefined ? undefined : meta(props.form, props.name, props.hint !== undefined);
  return (
    <fieldset
      class={`fieldset${m && m.errors.length > 0 ? ' field-invalid' : ''}`}
      id={m?.id}
      aria-describedby={m?.describedBy}
    >
      <legend class="fieldset-legend">{t(props.form.lang, props.legend)}</legend>
      {props.hint && (
        <p class="field-hint" id={m?.hintId}>
          {t(props.form.lang, props.hint)}
        </p>
      )}
      {props.name !== undefined && <FieldErrors form={props.form} name={props.name} />}
      {props.children}
    </fieldset>
  );
}

export function HiddenField(props: { name: string; value: string }) {
  return <input type="hidden" name={props.name} value={props.value} />;
}

/**
 * A submit button. Several in one form tell the server which was pressed through `name`/`value`
 * (the wizard's "继续增加域名" vs "保存，并继续添加网站").
 */
export function Button(props: {
  children?: Child;
  variant?: 'primary' | 'secondary' | 'warning';
  name?: string;
  value?: string;
  type?: 'submit' | 'button';
}) {
  return (
    <button
      type={props.type ?? 'submit'}
      class={`button button-${props.variant ?? 'primary'}`}
      name={props.name}
      value={props.value}
    >
      {props.children}
    </button>
  );
}
