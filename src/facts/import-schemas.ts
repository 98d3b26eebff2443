/**
 * zod schemas for the lines of `beian registry import` and `beian filings import` (contract: Facts
 * import). They normalise as they validate: domains to A-label registrable form, instants to UTC ISO,
 * certificate numbers to upper case. Custom issues carry a zh/en Reason in `params`.
 */
import { z } from 'zod';
import { parseDomainInput } from '../domain-name/index.ts';
import { ID_TYPES, SUBJECT_TYPES } from '../policy/index.ts';
import type { IcpNumber, PolicyData } from '../policy/index.ts';
import { INVALID_REASONS } from '../domain-name/index.ts';
import { parseInstant } from '../shared/index.ts';
import type { DomainRegistration, Identity, ProviderRef, RegistrySubject } from './types.ts';

/** A zh/en reason without the field name; custom issues carry one in `params`. */
export type Reason = { zh: string; en: string };

const REAL_NAME_STATUSES = ['none', 'pending', 'verified'] as const;
const PROVIDERS = ['self', 'other'] as const satisfies readonly ProviderRef[];
const FILING_STATES = ['filed', 'in-progress'] as const;

function fail(ctx: z.RefinementCtx, reason: Reason, path?: (string | number)[]): void {
  ctx.addIssue({ code: 'custom', params: reason, ...(path ? { path } : {}) });
}

const text = (max: number) => z.string().trim().min(1).max(max);

/** A registrable domain, returned in A-label form; subdomains and invalid names are refused. */
export const registrableDomain = z.string().transform((input, ctx) => {
  const parsed = parseDomainInput(input);
  if (!parsed.ok) {
    const reason = INVALID_REASONS[parsed.reason];
    fail(ctx, { zh: `不是有效的域名：${reason.zh}`, en: `is not a valid domain name: ${reason.en}` });
    return z.NEVER;
  }
  if (parsed.domain.subdomain !== '') {
    const { registrable } = parsed.domain;
    fail(ctx, {
      zh: `是子域名；备案的是可备案域名 ${registrable}，请填写它`,
      en: `is a subdomain; filings are for the registrable domain ${registrable}: give that`,
    });
    return z.NEVER;
  }
  return parsed.domain.registrableAscii;
});

/** ISO 8601 with offset, or a date (midnight Asia/Shanghai); stored as UTC ISO text. */
export const instant = z.string().transform((input, ctx) => {
  const parsed = parseInstant(input);
  if (parsed === null) {
    fail(ctx, {
      zh: '不是带时区的 ISO 8601 时间（例如 2020-01-01T10:00:00+08:00，或日期 2020-01-01）',
      en: 'is not an ISO 8601 time with offset (e.g. 2020-01-01T10:00:00+08:00, or a date 2020-01-01)',
    });
    return z.NEVER;
  }
  return parsed.toISOString();
});

/** 证件号码: upper case, so a check character `x` matches `X`. */
const idNumber = z.string().transform((input, ctx) => {
  const value = input.trim().toUpperCase();
  if (!/^\S{1,64}$/u.test(value)) {
    fail(ctx, { zh: '应为 1–64 个字符且不含空白', en: 'must be 1–64 characters without spaces' });
    return z.NEVER;
  }
  return value;
});

const identityFields = {
  name: text(200),
  idType: z.enum(ID_TYPES),
  idNumber,
};

function toIdentity(value: {
  name: string;
  type?: Identity['type'];
  idType: Identity['idType'];
  idNumber: string;
}): Identity {
  const base = { name: value.name, idType: value.idType, idNumber: value.idNumber };
  return value.type === undefined ? base : { ...base, type: value.type };
}

const registrationShape = z.strictObject({
  domain: registrableDomain,
  registrar: text(200),
  registrarIanaId: z.int().positive().max(2_147_483_647).nullish(),
  registeredAt: instant.nullish(),
  expiresAt: instant,
  realName: z
    .strictObject({
      status: z.enum(REAL_NAME_STATUSES),
      verifiedAt: instant.nullish(),
      reportedAt: instant.nullish(),
      holder: z.strictObject({ ...identityFields, type: z.enum(SUBJECT_TYPES).optional() }).nullish(),
    })
    .optional(),
});

/** One line of `beian registry import`. */
export const registrationLineSchema = registrationShape
  .superRefine((line, ctx) => {
    const realName = line.realName ?? { status: 'none' as const };
    if (realName.status !== 'none' && !realName.holder) {
      fail(
        ctx,
        {
          zh: '为必填项（realName.status 不是 none 时）',
          en: 'is required when realName.status is not none',
        },
        ['realName', 'holder'],
      );
    }
    for (const key of ['verifiedAt', 'reportedAt'] as const) {
      if (realName.status !== 'verified' && line.realName?.[key]) {
        fail(
          ctx,
          {
            zh: '仅在 realName.status 为 verified 时填写',
            en: 'applies only when realName.status is verified',
          },
          ['realName', key],
        );
      }
    }
    const { verifiedAt, reportedAt } = line.realName ?? {};
    if (verifiedAt && reportedAt && reportedAt < verifiedAt) {
      fail(ctx, { zh: '早于 realName.verifiedAt', en: 'is before realName.verifiedAt' }, [
        'realName',
        'reportedAt',
      ]);
    }
    if (line.registeredAt && line.expiresAt <= line.registeredAt) {
      fail(ctx, { zh: '应晚于 registeredAt', en: 'must be after registeredAt' }, ['expiresAt']);
    }
  })
  .transform((line): DomainRegistration => ({
    domain: line.domain,
    registrar: line.registrar,
    registrarIanaId: line.registrarIanaId ?? null,
    registeredAt: line.registeredAt ?? null,
    expiresAt: line.expiresAt,
    realName: {
      status: line.realName?.status ?? 'none',
      verifiedAt: line.realName?.verifiedAt ?? null,
      reportedAt: line.realName?.reportedAt ?? null,
      holder: line.realName?.holder ? toIdentity(line.realName.holder) : null,
    },
    origin: 'import',
  }));

/** What the filings schema reads from the policy data: the provinces and their ICP number prefixes. */
export type FilingSchemaPolicy = Pick<PolicyData, 'provinces' | 'parseIcpNumber'>;

/**
 * An ICP number of `kind` as the policy's parser reads it (京ICP备…, 京ICP证…, 粤B2-…, with `-N` for a
 * website), in its one written form; otherwise the parser's reason, or which kind was expected.
 */
function icpNumber(policy: FilingSchemaPolicy, kind: IcpNumber['kind']) {
  return z.string().transform((input, ctx): IcpNumber => {
    const reading = policy.parseIcpNumber(input);
    if (!reading.ok) {
      fail(ctx, reading.reason);
      return z.NEVER;
    }
    const number = reading.number;
    if (number.kind === kind) return number;
    fail(
      ctx,
      kind === 'subject'
        ? {
            zh: `是网站备案号；主体备案号不带序号，即 ${number.subjectNumber}`,
            en: `is a website number; the subject's number has no sequence: ${number.subjectNumber}`,
          }
        : {
            zh: `是主体备案号；网站备案号为主体备案号加序号（${number.text}-1、-2…）`,
            en: `is a subject number; a website's number is the subject's with a sequence (${number.text}-1, -2…)`,
          },
    );
    return z.NEVER;
  });
}

function filingShape(policy: FilingSchemaPolicy) {
  const codes = new Set(policy.provinces.map((p) => p.code));
  /** 省级行政区划代码 of a bureau: one of the province-level divisions in data/provinces.json. */
  const provinceCode = z.string().refine((code) => codes.has(code), {
    params: {
      zh: '不是省级行政区划代码（GB/T 2260，如 110000）',
      en: 'is not a province code (GB/T 2260, e.g. 110000)',
    },
  });
  return z.strictObject({
    subjectNumber: icpNumber(policy, 'subject').nullish(),
    province: provinceCode,
    subject: z.strictObject({ ...identityFields, type: z.enum(SUBJECT_TYPES) }),
    provider: z.enum(PROVIDERS),
    account: text(200).nullish(),
    state: z.enum(FILING_STATES).optional(),
    websites: z
      .array(
        z.strictObject({
          number: icpNumber(policy, 'website').nullish(),
          domains: z.array(registrableDomain).min(1),
          provider: z.enum(PROVIDERS).optional(),
          providers: z.array(z.enum(PROVIDERS)).min(1).optional(),
          /** 审核通过日期: optional; absent means unknown (never "filed before a rule took effect"). */
          approvedAt: instant.nullish(),
          /** 网站名称 and 网站首页URL as the public query shows them; optional (not every source has them). */
          name: text(100).nullish(),
          homeUrl: text(1024).nullish(),
        }),
      )
      .optional(),
  });
}
type FilingShape = z.output<ReturnType<typeof filingShape>>;

function checkFiling(policy: FilingSchemaPolicy, line: FilingShape, ctx: z.RefinementCtx): void {
  const filed = (line.state ?? 'filed') === 'filed';
  const websites = line.websites ?? [];
  if (filed && !line.subjectNumber) {
    fail(ctx, { zh: '为必填项（已备案主体）', en: 'is required for a filed subject' }, ['subjectNumber']);
  }
  if (!filed && line.subjectNumber) {
    fail(ctx, { zh: '在 state 为 in-progress 时应为空', en: 'must be empty while state is in-progress' }, [
      'subjectNumber',
    ]);
  }
  // Only a well-formed number gets here (a malformed one has its own issue); its bureau is its prefix's.
  const subjectNumber = line.subjectNumber ?? null;
  if (subjectNumber && subjectNumber.province !== line.province) {
    const name = (code: string) => policy.provinces.find((p) => p.code === code)?.name ?? code;
    const { prefix, province } = subjectNumber;
    fail(
      ctx,
      {
        zh: `的省份简称「${prefix}」属于${name(province)}（${province}），与 province ${line.province}（${name(line.province)}）不一致`,
        en: `prefix ${prefix} is the bureau of ${name(province)} (${province}), not of province ${line.province} (${name(line.province)})`,
      },
      ['subjectNumber'],
    );
  }
  if (line.provider === 'self' && !line.account) {
    fail(ctx, { zh: '为必填项（provider 为 self 时）', en: 'is required when provider is self' }, [
      'account',
    ]);
  }
  if (line.provider === 'other' && line.account) {
    fail(ctx, { zh: '仅在 provider 为 self 时填写', en: 'applies only when provider is self' }, ['account']);
  }
  const numbers = new Map<string, number>();
  const domains = new Map<string, string>();
  websites.forEach((website, w) => {
    const number = website.number;
    if (filed && !number)
      fail(ctx, { zh: '为必填项（已备案网站）', en: 'is required for a filed website' }, [
        'websites',
        w,
        'number',
      ]);
    if (!filed && number) {
      fail(ctx, { zh: '在 state 为 in-progress 时应为空', en: 'must be empty while state is in-progress' }, [
        'websites',
        w,
        'number',
      ]);
    }
    if (!filed && website.approvedAt) {
      fail(ctx, { zh: '在 state 为 in-progress 时应为空', en: 'must be empty while state is in-progress' }, [
        'websites',
        w,
        'approvedAt',
      ]);
    }
    // A licence holder's websites are numbered under its licence (京ICP证030173号-1), like any subject's.
    if (number && subjectNumber && number.subjectNumber !== subjectNumber.text) {
      fail(
        ctx,
        {
          zh: `应为主体备案号加序号（${subjectNumber.text}-1、-2…）`,
          en: `must be the subject number with a sequence (${subjectNumber.text}-1, -2…)`,
        },
        ['websites', w, 'number'],
      );
    }
    const earlier = number ? numbers.get(number.text) : undefined;
    if (number && earlier !== undefined) {
      fail(ctx, { zh: `与 websites[${earlier}].number 重复`, en: `repeats websites[${earlier}].number` }, [
        'websites',
        w,
        'number',
      ]);
    } else if (number) numbers.set(number.text, w);
    if (website.provider && website.providers) {
      fail(ctx, { zh: '与 provider 只能填其一', en: 'cannot be given together with provider' }, [
        'websites',
        w,
        'providers',
      ]);
    }
    if (website.providers && new Set(website.providers).size !== website.providers.length) {
      fail(ctx, { zh: '含重复的值', en: 'repeats a value' }, ['websites', w, 'providers']);
    }
    website.domains.forEach((domain, d) => {
      const first = domains.get(domain);
      // A domain belongs to one website: one filing per domain.
      if (first) fail(ctx, { zh: `与 ${first} 重复`, en: `repeats ${first}` }, ['websites', w, 'domains', d]);
      else domains.set(domain, `websites[${w}].domains[${d}]`);
    });
  });
}

/**
 * One line of `beian filings import`: a subject with its websites (contract addition: `state`, `providers`).
 * Numbers are read with the policy's prefixes and stored in their one written form.
 */
export function filingLineSchema(policy: FilingSchemaPolicy) {
  return filingShape(policy)
    .superRefine((line, ctx) => checkFiling(policy, line, ctx))
    .transform((line): RegistrySubject => ({
      subjectNumber: line.subjectNumber?.text ?? null,
      province: line.province,
      subject: toIdentity(line.subject),
      provider: line.provider,
      account: line.account ?? null,
      state: line.state ?? 'filed',
      websites: (line.websites ?? []).map((website) => ({
        number: website.number?.text ?? null,
        domains: website.domains,
        providers: website.providers ?? [website.provider ?? line.provider],
        approvedAt: website.approvedAt ?? null,
        // Only when the line has them, as the facts store answers (it never reads them back).
        ...(website.name ? { name: website.name } : {}),
        ...(website.homeUrl ? { homeUrl: website.homeUrl } : {}),
      })),
    }));
}
