/** The online layer's public surface: RDAP and CNNIC WHOIS facts for domains registered elsewhere. */
export {
  BOOTSTRAP_STALE_DAYS,
  BootstrapError,
  DEFAULT_BOOTSTRAP_PATH,
  bootstrapAgeDays,
  diffBootstrap,
  loadBootstrap,
  parseBootstrap,
} from './bootstrap.ts';
export type { BootstrapDiff, BootstrapFile, RdapBootstrap } from './bootstrap.ts';
export { bootstrapPath, onlineFactsFromEnv, whoisServersPath } from './config.ts';
export { ORIGIN_RANK, withOnlineFacts } from './facts-source.ts';
export { lookahead } from './lookahead.ts';
export { DEFAULT_TTL, createOnlineFacts } from './online-facts.ts';
export type { OnlineFacts, OnlineFactsOptions, OnlineTtl } from './online-facts.ts';
export type { OnlineRecord, OnlineSourceName } from './types.ts';
export { WhoisServersError, loadWhoisServers, parseWhoisServers } from './whois-servers.ts';
export type { WhoisServers } from './whois-servers.ts';
export { httpGet } from './http-get.ts';
