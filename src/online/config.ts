/**
 * The online facts a deployment or a CLI run uses: the bundled IANA bootstrap and CNNIC WHOIS servers,
 * or an operator's files (BEIAN_RDAP_BOOTSTRAP, BEIAN_WHOIS_SERVERS), with the database as the cache.
 */
import type { Database } from '../store/index.ts';
import { DEFAULT_BOOTSTRAP_PATH, loadBootstrap } from './bootstrap.ts';
import type { OnlineFacts, OnlineFactsOptions } from './online-facts.ts';
import { createOnlineFacts } from './online-facts.ts';
import { DEFAULT_WHOIS_SERVERS_PATH, loadWhoisServers } from './whois-servers.ts';

/** Where the bootstrap lives for this environment: the operator's path, else the bundled snapshot. */
export function bootstrapPath(env: NodeJS.ProcessEnv): string {
  return env.BEIAN_RDAP_BOOTSTRAP || DEFAULT_BOOTSTRAP_PATH;
}

function whoisServersPath(env: NodeJS.ProcessEnv): string {
  return env.BEIAN_WHOIS_SERVERS || DEFAULT_WHOIS_SERVERS_PATH;
}

export function onlineFactsFromEnv(
  env: NodeJS.ProcessEnv,
  database: Database | null,
  options: Omit<OnlineFactsOptions, 'bootstrap' | 'whoisServers' | 'database'> = {},
): OnlineFacts {
  return createOnlineFacts({
    ...options,
    bootstrap: loadBootstrap(bootstrapPath(env)),
    whoisServers: loadWhoisServers(whoisServersPath(env)),
    database,
  });
}
