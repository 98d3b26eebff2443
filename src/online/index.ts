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
export type { RdapBootstrap } from './bootstrap.ts';
export { bootstrapPath, onlineFactsFromFiles } from './config.ts';
export type { OnlineFiles } from './config.ts';
export { withOnlineFacts } from './facts-source.ts';
export { lookahead } from './lookahead.ts';
export { createOnlineFacts } from './online-facts.ts';
export type { OnlineFacts, OnlineFactsOptions } from './online-facts.ts';
export type { OnlineRecord, OnlineSourceName } from './types.ts';
export { WhoisServersError, loadWhoisServers, parseWhoisServers } from './whois-servers.ts';
export type { WhoisServers } from './whois-servers.ts';
export { httpGet } from './http-get.ts';
export { createAddressGuard, isInternalAddress, isInternalHost } from './address-guard.ts';
export type { AddressGuard } from './address-guard.ts';
