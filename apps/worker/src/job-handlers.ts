// Every job the worker runs, by name: the typed registry from job name to handler, and the queue each name belongs to.
// A JobName without a handler is a compile error (JobHandlers) and, should one slip through at run time, a start-up
// error (checkJobHandlers): the worker refuses to start rather than fail each such job later.
import type { Job } from 'bullmq';
import { JobName, QueueName } from '@ehc/deadlines';

export type JobHandler = (job: Job, token?: string) => Promise<unknown>;
export type JobHandlers = { readonly [K in JobName]: JobHandler };

/** The queue that carries each job. */
export const JOB_QUEUE: { readonly [K in JobName]: QueueName } = {
  [JobName.DeadlineAlert]: QueueName.Deadlines,
  [JobName.SweepDeadlines]: QueueName.Deadlines,
  [JobName.SendDigests]: QueueName.Mail,
  [JobName.ListRetentionDue]: QueueName.Deadlines,
  [JobName.EraseApproved]: QueueName.Deadlines,
};

/** Throws, naming them, if a job name has no handler or a handler has no job name. */
export function checkJobHandlers(handlers: Readonly<Record<string, unknown>>): void {
  const names = Object.values(JobName) as string[];
  const missing = names.filter((n) => typeof handlers[n] !== 'function' || !(n in JOB_QUEUE));
  const unknown = Object.keys(handlers).filter((n) => !names.includes(n));
  if (missing.length || unknown.length) {
    throw new Error(
      `worker job registry: ${missing.length ? `no handler for ${missing.join(', ')}` : ''}${missing.length && unknown.length ? '; ' : ''}${unknown.length ? `handlers for unknown jobs ${unknown.join(', ')}` : ''}`,
    );
  }
}

/** The processor of one queue: runs the handler registered for the job's name, if the job belongs to this queue. */
export function processorFor(queue: QueueName, handlers: JobHandlers): (job: Job, token?: string) => Promise<unknown> {
  checkJobHandlers(handlers);
  return (job, token) => {
    const name = job.name as JobName;
    if (!Object.hasOwn(JOB_QUEUE, name) || JOB_QUEUE[name] !== queue)
      return Promise.reject(new Error(`No handler for job ${job.name} on queue ${queue}`));
    return handlers[name](job, token);
  };
}
