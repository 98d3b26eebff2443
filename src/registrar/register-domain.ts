/**
 * 注册域名 — a registrar operator registers a domain for a holder: registered now, for 1–10 years, at
 * one of the registrars of data/registrars.json (an unapproved one is allowed: the sandbox plays every
 * registrar, and the engine then answers REGISTRAR_NOT_APPROVED, seed FAQ Q1b). The MIIT domain
 * database receives the registration at once.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { toFieldErrors } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import { findDomainRegistration } from '../miit/index.ts';
import { addShanghaiMonths, shanghaiDate } from '../shared/index.ts';
import type { Schema } from '../store/index.ts';
import type { ParsedDomain, RegistrarContext } from './context.ts';
import { auditDomain, parseRegistrableDomain, requirePermission } from './context.ts';
import { domainView, findRegistrarEntry, newDomainRow, syncToMiit } from './domain-row.ts';
import { RegistrarError, fieldError, invalidFields } from './errors.ts';
import { holderInputSchema, validateHolder } from './holder.ts';
import { MAX_REGISTRATION_YEARS, renewalClosesAt } from './renew-domain.ts';
import type { RegistrarActor, RegistrarDomain } from './types.ts';

/** The registrar the sandbox acts as when none is named: 阿里云, which prints its licence 浙D3-20210002. */
export const DEFAULT_REGISTRAR_ID = 'aliyun';

/** Login names as src/accounts/accounts.ts accepts them (the accounts layer sits above this one). */
const ACCOUNT_LOGIN = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;

export const accountField = z.string().trim().toLowerCase().min(2).max(64).regex(ACCOUNT_LOGIN).nullish();

export const registerDomainInputSchema = z
  .strictObject({
    domain: z.string().max(4096),
    holder: holderInputSchema,
    years: z.int().min(1).max(MAX_REGISTRATION_YEARS).default(1),
    registrar: z.string().trim().min(1).max(64).default(DEFAULT_REGISTRAR_ID),
    /** The holder's login here, whose "my domains" will list it. */
    account: accountField,
  })
  .meta({ id: 'RegisterDomainRequest' });
export type RegisterDomainInput = z.input<typeof registerDomainInputSchema>;

/** A domain the suffix list does not know cannot be registered anywhere the sandbox plays. */
export function requireKnownSuffix(
  ctx: RegistrarContext,
  domain: ParsedDomain,
  now: Date,
  path = 'domain',
): void {
  if (ctx.policy.classifySuffix(domain.suffixAscii, now).entry === null) {
    throw fieldError(path, 'SUFFIX_UNKNOWN', {
      zh: `${domain.unicode} 的后缀不在 beian 的后缀表中，沙箱不提供注册`,
      en: `the suffix of ${domain.unicode} is not in beian's suffix list; the sandbox does not register it`,
    });
  }
}

export function requireKnownRegistrar(ctx: RegistrarContext, id: string, path = 'registrar'): void {
  if (!findRegistrarEntry(ctx, id)) {
    throw fieldError(path, 'REGISTRAR_UNKNOWN', {
      zh: `不认识的注册商“${id.slice(0, 64)}”（应为 data/registrars.json 中的 id，如 aliyun）`,
      en: `unknown registrar "${id.slice(0, 64)}" (give an id of data/registrars.json, e.g. aliyun)`,
    });
  }
}

/**
 * A domain can be registered once: not here already, and not held elsewhere per the MIIT domain
 * database (a registration still within its renewal grace period is still held).
 */
export async function requireAvailable(tx: Kysely<Schema>, domain: ParsedDomain, now: Date): Promise<void> {
  const here = await tx
    .selectFrom('registrar_domain')
    .select('status')
    .where('domain', '=', domain.ascii)
    .executeTakeFirst();
  if (here) {
    throw new RegistrarError('DOMAIN_TAKEN', {
      zh: `${domain.unicode} 已在本注册商注册${here.status === 'active' ? '' : '（已转出）'}`,
      en: `${domain.unicode} is already registered here${here.status === 'active' ? '' : ' (transferred out)'}`,
    });
  }
  const elsewhere = await findDomainRegistration(tx, domain.ascii);
  if (elsewhere && renewalClosesAt(elsewhere.expiresAt).getTime() >= now.getTime()) {
    throw new RegistrarError('DOMAIN_TAKEN', {
      zh: `域名库显示 ${domain.unicode} 已由 ${elsewhere.registrar} 注册，有效期至 ${shanghaiDate(new Date(elsewhere.expiresAt))}`,
      en: `the domain database has ${domain.unicode} registered at ${elsewhere.registrar} until ${shanghaiDate(new Date(elsewhere.expiresAt))}`,
    });
  }
}

export async function registerDomain(
  ctx: RegistrarContext,
  request: { actor: RegistrarActor; now: Date; input: RegisterDomainInput },
): Promise<RegistrarDomain> {
  const { actor, now } = request;
  requirePermission(actor, 'registrar.manage', { zh: '注册域名', en: 'register domains' });
  const parsed = registerDomainInputSchema.safeParse(request.input, { reportInput: true });
  if (!parsed.success) throw invalidFields(toFieldErrors(parsed.error.issues, request.input));
  const input = parsed.data;
  const domain = parseRegistrableDomain(input.domain);
  requireKnownSuffix(ctx, domain, now);
  requireKnownRegistrar(ctx, input.registrar);
  const holder = validateHolder(input.holder, shanghaiDate(now));

  return writeTransaction(ctx.database, async (tx) => {
    await requireAvailable(tx, domain, now);
    const row = await tx
      .insertInto('registrar_domain')
      .values(
        newDomainRow({
          domain: domain.ascii,
          registrarId: input.registrar,
          account: input.account ?? null,
          holder,
          registeredAt: now.toISOString(),
          expiresAt: addShanghaiMonths(now, 12 * input.years).toISOString(),
          realName: 'none',
          verifiedAt: null,
          reportedAt: null,
          now,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await syncToMiit(tx, ctx, row, now);
    await auditDomain(tx, {
      actor,
      action: 'registrar.register',
      domain: domain.ascii,
      to: 'active',
      data: { registrar: input.registrar, years: input.years, account: row.account, holder: holder.name },
      now,
    });
    return domainView(ctx, row);
  });
}
