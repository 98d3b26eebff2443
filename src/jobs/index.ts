/** 任务 — the job runner's public surface (tech-stack §5.4). */
export { backoffSeconds, claim, complete, DEFAULT_MAX_ATTEMPTS, enqueue, fail, findJob } from './queue.ts';
export type { ClaimRequest, EnqueueRequest, FailOutcome, Job } from './queue.ts';
export { runDueJobs } from './runner.ts';
export type { JobHandler, RunDueJobsOptions, RunSummary } from './runner.ts';
