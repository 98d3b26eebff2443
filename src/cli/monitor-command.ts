/**
 * `beian monitor run [--cohort all|province:XX|account:NAME] [--format human|json|csv] [--online]`:
 * checks the filed websites hosted here (合规巡检), records the run as a campaign, and prints its
 * report. Exit code 1 when some website fails (an `error` finding), 0 when none does.
 * Configured through the schema (src/config/schema.ts): BEIAN_PROVIDER_CIDRS and the monitor's own variables.
 */
import { readConfig } from '../config/index.ts';
import { campaignCsv, monitorFromConfig, parseCohort, readCampaign, runCampaign } from '../monitor/index.ts';
import { onlineFactsFromFiles, withOnlineFacts } from '../online/index.ts';
import { LocalizedError } from '../shared/index.ts';
import { createFactsStore } from '../store/index.ts';
import type { CliEnv } from './cli-env.ts';
import { UsageError } from './cli-env.ts';

export const MONITOR_OPTIONS = {
  cohort: { type: 'string' },
  format: { type: 'string' },
  online: { type: 'boolean' },
} as const;

const FORMATS = ['human', 'json', 'csv'] as const;
const CLI_ACTOR = { account: 'cli', role: 'operator' };

export async function runMonitorCommand(
  env: CliEnv,
  values: Record<string, unknown>,
  positionals: string[],
  processEnv: NodeJS.ProcessEnv,
): Promise<number> {
  if (positionals.length !== 1 || positionals[0] !== 'run') {
    throw new UsageError({
      zh: '用法：beian monitor run [--cohort all|province:省份|account:账号] [--format human|json|csv] [--online]',
      en: 'usage: beian monitor run [--cohort all|province:XX|account:NAME] [--format human|json|csv] [--online]',
    });
  }
  const format = (values.format as string | undefined) ?? 'human';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError({
      zh: '--format 只能是 human、json 或 csv',
      en: '--format must be human, json or csv',
    });
  }
  const config = readConfig(processEnv);
  const policy = env.policy();
  const database = await env.database();
  let monitor;
  let cohort;
  try {
    cohort = parseCohort((values.cohort as string | undefined) ?? 'all', policy);
    const local = createFactsStore(database);
    const files = { rdapBootstrap: config.BEIAN_RDAP_BOOTSTRAP, whoisServers: config.BEIAN_WHOIS_SERVERS };
    const facts = values.online ? withOnlineFacts(local, onlineFactsFromFiles(files, database)) : local;
    monitor = monitorFromConfig(config, { facts, policy });
  } catch (error) {
    if (error instanceof LocalizedError) throw new UsageError(error.messages);
    throw error;
  }
  if (monitor.ranges.count === 0) {
    env.stderr.write(
      env.lang === 'zh'
        ? 'beian: 注意：未设置 BEIAN_PROVIDER_CIDRS，所有网站都会被报告为解析到本接入商以外\n'
        : 'beian: note: BEIAN_PROVIDER_CIDRS is not set, so every website is reported as resolving outside this provider\n',
    );
  }
  const outcome = await runCampaign(database, { cohort, actor: CLI_ACTOR, monitor });
  if (!outcome) return 0;
  const { campaign, results } = await readCampaign(database, outcome.campaignId);
  if (format === 'csv') {
    env.stdout.write(campaignCsv(results, env.lang));
  } else if (format === 'json') {
    env.stdout.write(`${JSON.stringify({ campaign, results }, null, 2)}\n`);
  } else {
    const zh = env.lang === 'zh';
    const lines = [
      zh
        ? `巡检 #${campaign.id}（${campaign.cohort}）：${campaign.sites} 个网站，${campaign.failing} 个不合规`
        : `Campaign #${campaign.id} (${campaign.cohort}): ${campaign.sites} websites, ${campaign.failing} failing`,
    ];
    for (const r of results) {
      lines.push('', `${r.ok ? '✓' : '✗'} ${r.number}  ${r.domains.join(' ')}${r.url ? `  ${r.url}` : ''}`);
      for (const f of r.findings) {
        lines.push(
          `  [${f.severity}] ${f.code} (${f.source})`,
          `    ${f.message[env.lang]}`,
          `    → ${f.remedy[env.lang]}`,
        );
      }
    }
    env.stdout.write(`${lines.join('\n')}\n`);
  }
  return outcome.failing > 0 ? 1 : 0;
}
