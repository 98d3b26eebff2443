/**
 * The facts as they stood at the evaluation instant (`--at`): a website first approved later was not
 * filed yet, and an application made later was not in progress, just as a registration or a
 * verification dated later did not exist yet (check-domain.ts, domain-checks.ts). An unknown date
 * (imports that carry none) counts as before any instant, as it always did.
 */
import type { DomainFacts, RegistrySubject, RegistryWebsite, WebsiteFiling } from '../facts/index.ts';
import { compareInstant } from '../shared/index.ts';
import type { CheckContext } from './context.ts';

const after = (ctx: CheckContext, instant: string | null | undefined): boolean =>
  instant != null && compareInstant(instant, ctx.derived.at) > 0;

const approvedLater = (ctx: CheckContext, website: RegistryWebsite): boolean =>
  after(ctx, website.approvedAt);

const madeLater = (ctx: CheckContext, filing: WebsiteFiling): boolean => after(ctx, filing.subject.createdAt);

/** The domain's facts as of `ctx.at`; the same object when nothing is dated later. */
export function factsAsOf(ctx: CheckContext, facts: DomainFacts): DomainFacts {
  const filingLater = facts.filing !== null && approvedLater(ctx, facts.filing.website);
  // Loops, not some(): a closure per domain on the bulk path, where nothing is dated later.
  let anyMadeLater = false;
  for (const filing of facts.inProgress) if (madeLater(ctx, filing)) anyMadeLater = true;
  const inProgress = anyMadeLater
    ? facts.inProgress.filter((filing) => !madeLater(ctx, filing))
    : facts.inProgress;
  if (!filingLater && inProgress === facts.inProgress) return facts;
  return { ...facts, filing: filingLater ? null : facts.filing, inProgress };
}

/**
 * The subject's filings as of `ctx.at`: websites first approved later are left out, and a subject all
 * of whose websites were approved later was not filed yet.
 */
export function subjectFilingsAsOf(
  ctx: CheckContext,
  subjects: readonly RegistrySubject[],
): readonly RegistrySubject[] {
  let anyApprovedLater = false;
  for (const subject of subjects) {
    for (const website of subject.websites) if (approvedLater(ctx, website)) anyApprovedLater = true;
  }
  if (!anyApprovedLater) return subjects;
  return subjects.flatMap((subject) => {
    const websites = subject.websites.filter((website) => !approvedLater(ctx, website));
    if (websites.length === subject.websites.length) return [subject];
    return websites.length === 0 ? [] : [{ ...subject, websites }];
  });
}
