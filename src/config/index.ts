/** The configuration's public surface: the schema over the environment, its reader and its document. */
export { renderConfigMarkdown } from './config-doc.ts';
export {
  CONFIG_VARIABLES,
  ConfigError,
  ENVIRONMENT_SCHEMA,
  LOG_LEVELS,
  VARIABLE_DOCS,
  localeOf,
  readConfig,
} from './schema.ts';
export type { Config, ConfigVariable, LogLevel, MetricsAccess, TrustProxy } from './schema.ts';
