/** 任务 — the job runner's public surface. */
export {
  backoffSeconds,
  claim,
  complete,
  DEFAULT_MAX_ATTEMPTS,
  enqueue,
  fail,
  findJob,
  queueStats,
} from './queue.ts';
export type { Job, QueueStats } from './queue.ts';
export { runDueJobs } from './runner.ts';
export type { JobHandler, RunSummary } from './runner.ts';
