/**
 * Shared set-up of the registrar tests: the sandbox over a fresh database, actors, holders, the engine's
 * view of a domain, and running the reporting jobs at a given instant.
 */
import type { Role } from '../../src/filing/roles.ts';
import { runDueJobs } from '../../src/jobs/index.ts';
import type { RunSummary } from '../../src/jobs/index.ts';
import type { PolicyData } from '../../src/policy/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { RegistrarGateway, RegistrarSandboxOptions } from '../../src/registrar/index.ts';
import { RegistrarError, createRegistrarSandbox } from '../../src/registrar/index.ts';
import type { Holder, RegistrarActor } from '../../src/registrar/index.ts';
import type { Finding } from '../../src/rules/index.ts';
import { createFactsStore } from '../../src/store/index.ts';
import type { Database } from '../../src/store/index.ts';
import { checkDomains } from '../../src/checking/index.ts';

export const policy = loadPolicy();
export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

export const actor = (account: string, role: Role): RegistrarActor => ({ account, role });
export const OPERATOR = actor('reg.operator', 'registrar-operator');
export const LI_LEI = actor('li.lei', 'applicant');
export const HAN_MEIMEI = actor('han.meimei', 'applicant');
export const REVIEWER = actor('zhao.reviewer', 'provider-reviewer');

/** 杭州示例科技有限公司 (the demo's subject S1). */
export const COMPANY: Holder = {
  name: '杭州示例科技有限公司',
  type: 'enterprise',
  idType: 'uscc',
  idNumber: '91330106MA2B3C4D5D',
};
/** 深圳示例网络有限公司, the holder a domain passes to. */
export const OTHER_COMPANY: Holder = {
  name: '深圳示例网络有限公司',
  type: 'enterprise',
  idType: 'uscc',
  idNumber: '91440300MA5G0B1C2H',
};
export const PERSON: Holder = {
  name: '王小明',
  type: 'individual',
  idType: 'resident-id',
  idNumber: '11010519491231002X',
};

export type RegistrarWorld = {
  database: Database;
  registrar: RegistrarGateway;
  /** Runs the due registrar jobs at `now`. */
  runJobs(now: Date): Promise<RunSummary>;
  /** The engine's findings for a domain, as `beian check` gives them for the holder as subject. */
  findings(domain: string, at: Date, subject?: Holder): Promise<Finding[]>;
};

export async function openRegistrar(
  open: () => Promise<Database>,
  options: Partial<RegistrarSandboxOptions> & { policy?: PolicyData } = {},
): Promise<RegistrarWorld> {
  const database = await open();
  const usedPolicy = options.policy ?? policy;
  const registrar = createRegistrarSandbox({ database, ...options, policy: usedPolicy });
  return {
    database,
    registrar,
    runJobs: (now) => runDueJobs(database, registrar.jobHandlers(), now),
    async findings(domain, at, subject = COMPANY) {
      const report = await checkDomains(
        { policy: usedPolicy, facts: createFactsStore(database) },
        {
          inputs: [domain],
          subjectName: subject.name,
          subjectType: subject.type,
          subjectIdType: subject.idType,
          subjectId: subject.idNumber,
        },
        () => at,
      );
      return report.results[0]?.findings ?? [];
    },
  };
}

/** The code of a RegistrarError, for assert.rejects. */
export function refusedWith(code: string, path?: string) {
  return (error: unknown): boolean => {
    if (!(error instanceof RegistrarError)) throw error;
    if (error.code !== code) throw new Error(`expected ${code}, got ${error.code}: ${error.message}`);
    if (path !== undefined && !error.fields.some((field) => field.path === path)) {
      throw new Error(`expected a field error at ${path}, got ${JSON.stringify(error.fields)}`);
    }
    return true;
  };
}

export const codes = (findings: readonly Finding[]): string[] => findings.map((f) => f.code);
