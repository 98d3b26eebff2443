/**
 * APP核验 — the engine's answer for one app entry of an application (工信部信管〔2023〕105号): whether
 * its package names / Bundle IDs or its name are filed already, and which of the domains it uses are the
 * subject's own filed or applied-for websites. The domains themselves are checked by `checkDomain`, as
 * for websites: the caller runs it on each registrable domain and passes the results in.
 *
 * Pure: the facts (filed apps) come in; no I/O, no clock.
 */
import { makeFinding } from './render.ts';
import type { CheckResult, Finding, Localized } from './types.ts';

/** 已备案APP — a filed app as the MIIT sandbox knows it. */
export type FiledAppFact = {
  number: string;
  name: string;
  subjectName: string;
  /** Upper case. */
  subjectIdNumber: string;
  /** `platform:identifier` (`android:cn.example.app`). */
  identifiers: readonly string[];
  /** Whether this provider hosts it (`self` among its providers); false: filed through another provider. */
  hostedHere: boolean;
};

/** What the engine reads of an app entry. */
export type AppCheckInput = {
  name: string;
  /** `platform:identifier`, from `appIdentifiers`. */
  identifiers: readonly string[];
  /** The hosts it uses (A-label) and the engine's result for each one's registrable domain. */
  domains: readonly { host: string; result: CheckResult }[];
};

/** 核验结果 — per app: its own findings, and the domain results after the app's own reading. */
export type AppCheckResult = {
  ok: boolean;
  findings: Finding[];
  domains: { host: string; result: CheckResult }[];
};

const PLATFORMS: Record<string, Localized> = {
  android: { zh: '安卓', en: 'Android' },
  ios: { zh: 'iOS', en: 'iOS' },
  harmonyos: { zh: '鸿蒙', en: 'HarmonyOS' },
};

/**
 * Findings for one app. `subjectIdNumber`: the applicant's (upper case); `filedApps`: filed apps sharing
 * a name or an identifier with it. `ownWebsiteDomains`: registrable domains (A-label) of this
 * application's websites, which the app may use although they are not filed yet. `changeOf`: the number
 * of the filed app a 变更APP changes; that app's identifiers and name are the change's own, no conflict.
 * The subject's own app filed through another provider is an access (接入, number kept), not a conflict.
 */
export function checkApp(
  app: AppCheckInput,
  subjectIdNumber: string,
  filedApps: readonly FiledAppFact[],
  ownWebsiteDomains: ReadonlySet<string> = new Set(),
  changeOf: string | null = null,
): AppCheckResult {
  const findings: Finding[] = [];
  const mine = (f: FiledAppFact) => f.subjectIdNumber === subjectIdNumber.toUpperCase();
  for (const identifier of app.identifiers) {
    const filed = filedApps.find((f) => f.identifiers.includes(identifier));
    if (!filed || filed.number === changeOf) continue;
    const [platform = '', id = ''] = identifier.split(/:(.*)/s);
    const vars = {
      platform: PLATFORMS[platform] ?? platform,
      identifier: id,
      otherName: filed.name,
      number: filed.number,
      otherSubject: filed.subjectName,
    };
    const evidence = { identifier, number: filed.number };
    const code = !mine(filed)
      ? 'APP_IDENTIFIER_FILED_ELSEWHERE'
      : filed.hostedHere
        ? 'APP_ALREADY_FILED_HERE'
        : 'APP_ACCESS_OF_FILED_APP';
    findings.push(makeFinding(code, vars, evidence));
  }
  const name = app.name.normalize('NFKC');
  const sameName = filedApps.find(
    (f) => f.name.normalize('NFKC') === name && !mine(f) && f.number !== changeOf,
  );
  if (sameName)
    findings.push(
      makeFinding(
        'APP_NAME_FILED_ELSEWHERE',
        { name: app.name, otherSubject: sameName.subjectName, number: sameName.number },
        { number: sameName.number },
      ),
    );

  // An app may use its own subject's domains: the filed website's (DOMAIN_ALREADY_FILED_HERE would
  // refuse a new website, not an app using it) and those of this application's websites.
  const domains = app.domains.map(({ host, result }) => {
    const registrable = result.domain?.registrableAscii ?? '';
    const filedHere = result.findings.find((f) => f.code === 'DOMAIN_ALREADY_FILED_HERE');
    const inApplication = ownWebsiteDomains.has(registrable);
    if (!filedHere && !inApplication) return { host, result };
    const where: Localized = filedHere
      ? {
          zh: `本主体已备案的网站 ${String(filedHere.evidence.number ?? '')}`,
          en: `this subject's filed website ${String(filedHere.evidence.number ?? '')}`,
        }
      : { zh: '本申请中的网站', en: 'a website of this application' };
    const kept = result.findings.filter(
      (f) =>
        f.code !== 'DOMAIN_ALREADY_FILED_HERE' &&
        // The website's own checks report these for the website; the app does not repeat them.
        !(inApplication && f.code === 'DOMAIN_ORDER_IN_PROGRESS'),
    );
    const info = makeFinding('APP_DOMAIN_OF_FILED_WEBSITE', { host, where }, { host, registrable });
    const findings = [...kept, info];
    return { host, result: { ...result, findings, ok: !findings.some((f) => f.severity === 'error') } };
  });
  const ok =
    !findings.some((f) => f.severity === 'error') &&
    domains.every((d) => !d.result.findings.some((f) => f.severity === 'error'));
  return { ok, findings, domains };
}
