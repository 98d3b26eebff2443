/**
 * 巡检范围 — which filed websites a campaign covers: all hosted here, one bureau's (province), or one
 * account's. Written `all`, `province:XX` (a code, name, 简称 or pinyin, as --province takes) and
 * `account:NAME`.
 */
import type { PolicyData } from '../policy/index.ts';
import { LocalizedError } from '../shared/index.ts';

export type Cohort =
  { kind: 'all' } | { kind: 'province'; province: string } | { kind: 'account'; account: string };

export function cohortText(cohort: Cohort): string {
  return cohort.kind === 'all'
    ? 'all'
    : cohort.kind === 'province'
      ? `province:${cohort.province}`
      : `account:${cohort.account}`;
}

/** Reads a cohort; a LocalizedError names the option and what it expects. */
export function parseCohort(
  text: string,
  policy: Pick<PolicyData, 'findProvince'>,
  field = '--cohort',
): Cohort {
  const value = text.trim();
  if (value === 'all' || value === '') return { kind: 'all' };
  const colon = value.indexOf(':');
  const kind = colon < 0 ? '' : value.slice(0, colon);
  const rest = value.slice(colon + 1).trim();
  if (kind === 'province') {
    const province = rest === '' ? null : policy.findProvince(rest);
    if (province) return { kind: 'province', province: province.code };
    throw new LocalizedError({
      zh: `${field} 中的省份“${rest}”无法识别（可填代码 440000、名称 广东、简称 粤 或拼音 guangdong）`,
      en: `${field}: province "${rest}" is not known (give a code 440000, a name 广东, a prefix 粤 or pinyin guangdong)`,
    });
  }
  if (kind === 'account' && /^[\p{L}\p{N}._@-]{1,64}$/u.test(rest)) return { kind: 'account', account: rest };
  throw new LocalizedError({
    zh: `${field} 须为 all、province:省份 或 account:账号名：${value.slice(0, 80)}`,
    en: `${field} must be all, province:PROVINCE or account:NAME: ${value.slice(0, 80)}`,
  });
}
