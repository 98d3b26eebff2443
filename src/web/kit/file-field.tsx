/**
 * A file input with the same accessibility as the kit's other fields (form.tsx): `<label for>`, a hint
 * and its errors tied with `aria-describedby`, `aria-invalid` when wrong. Use it inside
 * `<Form multipart>`; the page gets the file in `p.files[name]`. A file input is never re-filled: the
 * browser does not allow it, and after a refused upload the person chooses the file again.
 */
import type { FormState } from './form.tsx';
import { FieldErrors, errorsAt, fieldId } from './form.tsx';
import type { Localized } from './i18n.ts';
import { t } from './i18n.ts';

export function FileField(props: {
  form: FormState;
  name: string;
  label: Localized;
  hint?: Localized;
  /** `accept` for the browser's picker (the server decides by the file's bytes anyway). */
  accept?: string;
  /** `capture` (HTML Media Capture): a phone opens its camera, `user` facing or `environment`. */
  capture?: 'user' | 'environment';
}) {
  const id = fieldId(props.name);
  const errors = errorsAt(props.form, props.name);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(' ') || undefined;
  return (
    <div class={`field${errors.length > 0 ? ' field-invalid' : ''}`}>
      <label class="field-label" for={id}>
        {t(props.form.lang, props.label)}
      </label>
      {props.hint && (
        <p class="field-hint" id={hintId}>
          {t(props.form.lang, props.hint)}
        </p>
      )}
      <FieldErrors form={props.form} name={props.name} />
      <input
        type="file"
        id={id}
        name={props.name}
        class={`file-input${errors.length > 0 ? ' input-error' : ''}`}
        accept={props.accept}
        capture={props.capture}
        required
        aria-describedby={describedBy}
        aria-invalid={errors.length > 0 ? true : undefined}
      />
    </div>
  );
}
