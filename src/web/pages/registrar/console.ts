/**
 * What the operator console's pages (registrar.manage) share: where they live, the texts more than one
 * of them shows, and the choices of years and registrars.
 */
import { MAX_REGISTRATION_YEARS } from '../../../registrar/index.ts';
import type { Localized, PageRequest } from '../../kit/index.ts';
import { format, TERMS } from '../../kit/index.ts';

/** A domain's pages: `/registrar/domains/<A-label>` (domainPath). */
export const BASE = '/registrar/domains';
export const ACCESS = 'registrar.manage';

export const CONSOLE_TEXT = {
  back: { zh: '返回域名列表', en: 'Back to the domains' },
  actions: { zh: '办理', en: 'Actions' },
  show: { zh: '筛选', en: 'Filter' },
  years: { zh: '注册年限', en: 'Years' },
  yearsOption: { zh: '{n} 年', en: '{n} year(s)' },
  registrarChoice: TERMS.registrar,
  unapproved: { zh: '（未获工信部批准）', en: ' (not approved by MIIT)' },
  approvalUnknown: { zh: '（是否获工信部批准未知）', en: ' (MIIT approval unknown)' },
  accountField: { zh: '持有者在本系统的账号', en: 'The holder’s account here' },
  accountFieldHint: {
    zh: '填写后，该账号可在“我的域名”中看到并办理实名认证',
    en: 'Given, the account sees the domain under “My domains” and can verify it',
  },
} satisfies Record<string, Localized>;

export const yearChoices = Array.from({ length: MAX_REGISTRATION_YEARS }, (_, i) => ({
  value: String(i + 1),
  label: format(CONSOLE_TEXT.yearsOption, { n: i + 1 }),
}));

export function registrarChoices(p: PageRequest) {
  return p.deps.policy.registrars.map((entry) => ({
    value: entry.id,
    label: `${entry.legalName}${
      entry.status === 'approved'
        ? ''
        : p.t(entry.status === 'unknown' ? CONSOLE_TEXT.approvalUnknown : CONSOLE_TEXT.unapproved)
    }`,
  }));
}

/** The flash after a change: its text followed by the domain's name. */
export const flashOf = (text: Localized, name: string) => ({
  kind: 'success' as const,
  message: { zh: `${text.zh}${name}`, en: `${text.en}${name}` },
});

/** A form's optional text: trimmed, or null when left empty. */
export const optionalText = (value: string | undefined) => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

/** A query value when it is one of `allowed`; an unknown filter is no filter. */
export const pick = <T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined =>
  (allowed as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
