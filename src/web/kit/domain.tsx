/**
 * 域名 as pages show it: the U-label people typed (例子.中国), with the A-label (xn--fsqu00a.xn--fiqs8s)
 * kept as secondary text for whoever needs to match it against DNS or a registrar's record. The store
 * and the workflow keep A-labels (what the engine and MIIT compare); showing them back to the person
 * who typed Chinese is showing internals.
 */
import { parseDomainInput } from '../../domain-name/index.ts';

export type DomainForms = { readonly unicode: string; readonly ascii: string };

/** Both forms of a stored domain; text that is not a domain name is both forms as stored. */
export function domainForms(stored: string): DomainForms {
  const parsed = parseDomainInput(stored);
  return parsed.ok
    ? { unicode: parsed.domain.unicode, ascii: parsed.domain.ascii }
    : { unicode: stored, ascii: stored };
}

/** The U-label form of a stored domain, for form boxes and sentences (`例子.中国`). */
export const unicodeDomain = (stored: string): string => domainForms(stored).unicode;

/**
 * A stored home-page URL (`https://www.xn--fsqu00a.xn--fiqs8s/`, as `URL.href` normalises it) with its
 * host as U-labels (`https://www.例子.中国/`); anything that does not parse, as stored.
 */
export function unicodeUrl(stored: string): string {
  let url: URL;
  try {
    url = new URL(stored);
  } catch {
    return stored;
  }
  const host = domainForms(url.hostname).unicode;
  if (host === url.hostname) return stored;
  const port = url.port === '' ? '' : `:${url.port}`;
  return `${url.protocol}//${host}${port}${url.pathname}${url.search}${url.hash}`;
}

/**
 * A domain as a page shows it: the U-label, and for an IDN the A-label as a small muted line under it
 * (`inline`: in parentheses after it, for headings and sentences) and as the tooltip.
 */
export function DomainName(props: { domain: string | DomainForms; inline?: boolean }) {
  const { unicode, ascii } = typeof props.domain === 'string' ? domainForms(props.domain) : props.domain;
  if (unicode === ascii) return <bdi class="domain">{ascii}</bdi>;
  return (
    <>
      <bdi class="domain" title={ascii}>
        {unicode}
      </bdi>
      {props.inline ? (
        <>
          {' '}
          <span class="ascii">({ascii})</span>
        </>
      ) : (
        <span class="ascii ascii-line" dir="ltr">
          {ascii}
        </span>
      )}
    </>
  );
}
