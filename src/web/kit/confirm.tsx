/**
 * 确认 — the explicit yes a destructive or final action asks for before it runs (deleting a document,
 * approving an application, 注销主体, 注销网站, 取消接入). Without JavaScript it is a form field: a
 * checkbox to tick beside the button, or a confirmation page whose button posts `confirm=1`. The
 * server checks it, so a form from a stale tab or another page cannot act unconfirmed.
 */
import type { FieldError } from '../../filing/index.ts';
import type { FormState } from './form.tsx';
import { Checkbox, HiddenField } from './form.tsx';
import type { Localized } from './i18n.ts';

/** The field's name; its value is `1`. */
export const CONFIRM_FIELD = 'confirm';

/** Whether the posted form carries the confirmation. */
export const isConfirmed = (form: Readonly<Record<string, string>>): boolean => form[CONFIRM_FIELD] === '1';

/** The error on the checkbox when it was left unticked. */
export const confirmError = (message: Localized): FieldError => ({
  path: CONFIRM_FIELD,
  code: 'CONFIRM_REQUIRED',
  message,
});

/** The checkbox to tick before the action's button. */
export function ConfirmCheckbox(props: { form: FormState; label: Localized }) {
  return <Checkbox form={props.form} name={CONFIRM_FIELD} label={props.label} />;
}

/** A confirmation page's button posts this: the person has seen what the action does. */
export function ConfirmedField() {
  return <HiddenField name={CONFIRM_FIELD} value="1" />;
}
