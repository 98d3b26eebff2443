/**
 * The filing type (备案类型) and the conflicts that block one, derived from the state of the subject, the
 * account and the domain (Alibaba Cloud ICP备案类型; Volcengine 备案类型, volcengine.com/docs/6428/68774; contract "Filing types"). The user never
 * chooses a type: providers all derive it ("系统会自动判断您的备案类型").
 */
import type { NormalizedDomain } from '../domain-name/index.ts';
import type { DomainFacts, Identity, RegistrySubject, WebsiteFiling } from '../facts/index.ts';
import type { CheckContext } from './context.ts';
import { bureauLabel } from './context.ts';
import { foldIdNumber, hasSubject, maskAccount, maskIdNumber } from './identity.ts';
import { makeFinding } from './render.ts';
import type { Finding, FilingType, Localized } from './types.ts';

/**
 * The certificate number that identifies the subject: the one given, else (no subject given) the domain's
 * real-name holder's, since the holder is who can file it.
 */
export function subjectIdNumber(ctx: CheckContext, facts: DomainFacts): string | null {
  const given = ctx.derived.subjectIdNumber;
  if (given !== undefined) return given;
  const holder = facts.registration?.realName.holder;
  return holder ? foldIdNumber(holder.idNumber) : null;
}

const sameSubject = (a: Identity, idNumber: string | null): boolean =>
  idNumber !== null && (a.idNumber === idNumber || foldIdNumber(a.idNumber) === idNumber);

const numberOf = (filing: WebsiteFiling): string =>
  filing.website.number ?? filing.subject.subjectNumber ?? '?';

const isHere = (filing: WebsiteFiling): boolean => filing.website.providers.includes('self');

/**
 * The province whose bureau issued a number, from its 简称 (`桂ICP备…` → 广西, `川B2-…` → 四川); a number
 * the parser cannot read falls back to the subject's province, and names its first character.
 */
function bureauOf(ctx: CheckContext, filing: WebsiteFiling): { prefix: string; bureau: Localized } {
  const reading = ctx.policy.parseIcpNumber(numberOf(filing));
  const prefix = reading.ok ? reading.number.prefix : numberOf(filing).charAt(0);
  const code = reading.ok ? reading.number.province : filing.subject.province;
  return { prefix, bureau: bureauLabel(ctx.policy.findProvince(code)) };
}

const ACCESS_CANCELLED: Localized = Object.freeze({
  zh: '但目前没有任何接入商（接入已取消）',
  en: 'but no provider hosts it now (its access was cancelled)',
});
const THROUGH_ANOTHER_PROVIDER: Localized = Object.freeze({
  zh: '通过其他接入商',
  en: 'through another provider',
});

const AT_THIS_PROVIDER: Localized = Object.freeze({ zh: '本接入商', en: 'at this provider' });
const AT_ANOTHER_PROVIDER: Localized = Object.freeze({ zh: '其他接入商', en: 'at another provider' });

type FilingState = { filingType: FilingType | null; findings: Finding[] };

/**
 * The filing type (null: none can be filed), with the findings that block one or qualify it appended to
 * `findings`: a bare value, since this runs once a domain and the findings already have their array.
 */
export function filingState(
  ctx: CheckContext,
  domain: NormalizedDomain,
  facts: DomainFacts,
  subjectFilings: readonly RegistrySubject[],
  findings: Finding[],
): FilingType | null {
  const idNumber = subjectIdNumber(ctx, facts);
  const registrable = domain.registrable;
  const isSubdomain = domain.subdomain !== '';
  const filing = facts.filing;
  let blocked = false;

  if (!hasSubject(ctx.subject)) {
    findings.push(makeFinding('SUBJECT_NOT_GIVEN', { registrable }, { presumedHolder: idNumber !== null }));
  }

  const filedBySame = filing !== null && sameSubject(filing.subject.subject, idNumber);
  const filedByOther = filing !== null && idNumber !== null && !filedBySame;

  // Q4: a subdomain is checked as its registrable domain; one PARENT_* code gives that domain's state.
  if (isSubdomain && !filedByOther) {
    const { unicode, subdomain } = domain;
    const consulted = ctx.consultedLabels.filings;
    // Only the filings this deployment holds were consulted: MIIT's public query may know better.
    if (!filing) {
      findings.push(
        makeFinding(
          'PARENT_DOMAIN_NOT_FILED',
          { registrable, unicode, subdomain, consulted },
          { registrable, consulted: ctx.consulted },
        ),
      );
    } else if (isHere(filing)) {
      const number = numberOf(filing);
      findings.push(
        makeFinding(
          'PARENT_DOMAIN_FILED',
          { registrable, unicode, subdomain, consulted, number },
          { registrable, number },
        ),
      );
    } else {
      // Not hosted here: through another provider, or by none since its access was cancelled (取消接入
      // leaves a 空壳网站 whose number stays valid); either way this provider needs an access filing.
      const access: Localized =
        filing.website.providers.length === 0 ? ACCESS_CANCELLED : THROUGH_ANOTHER_PROVIDER;
      const number = numberOf(filing);
      findings.push(
        makeFinding(
          'PARENT_DOMAIN_FILED_ELSEWHERE',
          { registrable, unicode, subdomain, consulted, number, access },
          { registrable, number },
        ),
      );
    }
  }

  if (filing && filedByOther) {
    // Q7: the number belongs to someone else (often the previous holder) and stays valid until its holder
    // cancels it, or its bureau does on the new domain holder's application.
    const { prefix, bureau } = bureauOf(ctx, filing);
    findings.push(
      makeFinding(
        'DOMAIN_FILED_BY_OTHER_SUBJECT',
        {
          registrable,
          number: numberOf(filing),
          otherSubject: filing.subject.subject.name,
          bureau,
          prefix,
        },
        { number: numberOf(filing), subjectName: filing.subject.subject.name, bureau: bureau.zh, prefix },
      ),
    );
    blocked = true;
  }

  const standing = subjectStanding(ctx, subjectFilings, findings);
  if (standing.blocked) blocked = true;
  const { subjectsHere, subjectsElsewhere } = standing;

  // 变更备案: the website being changed carries its own domains; that is the change's premise.
  const changing =
    filing !== null && filedBySame && ctx.changeOf !== null && filing.website.number === ctx.changeOf;
  if (filing && filedBySame && isHere(filing) && !isSubdomain && !changing) {
    findings.push(
      makeFinding(
        'DOMAIN_ALREADY_FILED_HERE',
        { registrable, number: numberOf(filing) },
        { number: numberOf(filing) },
      ),
    );
    blocked = true;
  }

  const inProgress = facts.inProgress[0];
  if (inProgress) {
    const where = isHere(inProgress) ? AT_THIS_PROVIDER : AT_ANOTHER_PROVIDER;
    findings.push(
      makeFinding(
        'DOMAIN_ORDER_IN_PROGRESS',
        { registrable, where },
        { provider: isHere(inProgress) ? 'self' : 'other' },
      ),
    );
    blocked = true;
  }

  if (blocked) return null;
  if (changing) return 'change';
  if (filing) {
    // Filed by this subject: elsewhere → add this provider as an access provider; here → nothing to file.
    return filedBySame && !isHere(filing) ? 'add-access' : null;
  }
  if (subjectsHere > 0) return 'add-website';
  if (subjectsElsewhere > 0) return 'add-website-external';
  return 'first-filing';
}

/**
 * The subject's standing with this provider: how many of its filings are here and elsewhere, and
 * SUBJECT_IN_OTHER_ACCOUNT (Q9: one subject, one account at this provider) appended to `findings`.
 * One pass, without closures or arrays: this runs once a domain.
 */
function subjectStanding(
  ctx: CheckContext,
  subjectFilings: readonly RegistrySubject[],
  findings: Finding[],
): { subjectsHere: number; subjectsElsewhere: number; blocked: boolean } {
  let subjectsHere = 0;
  let subjectsElsewhere = 0;
  let otherAccount: RegistrySubject | undefined;
  let ownAccount = false;
  for (const subject of subjectFilings) {
    if (subject.provider === 'other') subjectsElsewhere++;
    else if (subject.provider === 'self') {
      subjectsHere++;
      if (subject.account === ctx.account) ownAccount = true;
      else otherAccount ??= subject;
    }
  }
  if (otherAccount && !ownAccount) {
    const account = maskAccount(otherAccount.account ?? '?');
    findings.push(
      makeFinding(
        'SUBJECT_IN_OTHER_ACCOUNT',
        { idNumber: maskIdNumber(otherAccount.subject.idNumber), account },
        { account, subjectNumber: otherAccount.subjectNumber },
      ),
    );
    return { subjectsHere, subjectsElsewhere, blocked: true };
  }
  return { subjectsHere, subjectsElsewhere, blocked: false };
}

/**
 * 备案类型 of an application without websites (APP备案 only, 工信部信管〔2023〕105号): no domain decides
 * it, so the subject does, as it does for a new domain: filed here → 新增 (`add-website`), filed only
 * elsewhere → `add-website-external`, not filed → 首次备案; another account holding it here blocks (Q9).
 */
export function subjectFilingType(
  ctx: CheckContext,
  subjectFilings: readonly RegistrySubject[],
): FilingState {
  const findings: Finding[] = [];
  const { subjectsHere, subjectsElsewhere, blocked } = subjectStanding(ctx, subjectFilings, findings);
  if (blocked) return { filingType: null, findings };
  if (subjectsHere > 0) return { filingType: 'add-website', findings };
  if (subjectsElsewhere > 0) return { filingType: 'add-website-external', findings };
  return { filingType: 'first-filing', findings };
}
