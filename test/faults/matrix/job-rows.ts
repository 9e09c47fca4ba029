import { appealPosts } from "./appeal-job-rows";
import { activityFlush, usageFlush } from "./buffer-job-rows";
import { externalBan, pendingReconciliation, tempbanExpiry } from "./case-job-rows";
import type { JobRow } from "./job-types";
import { restrictionExpiry } from "./restriction-job-rows";
import { serverLogFlush } from "./log-rows";
import { lockRestore, slowmodeRestore } from "./restore-job-rows";
import { outsideKick } from "./outside-job-rows";
import { raidQuietEnd } from "./raid-job-rows";
import { cooldownSweep, logRetention, sessionLease, usageWindows } from "./sweep-job-rows";

export type { JobFault, JobRow, JobState, JobWork } from "./job-types";

/** Every background job: a new one joins the matrix by adding its row. */
export const JOB_ROWS: readonly JobRow[] = [
  tempbanExpiry,
  pendingReconciliation,
  activityFlush,
  usageFlush,
  usageWindows,
  logRetention,
  cooldownSweep,
  sessionLease,
  externalBan,
  restrictionExpiry,
  outsideKick,
  slowmodeRestore,
  lockRestore,
  raidQuietEnd,
  serverLogFlush,
  appealPosts,
];

/** Scheduled tasks without a row, and why. */
export const TASKS_NOT_IN_MATRIX: Readonly<Record<string, string>> = {
  "invite-resync": "refreshes an in-memory cache of invite counts: no record to settle, a refusal is logged",
};
