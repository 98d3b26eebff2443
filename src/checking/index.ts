/**
 * 域名核验 — the engine's service: checking domains against the rules with their facts gathered in
 * batches, bulk checks over files (txt, CSV, JSON Lines) and the CSV reader they share.
 */
export * from './bulk-check.ts';
export * from './bulk-files.ts';
export * from './check-domains.ts';
export * from './csv-records.ts';
export * from './subject-accounts.ts';
