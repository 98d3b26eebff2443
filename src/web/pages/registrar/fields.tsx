/** 持有者 in a form: the fields, a form body as the registrar's input, and a holder as form values. */
import type { RegistrarDomain } from '../../../registrar/index.ts';
import { ID_TYPES, SUBJECT_TYPES } from '../../../policy/index.ts';
import type { FormState } from '../../kit/index.ts';
import { ID_TYPE_LABELS, SUBJECT_TYPE_LABELS, SelectField, TextField } from '../../kit/index.ts';
import { TEXT } from './shared.tsx';

/** 持有者 fields named as the registrar's input (`holder.name`…), so its field errors land on them. */
export function HolderFields(props: { form: FormState }) {
  const { form } = props;
  return (
    <>
      <TextField
        form={form}
        name="holder.name"
        label={TEXT.holderName}
        hint={TEXT.holderNameHint}
        maxlength={200}
        autocomplete="off"
      />
      <SelectField
        form={form}
        name="holder.type"
        label={TEXT.holderType}
        options={SUBJECT_TYPES.map((type) => ({ value: type, label: SUBJECT_TYPE_LABELS[type] }))}
      />
      <SelectField
        form={form}
        name="holder.idType"
        label={TEXT.idType}
        options={ID_TYPES.map((type) => ({ value: type, label: ID_TYPE_LABELS[type] }))}
      />
      <TextField
        form={form}
        name="holder.idNumber"
        label={TEXT.idNumber}
        code
        width="medium"
        maxlength={64}
        autocomplete="off"
      />
    </>
  );
}

/** The holder part of a form body, as the registrar's schemas take it (they check it themselves). */
export function holderOfForm(form: Readonly<Record<string, string>>) {
  return {
    name: form['holder.name'] ?? '',
    type: form['holder.type'] ?? '',
    idType: form['holder.idType'] ?? '',
    idNumber: form['holder.idNumber'] ?? '',
  } as {
    name: string;
    type: (typeof SUBJECT_TYPES)[number];
    idType: (typeof ID_TYPES)[number];
    idNumber: string;
  };
}

/** The form values of a holder (the number left for the person to type, when `withNumber` is false). */
export function holderValues(domain: RegistrarDomain, withNumber: boolean): Record<string, string> {
  return {
    'holder.name': domain.holder.name,
    'holder.type': domain.holder.type,
    'holder.idType': domain.holder.idType,
    'holder.idNumber': withNumber ? domain.holder.idNumber : '',
  };
}
