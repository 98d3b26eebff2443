/**
 * 数据导入 — imports into the MIIT sandbox's facts: domain registrations and filings from JSON Lines or
 * CSV, validated line by line with the errors reported by line number.
 */
export * from './import-filings.ts';
export * from './import-lines.ts';
export * from './import-registrations.ts';
