/** The monitor's refusals: a code the shells map to their answer, with a zh/en message. */
import { CodedError } from '../shared/index.ts';

export const MONITOR_ERROR_CODES = [
  'CAMPAIGN_NOT_FOUND',
  'RECTIFICATION_NOT_FOUND',
  'RECTIFICATION_STATE',
  'DEADLINE_INVALID',
  'WEBSITE_NOT_MONITORED',
] as const;
export type MonitorErrorCode = (typeof MONITOR_ERROR_CODES)[number];

export class MonitorError extends CodedError<MonitorErrorCode> {}
