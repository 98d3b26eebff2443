/**
 * The monitor as a deployment configures it, from the environment (until the config schema of issue 14
 * lands): BEIAN_PROVIDER_CIDRS (the provider's declared ranges), BEIAN_MONITOR_DNS_SERVERS (resolvers,
 * `host:port`, comma-separated; default the system's), BEIAN_MONITOR_CONCURRENCY (default 20),
 * BEIAN_MONITOR_TIMEOUT_MS (per page, default 10000), BEIAN_MONITOR_MAX_BYTES (default 2 MiB),
 * BEIAN_MONITOR_WARN_DAYS (default 30), BEIAN_PUBLIC_URL (named in the User-Agent).
 */
import type { FactsSource } from '../facts/index.ts';
import { createAddressGuard } from '../online/index.ts';
import type { AddressGuard } from '../online/index.ts';
import type { PolicyData } from '../policy/index.ts';
import { LocalizedError } from '../shared/index.ts';
import { createDnsProbe } from './dns-probe.ts';
import { createHttpProbe } from './http-probe.ts';
import { parseProviderRanges } from './provider-ranges.ts';
import type { MonitorDeps } from './run-monitor.ts';

export const MONITOR_USER_AGENT = 'beian-monitor/1.0 (ICP filing compliance check by the hosting provider)';

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1)) {
    throw new LocalizedError({
      zh: `${name} 须为正整数：${text.slice(0, 40)}`,
      en: `${name} must be a positive integer: ${text.slice(0, 40)}`,
    });
  }
  return value;
}

export function monitorFromEnv(
  env: NodeJS.ProcessEnv,
  deps: {
    facts: FactsSource;
    policy: Pick<PolicyData, 'parseIcpNumber'>;
    now?: () => Date;
    guard?: AddressGuard;
  },
): MonitorDeps {
  const servers = (env.BEIAN_MONITOR_DNS_SERVERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const dns = createDnsProbe({ servers });
  const publicUrl = env.BEIAN_PUBLIC_URL ? `; +${env.BEIAN_PUBLIC_URL}` : '';
  return {
    dns,
    http: createHttpProbe({
      dns,
      guard: deps.guard ?? createAddressGuard(),
      userAgent: MONITOR_USER_AGENT.replace(')', `${publicUrl})`),
      timeoutMs: positive(env, 'BEIAN_MONITOR_TIMEOUT_MS', 10_000),
      maxBytes: positive(env, 'BEIAN_MONITOR_MAX_BYTES', 2 * 1024 * 1024),
    }),
    facts: deps.facts,
    policy: deps.policy,
    ranges: parseProviderRanges(env.BEIAN_PROVIDER_CIDRS ?? ''),
    now: deps.now ?? (() => new Date()),
    warnDays: positive(env, 'BEIAN_MONITOR_WARN_DAYS', 30),
    concurrency: positive(env, 'BEIAN_MONITOR_CONCURRENCY', 20),
  };
}
