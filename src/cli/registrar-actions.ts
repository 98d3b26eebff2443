/**
 * The longer subcommands of `beian registrar` and its output lines: deciding a domain's pending
 * real-name submission, printing a certificate to a file, running the reporting jobs.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { runDueJobs } from '../jobs/index.ts';
import type {
  RealNameReport,
  RegistrarActor,
  RegistrarDomain,
  RegistrarGateway,
} from '../registrar/index.ts';
import { RegistrarError } from '../registrar/index.ts';
import { parseInstant, shanghaiDate } from '../shared/index.ts';
import { InputFileError } from './bulk-io.ts';
import type { CliEnv } from './cli-env.ts';
import { UsageError } from './cli-env.ts';

/** `domain  status  real-name  registrar  holder  expiry  account`, tab-separated. */
export function describeDomain(domain: RegistrarDomain): string {
  const { ascii, unicode } = domain.domain;
  return [
    unicode === ascii ? ascii : `${unicode} (${ascii})`,
    domain.status,
    domain.realName.status,
    domain.registrar.id,
    domain.holder.name,
    shanghaiDate(new Date(domain.expiresAt)),
    domain.account ?? '-',
  ].join('\t');
}

/** `#id  domain  status  due  attempts  last error`, tab-separated. */
export function describeReport(report: RealNameReport, lang: 'zh' | 'en'): string {
  return [
    `#${report.id}`,
    report.domain.unicode,
    report.status,
    report.dueDate,
    String(report.attempts),
    report.lastError?.[lang] ?? '',
  ].join('\t');
}

/** `real-name approve DOMAIN` / `real-name reject DOMAIN --reason TEXT`: the domain's pending submission. */
export async function decideRealName(
  env: CliEnv,
  registrar: RegistrarGateway,
  actor: RegistrarActor,
  request: { verb: 'approve' | 'reject'; domain: string; reason?: { zh: string; en?: string } },
): Promise<number> {
  const { domain } = request;
  const [pending] = await registrar.listSubmissions({ actor, status: 'pending', domain });
  if (!pending) {
    throw new RegistrarError('REAL_NAME_STATE', {
      zh: `${domain} 没有待审核的实名认证资料`,
      en: `${domain} has no pending real-name submission`,
    });
  }
  const now = new Date();
  const zh = env.lang === 'zh';
  if (request.verb === 'approve') {
    const decision = await registrar.approveRealName({ actor, now, submissionId: pending.id });
    const due = decision.report?.dueDate ?? '?';
    env.stdout.write(
      zh
        ? `已通过 ${domain} 的实名认证；将于 ${due} 上报工信部域名库。\n`
        : `Approved ${domain}; it is reported to MIIT on ${due}.\n`,
    );
  } else {
    await registrar.rejectRealName({
      actor,
      now,
      submissionId: pending.id,
      input: { reason: request.reason ?? { zh: '' } },
    });
    env.stdout.write(zh ? `已驳回 ${domain} 的实名认证。\n` : `Rejected ${domain}'s real-name submission.\n`);
  }
  return 0;
}

/** `certificate DOMAIN --out FILE`: the PDF to the file; serial and code to stdout. */
export async function printCertificate(
  env: CliEnv,
  registrar: RegistrarGateway,
  actor: RegistrarActor,
  request: { domain: string; file: string },
): Promise<number> {
  const { file } = request;
  // Opened first: the certificate is recorded once issued, so the file must be writable before.
  let fd: number;
  try {
    fd = openSync(file, 'w', 0o644);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InputFileError({ zh: `无法写入 ${file}：${detail}`, en: `cannot write ${file}: ${detail}` });
  }
  try {
    const certificate = await registrar.issueCertificate({ actor, now: new Date(), domain: request.domain });
    writeSync(fd, certificate.pdf);
    const zh = env.lang === 'zh';
    env.stdout.write(
      zh
        ? `证书编号：${certificate.serial}\n验证码：${certificate.verificationCode}\n`
        : `Certificate number: ${certificate.serial}\nVerification code: ${certificate.verificationCode}\n`,
    );
  } finally {
    closeSync(fd);
  }
  return 0;
}

/** `run-jobs [--at ISO8601]`: the registrar's due jobs, once; `--at` moves the sandbox's clock forward. */
export async function runRegistrarJobs(
  env: CliEnv,
  registrar: RegistrarGateway,
  at: string | undefined,
): Promise<number> {
  const now = at === undefined ? new Date() : parseInstant(at);
  if (now === null) {
    throw new UsageError({
      zh: '--at 应为带时区的 ISO 8601 时间或日期',
      en: '--at must be an ISO 8601 time with offset, or a date',
    });
  }
  const summary = await runDueJobs(await env.database(), registrar.jobHandlers(), now);
  env.stdout.write(
    env.lang === 'zh'
      ? `完成 ${summary.completed} 个任务，${summary.retried} 个稍后重试，${summary.failed} 个失败。\n`
      : `Completed ${summary.completed} jobs, ${summary.retried} to retry, ${summary.failed} failed.\n`,
  );
  return 0;
}
