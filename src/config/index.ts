/** The configuration's public surface: the schema over the environment, its reader and its document. */
export { renderConfigMarkdown } from './config-doc.ts';
export {
  CONFIG_VARIABLES,
  ConfigError,
  ENVIRONMENT_SCHEMA,
  LOG_LEVELS,
  VARIABLE_DOCS,
  configWarnings,
  localeOf,
  parseDeclaredRanges,
  readConfig,
} from './schema.ts';
export type {
  Config,
  ConfigVariable,
  ConfigWarning,
  DeclaredRange,
  LogLevel,
  MetricsAccess,
  TrustProxy,
} from './schema.ts';
