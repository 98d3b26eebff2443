/**
 * The web kit: everything a page of src/web needs. Pages import from here only.
 *
 * ## A page
 *
 * ```tsx
 * export const MY_PAGES = [
 *   definePage({
 *     method: 'get',
 *     path: '/applications/:id',
 *     access: 'application.read-own',          // an Action of src/filing/roles.ts, 'anyone' or 'signed-in'
 *     nav: { label: { zh: '我的备案', en: 'My filings' } },   // optional; GET pages only
 *     async handle(p) {
 *       const form = p.formState();             // values: the POSTed form; errors: none
 *       return p.render({ title: TITLE, body: <…/> });
 *     },
 *   }),
 * ];
 * ```
 * and add `...MY_PAGES` to PAGES in src/web/pages.ts (the registry: mounted, put in the navigation,
 * and walked by test/web/pages.test.ts for every role).
 *
 * Before `handle` runs, always: the actor (session cookie or bearer token), the permission decision
 * (`accessDecision`, the API's; anonymous on a signed-in page → 303 `/login?next=…`, wrong role → 403
 * page), for POST the CSRF check (`_csrf` field: the session's token, or before sign-in a form-token
 * cookie; Sec-Fetch-Site cross-site refused), the page's `rateLimit` and body limit (`maxBodyBytes`,
 * default 1 MiB). `p` (PageRequest) then has `actor`, `account` (or null), `deps`, `lang`, `t(text)`,
 * `params`, `query`, `form` (text fields by name), `files`, `view`.
 *
 * ## Answers
 *
 * - `p.render({ title, status?, body })`: the body inside the Layout (header, role-aware nav, language
 *   switch, flash, `<h1>{title}</h1>`, footer). Any 4xx status prefixes the document title "错误：".
 * - `p.redirect(path, flash?)`: 303 to a path on this site with a flash for the next page. Use it for
 *   every successful POST (POST-redirect-GET).
 * - A failed validation re-renders the same page with status 422 and `p.formState({ errors })` (no
 *   flash, no redirect: the values are still in `p.form`).
 * - Throwing: `ApiError` (src/http/errors.ts), `WorkflowError`, `MiitError`, `LocalizedError` become an
 *   error page with their status and message (src/web/kit/shell.tsx); anything else is a bug → 500.
 *   To show a use case's refusal inside the form instead, `failureOf(error)` gives
 *   `{ status, message, fields }`: re-render with `fields` as the form errors.
 *
 * ## Forms (form.tsx)
 *
 * Field names are the workflow's field paths (`subject.name`, `websites.0.domains.1`), so a
 * `FieldError { path, code, message }` (from `validateForm(schema, p.form)`, `failureOf`, or
 * written by hand) lands on the input with that name. `unflattenForm` turns the dotted names into the
 * nested object the schemas parse (empty boxes are missing values; `_`-names are the kit's).
 *
 *   <ErrorSummary form={form} />                  links every error to its field (`#f-<name>`)
 *   <Form form={form} action="/x" [method="get"] [multipart] [data={{ hook: '' }}]> … </Form>
 *   <TextField form name label [hint] [optional] [type] [autocomplete] [code] [width] [maxlength] />
 *   <PasswordField …/>  <TextArea …/>  <SelectField … options={[{ value, label }]} />
 *   <RadioGroup form name legend options />  <Checkbox form name label />
 *   <Fieldset form [name] legend> … </Fieldset>     (errors at `name` itself, e.g. a list)
 *   <Button [variant] [name value]>              several buttons tell the server which was pressed
 *   fieldId(name), errorsAt(form, name), <FieldErrors form name />
 *
 * Labels and hints are `{ zh, en }`; the form state carries the language. Passwords are never
 * re-filled.
 *
 * ## Other pieces
 *
 * - `CheckResultView` / `FindingItem` / `SeverityTag` (findings.tsx): verification results;
 *   `checkResultLabels(lang)` hands the same texts to app.js; `visibleControls(text)` shows control
 *   and bidi characters inside sentences that quote user input (finding messages do).
 * - `signedInAccount(p)`: the account of a page whose access requires one (throws otherwise).
 * - Destructive actions (confirm.tsx): `<ConfirmCheckbox form label />` beside the button, or a
 *   confirmation page whose form carries `<ConfirmedField />`; the handler checks `isConfirmed(p.form)`
 *   and otherwise re-renders with `confirmError(message)` (or shows the confirmation page).
 * - `<DomainName domain />` (domain.tsx): a stored A-label shown as its U-label with the A-label as a
 *   small muted line (`inline`: in parentheses); `unicodeDomain`, `unicodeUrl` for form values.
 * - Tables: give every `<td>` a `data-label` (its column heading): on a phone each row becomes a card
 *   of labelled lines (app.css), and test/browser/screenshots.test.ts checks that none is missing.
 * - Flash kinds: `p.redirect('/x', { kind: 'success' | 'info' | 'error', message: { zh, en } })`.
 * - Labels for roles, filing types, severities, statuses, subject and certificate types (labels.ts),
 *   and `TERMS`: the glossary's terms (域名, 备案省份, 主办单位名称 …) as headings and field labels.
 *   A page's TEXT table refers to them (`domain: TERMS.domain`) instead of repeating the words.
 * - `t(lang, text)`, `Lang`, `Localized` (i18n.ts): Chinese by default, `?lang=en` + cookie.
 *   `format(text, { n: 2 })` fills a template's `{n}` placeholders, in one language or both.
 * - Numbers in URLs (params.ts): `idParam(p, notFound)` reads `:id` (or another parameter) as a row id
 *   or throws the 404 page; `parseId(raw)` for ids in queries and form fields; `pageParam(p)` reads
 *   `?page=` (page 1 when missing or malformed).
 * - `<Pager lang page hasNext href={(n) => …} />` (pager.tsx): previous / 第 n 页 / next under a list
 *   read one page at a time (ask for one row more than a page holds to know `hasNext`).
 * - `<SubjectCheckFields form policy names />` (subject-check-fields.tsx): province, subject type,
 *   certificate and one domain, as /precheck and /applications/new ask for them, with the workflow's
 *   limits (`SUBJECT_CHECK_LIMITS`); `names` is `PRECHECK_FIELD_NAMES` or `APPLICATION_FIELD_NAMES`.
 * - `<bdi>` around every name a person typed (names may carry RTL overrides); hono/jsx escapes all
 *   text and attributes — never use `raw()`/`dangerouslySetInnerHTML` with data.
 * - No inline `<script>`/`style=`: the CSP forbids them. Behaviour goes in src/web/static/app.js,
 *   hooked by `data-*` attributes; styles in src/web/static/app.css.
 */
export { loadAssets, type Assets } from './assets.ts';
export { DomainName, domainForms, unicodeDomain, unicodeUrl, type DomainForms } from './domain.tsx';
export { setFlash, type Flash } from './cookies.ts';
export { CONFIRM_FIELD, ConfirmCheckbox, ConfirmedField, confirmError, isConfirmed } from './confirm.tsx';
export {
  CheckResultView,
  FindingItem,
  SeverityTag,
  checkResultLabels,
  visibleControls,
} from './findings.tsx';
export {
  Button,
  Checkbox,
  ErrorSummary,
  FieldErrors,
  Fieldset,
  Form,
  HiddenField,
  PasswordField,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
  errorsAt,
  fieldId,
  type Choice,
  type FormState,
} from './form.tsx';
export { unflattenForm, validateForm, type FieldError } from './form-values.ts';
export { NotFound, failureOf, type Failure } from './refusal.ts';
export { format, htmlLang, t, type Lang, type Localized } from './i18n.ts';
export * from './labels.ts';
export { Layout, type NavItem, type View } from './layout.tsx';
export { definePage, signedInAccount, type PageRequest, type WebPage } from './page.tsx';
export { Pager } from './pager.tsx';
export { MAX_ID, idParam, pageParam, parseId } from './params.ts';
export { loginHref, safeNext } from './redirect.ts';
export { createPageShell } from './shell.tsx';
export {
  APPLICATION_FIELD_NAMES,
  PRECHECK_FIELD_NAMES,
  SUBJECT_CHECK_LABELS,
  SUBJECT_CHECK_LIMITS,
  SubjectCheckFields,
  provinceChoices,
  type SubjectCheckField,
} from './subject-check-fields.tsx';
