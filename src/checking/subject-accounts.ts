/**
 * 主体所在账号 — who may learn that a subject (by its certificate number) is held by another account of
 * this provider (SUBJECT_IN_OTHER_ACCOUNT, seed Q9). The fact is about a customer relationship, not
 * public record: an anonymous precheck naming any company's credit code must not reveal whether the
 * company has an account here, and neither may a signed-in applicant's check of someone else's code
 * (issue 12). Told are staff checking on an applicant's behalf, and an applicant who controls the
 * subject: who holds one of its domains at this registrar, real-name verified to that subject — the
 * case Q9 is about, a second account of the same company. Everyone else gets the filing type's
 * consequence (新增网站: the subject is filed here) without the account: the facts they are checked
 * against show the subject's filings as if in the asker's own account.
 *
 * The engine (src/rules/filing-state.ts) is untouched: visibility is a property of the facts a shell
 * hands it, decided here.
 */
import type { Kysely } from 'kysely';
import type { FactsSource, RegistrySubject } from '../facts/index.ts';
import type { Role } from '../filing/index.ts';
import { can } from '../filing/index.ts';
import type { Schema } from '../store/index.ts';
import { chunked } from '../store/index.ts';

/** Who is asking, as far as other accounts are concerned. */
export type AccountVisibility =
  /** Staff (roles that read any application), operators and the CLI: every account is shown. */
  | { kind: 'all' }
  /** An applicant (`account`) or an anonymous visitor (null): only subjects they control. */
  | { kind: 'controlled'; account: string | null; db: Kysely<Schema> };

/**
 * The visibility of an asker: roles that read any application (reviewers, admin) check on applicants'
 * behalf and see every account; anyone else sees only subjects they control.
 */
export function visibilityOf(
  db: Kysely<Schema>,
  asker: { login: string; role: Role } | null,
): AccountVisibility {
  if (asker !== null && can(asker.role, 'application.read-any')) return { kind: 'all' };
  return { kind: 'controlled', account: asker?.login ?? null, db };
}

/**
 * The certificate numbers among `idNumbers` whose subject `account` controls: it holds a domain at this
 * registrar (registrar_domain.account) that is active and real-name verified to that subject.
 */
export async function controlledSubjects(
  db: Kysely<Schema>,
  account: string,
  idNumbers: readonly string[],
): Promise<Set<string>> {
  const controlled = new Set<string>();
  const unique = [...new Set(idNumbers.map((id) => id.toUpperCase()))];
  for (const chunk of chunked(unique)) {
    const rows = await db
      .selectFrom('registrar_domain')
      .select('holder_id_number')
      .distinct()
      .where('account', '=', account)
      .where('status', '=', 'active')
      .where('real_name_status', '=', 'verified')
      .where('holder_id_number', 'in', chunk)
      .execute();
    for (const row of rows) controlled.add(row.holder_id_number.toUpperCase());
  }
  return controlled;
}

/**
 * `facts` as `visibility` may see them: subjects filed here under an account other than the asker's,
 * for a subject the asker does not control, are shown as the asker's own (the engine then derives the
 * filing type and reports no other account). Domain facts pass through unchanged.
 */
export function withAccountVisibility(facts: FactsSource, visibility: AccountVisibility): FactsSource {
  if (visibility.kind === 'all') return facts;
  const { account, db } = visibility;
  return {
    consulted: facts.consulted,
    domainFacts: (domains) => facts.domainFacts(domains),
    async subjectFilings(idNumbers) {
      const filings = await facts.subjectFilings(idNumbers);
      const foreign = [...filings].filter(([, subjects]) =>
        subjects.some((subject) => subject.provider === 'self' && subject.account !== account),
      );
      if (foreign.length === 0) return filings;
      const controlled =
        account === null
          ? new Set<string>()
          : await controlledSubjects(
              db,
              account,
              foreign.map(([id]) => id),
            );
      const shown = new Map(filings);
      for (const [idNumber, subjects] of foreign) {
        if (controlled.has(idNumber.toUpperCase())) continue;
        shown.set(
          idNumber,
          subjects.map((subject): RegistrySubject =>
            subject.provider === 'self' ? { ...subject, account } : subject,
          ),
        );
      }
      return shown;
    },
  };
}
