/** GET /api/admin/queues: one background queue (jobs carry ids only). */
export interface QueueView {
  name: string;
  counts: { waiting: number; prioritized: number; delayed: number; active: number; completed: number; failed: number };
  /** The latest failed jobs, newest first (at most 50). */
  failed: QueueJobView[];
}

export interface QueueJobView {
  id: string;
  name: string;
  attemptsMade: number;
  failedReason: string;
  /** ISO instant */
  failedAt: string | null;
}
