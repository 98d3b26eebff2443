/** 域名 — a domain name as beian checks it: normalised, with its registrable domain from the PSL. */
export type NormalizedDomain = {
  /** A-label form, lower case, no trailing dot: `www.xn--fsqu00a.xn--fiqs8s`. */
  ascii: string;
  /** U-label form: `www.例子.中国`. */
  unicode: string;
  /** 可备案域名 — the registrable domain (PSL ICANN section + .cn overrides), U-label form. */
  registrable: string;
  registrableAscii: string;
  /** Labels left of the registrable domain, U-label form; '' when the input is the registrable domain. */
  subdomain: string;
  /** 后缀 — the public suffix, U-label form: `中国`, `com.cn`. */
  suffix: string;
  suffixAscii: string;
  /** The top-level label, A-label form: `xn--fiqs8s`, `cn`. */
  tldAscii: string;
};

/** Why an input is not a domain name that can be filed (finding DOMAIN_INVALID). */
export type DomainInvalidReason =
  | 'empty'
  | 'too-long-input'
  | 'control-character'
  | 'invalid-character'
  | 'ip-address'
  | 'numeric-tld'
  | 'empty-label'
  | 'label-too-long'
  | 'name-too-long'
  | 'hyphen'
  | 'bad-punycode'
  | 'special-use'
  | 'rtl'
  | 'single-label'
  | 'unknown-suffix'
  | 'suffix-only';

export type DomainParseResult =
  { ok: true; domain: NormalizedDomain } | { ok: false; reason: DomainInvalidReason; detail?: string };
