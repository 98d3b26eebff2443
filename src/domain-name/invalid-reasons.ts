/** Why an input is not a domain that can be filed, in words for users (finding DOMAIN_INVALID, imports, forms). */
import type { DomainInvalidReason } from './types.ts';

import type { Localized } from '../shared/index.ts';

export const INVALID_REASONS: Record<DomainInvalidReason, Localized> = {
  empty: { zh: '内容为空', en: 'it is empty' },
  'too-long-input': { zh: '输入超过 1 KB', en: 'the input is over 1 KB' },
  'control-character': { zh: '含有控制字符或不可见字符', en: 'it contains control or invisible characters' },
  'invalid-character': {
    zh: '含有域名中不允许的字符',
    en: 'it contains characters not allowed in a domain name',
  },
  'ip-address': { zh: '这是 IP 地址，备案针对域名', en: 'it is an IP address; filing is for domain names' },
  'numeric-tld': { zh: '顶级域不能全是数字', en: 'the top-level label is all digits' },
  'empty-label': { zh: '有空的标签（连续的点）', en: 'it has an empty label (two dots in a row)' },
  'label-too-long': { zh: '有标签超过 63 个字节', en: 'a label is longer than 63 octets' },
  'name-too-long': { zh: '域名超过 253 个字节', en: 'the name is longer than 253 octets' },
  hyphen: {
    zh: '连字符位置不合规（不能在开头、结尾或第 3–4 位）',
    en: 'a hyphen is misplaced (start, end, or positions 3–4)',
  },
  'bad-punycode': { zh: 'xn-- 标签不是有效的 Punycode', en: 'an xn-- label is not valid Punycode' },
  'special-use': {
    zh: '这是保留的特殊用途名称（如 localhost、.test）',
    en: 'it is a reserved special-use name (localhost, .test …)',
  },
  rtl: {
    zh: '含有从右向左书写的文字，不予受理',
    en: 'it contains right-to-left script, which is not accepted',
  },
  'single-label': { zh: '只有一个标签，不是完整域名', en: 'it has a single label, not a full domain name' },
  'unknown-suffix': {
    zh: '顶级域不存在（不在公共后缀列表中）',
    en: 'its top-level domain does not exist (not in the Public Suffix List)',
  },
  'suffix-only': {
    zh: '这是公共后缀本身，不是可注册的域名',
    en: 'it is a public suffix itself, not a registrable domain',
  },
};
