/** 合规巡检 — the compliance monitor's public surface: checks, probes, campaigns and rectifications. */
export { certificateFindings, dnsFindings, homePageFindings, registrationFindings } from './checks.ts';
export { cohortText, parseCohort } from './cohort.ts';
export type { Cohort } from './cohort.ts';
export {
  closeRectification,
  escalateOverdue,
  escalateRectification,
  listCampaigns,
  listRectifications,
  notifyRectification,
  openRectifications,
  readCampaign,
  readRectification,
  recheckRectification,
  rectificationNotice,
  rectificationStatusLabel,
  runCampaign,
} from './campaigns.ts';
export type { CampaignResult, CampaignSummary, MonitorActor, Rectification } from './campaigns.ts';
export { MONITOR_USER_AGENT, monitorFromConfig } from './config.ts';
export type { MonitorConfig } from './config.ts';
export { createDnsProbe } from './dns-probe.ts';
export { MONITOR_ERROR_CODES, MonitorError } from './errors.ts';
export type { MonitorErrorCode } from './errors.ts';
export { createHttpProbe } from './http-probe.ts';
export type { HttpProbeOptions } from './http-probe.ts';
export { scanPage } from './page-scan.ts';
export { parseProviderRanges } from './provider-ranges.ts';
export type { ProviderRanges } from './provider-ranges.ts';
export { RECTIFICATION_TRANSITIONS } from './rectification-status.ts';
export { campaignCsv, campaignPdf } from './report.ts';
export { homePageUrl, runMonitor } from './run-monitor.ts';
export type { MonitorDeps } from './run-monitor.ts';
export {
  MONITOR_JOB,
  MONITOR_REQUEST_JOB,
  monitorJobHandlers,
  nextRunAt,
  requestCampaign,
  scheduleMonitor,
} from './schedule.ts';
export { listMonitoredSites } from './sites.ts';
export type * from './types.ts';
