/**
 * The monitor as a deployment configures it, from the configuration schema (src/config/schema.ts,
 * documented in docs/CONFIGURATION.md): the provider's declared ranges, the resolvers, concurrency,
 * the page deadline and size cap, the warning horizon, and the public URL named in the User-Agent.
 */
import type { Config } from '../config/index.ts';
import type { FactsSource } from '../facts/index.ts';
import { createAddressGuard } from '../online/index.ts';
import type { AddressGuard } from '../online/index.ts';
import type { PolicyData } from '../policy/index.ts';
import { createDnsProbe } from './dns-probe.ts';
import { createHttpProbe } from './http-probe.ts';
import { parseProviderRanges } from './provider-ranges.ts';
import type { MonitorDeps } from './run-monitor.ts';

export const MONITOR_USER_AGENT = 'beian-monitor/1.0 (ICP filing compliance check by the hosting provider)';

/** The variables the monitor reads. */
export type MonitorConfig = Pick<
  Config,
  | 'BEIAN_PROVIDER_CIDRS'
  | 'BEIAN_MONITOR_DNS_SERVERS'
  | 'BEIAN_MONITOR_CONCURRENCY'
  | 'BEIAN_MONITOR_TIMEOUT_MS'
  | 'BEIAN_MONITOR_MAX_BYTES'
  | 'BEIAN_MONITOR_WARN_DAYS'
  | 'BEIAN_PUBLIC_URL'
>;

export function monitorFromConfig(
  config: MonitorConfig,
  deps: {
    facts: FactsSource;
    policy: Pick<PolicyData, 'parseIcpNumber'>;
    now?: () => Date;
    guard?: AddressGuard;
  },
): MonitorDeps {
  const dns = createDnsProbe({ servers: config.BEIAN_MONITOR_DNS_SERVERS ?? [] });
  const publicUrl = config.BEIAN_PUBLIC_URL ? `; +${config.BEIAN_PUBLIC_URL}` : '';
  return {
    dns,
    http: createHttpProbe({
      dns,
      guard: deps.guard ?? createAddressGuard(),
      userAgent: MONITOR_USER_AGENT.replace(')', `${publicUrl})`),
      timeoutMs: config.BEIAN_MONITOR_TIMEOUT_MS,
      maxBytes: config.BEIAN_MONITOR_MAX_BYTES,
    }),
    facts: deps.facts,
    policy: deps.policy,
    ranges: parseProviderRanges(config.BEIAN_PROVIDER_CIDRS ?? ''),
    now: deps.now ?? (() => new Date()),
    warnDays: config.BEIAN_MONITOR_WARN_DAYS,
    concurrency: config.BEIAN_MONITOR_CONCURRENCY,
  };
}
