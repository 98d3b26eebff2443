/**
 * The online facts a deployment or a CLI run uses: the bundled IANA bootstrap and CNNIC WHOIS servers,
 * or an operator's files (BEIAN_RDAP_BOOTSTRAP, BEIAN_WHOIS_SERVERS), with the database as the cache.
 */
import type { Database } from '../store/index.ts';
import { DEFAULT_BOOTSTRAP_PATH, loadBootstrap } from './bootstrap.ts';
import type { OnlineFacts, OnlineFactsOptions } from './online-facts.ts';
import { createOnlineFacts } from './online-facts.ts';
import { DEFAULT_WHOIS_SERVERS_PATH, loadWhoisServers } from './whois-servers.ts';

/** The operator's files as the configuration names them (BEIAN_RDAP_BOOTSTRAP, BEIAN_WHOIS_SERVERS). */
export type OnlineFiles = { rdapBootstrap?: string | undefined; whoisServers?: string | undefined };

/** Where the bootstrap lives for this deployment: the operator's path, else the bundled snapshot. */
export function bootstrapPath(files: OnlineFiles): string {
  return files.rdapBootstrap || DEFAULT_BOOTSTRAP_PATH;
}

export function onlineFactsFromFiles(
  files: OnlineFiles,
  database: Database | null,
  options: Omit<OnlineFactsOptions, 'bootstrap' | 'whoisServers' | 'database'> = {},
): OnlineFacts {
  return createOnlineFacts({
    ...options,
    bootstrap: loadBootstrap(bootstrapPath(files)),
    whoisServers: loadWhoisServers(files.whoisServers || DEFAULT_WHOIS_SERVERS_PATH),
    database,
  });
}
