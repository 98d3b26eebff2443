/**
 * 材料类型 — what an uploaded document is, and the metadata an upload carries (the API and the web
 * form validate it with the same schema). WeChat's applyIcpFiling: bureaus ask for the
 * subject's certificate, the responsible persons' IDs, authorisation letters and, in some provinces,
 * a domain certificate per domain (seed FAQ Q6: an enterprise's certificate bears its seal).
 */
import { z } from 'zod';
import { parseDomainInput } from '../domain-name/index.ts';
import { INVALID_REASONS } from '../domain-name/index.ts';
import type { Localized } from '../filing/index.ts';
import { addFieldIssue } from '../filing/index.ts';

export const DOCUMENT_KINDS = [
  'domain-certificate',
  'id-scan',
  'licence-scan',
  'authorisation-letter',
  'other',
  // 更名函 (变更主体, issue 15): the registration authority's proof that the subject's name changed.
  'name-change-letter',
] as const;
/** 材料类型 — domain certificate, ID scan, licence scan, authorisation letter, other, or 更名函. */
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, Localized> = {
  'domain-certificate': { zh: '域名证书', en: 'domain certificate' },
  'id-scan': { zh: '证件扫描件', en: 'ID scan' },
  'licence-scan': { zh: '主体证件扫描件', en: 'licence scan' },
  'authorisation-letter': { zh: '授权书', en: 'authorisation letter' },
  other: { zh: '其他材料', en: 'other document' },
  'name-change-letter': { zh: '更名函', en: 'name change letter' },
};

/**
 * 材料信息 — kind, and for a domain certificate the registrable domain it certifies (A-label out).
 * A domain on any other kind is refused rather than ignored: it would suggest a link that is not kept.
 */
export const documentMetadataSchema = z
  .strictObject({
    kind: z.enum(DOCUMENT_KINDS),
    domain: z.string().trim().max(1024).optional(),
  })
  .superRefine((value, ctx) => {
    const domain = value.domain ?? '';
    if (value.kind !== 'domain-certificate') {
      if (domain !== '')
        addFieldIssue(ctx, ['domain'], 'DOMAIN_NOT_EXPECTED', {
          zh: '只有域名证书需要填写域名（domain）',
          en: 'Only a domain certificate names a domain (domain)',
        });
      return;
    }
    if (domain === '') {
      addFieldIssue(ctx, ['domain'], 'REQUIRED', {
        zh: '请填写该域名证书对应的域名（domain）',
        en: 'Enter the domain (domain) this domain certificate is for',
      });
      return;
    }
    const parsed = parseDomainInput(domain);
    if (!parsed.ok) {
      const reason = INVALID_REASONS[parsed.reason];
      addFieldIssue(ctx, ['domain'], 'DOMAIN_INVALID', {
        zh: `域名“${domain.slice(0, 100)}”无效：${reason.zh}`,
        en: `The domain "${domain.slice(0, 100)}" is invalid: ${reason.en}`,
      });
    } else if (parsed.domain.subdomain !== '') {
      addFieldIssue(ctx, ['domain'], 'DOMAIN_NOT_REGISTRABLE', {
        zh: `域名证书按主域名颁发，请填写 ${parsed.domain.registrable}`,
        en: `Domain certificates are issued for the registrable domain; enter ${parsed.domain.registrable}`,
      });
    }
  })
  .transform((value) => {
    const parsed = value.domain ? parseDomainInput(value.domain) : null;
    return {
      kind: value.kind,
      domain: parsed?.ok ? parsed.domain.registrableAscii : null,
    };
  });
export type DocumentMetadata = z.output<typeof documentMetadataSchema>;
