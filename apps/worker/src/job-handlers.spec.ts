import type { Job } from 'bullmq';
import { JobName, QueueName } from '@ehc/deadlines';
import { checkJobHandlers, JOB_QUEUE, processorFor, type JobHandlers } from './job-handlers.js';

const job = (name: string) => ({ name }) as unknown as Job;
const handlers = (): JobHandlers => ({
  [JobName.DeadlineAlert]: async () => 'alert',
  [JobName.SweepDeadlines]: async () => 'sweep',
  [JobName.SendDigests]: async () => 'digest',
  [JobName.ListRetentionDue]: async () => 'list',
  [JobName.EraseApproved]: async () => 'erase',
});

describe('the worker job registry: every job name has one handler, checked at start-up', () => {
  it('every job name has a queue', () => {
    expect(Object.keys(JOB_QUEUE).sort()).toEqual(Object.values(JobName).sort());
  });

  it('refuses to start with a job name that has no handler, naming it', () => {
    const { [JobName.SweepDeadlines]: _gone, ...partial } = handlers();
    expect(() => checkJobHandlers(partial)).toThrow(/no handler for SweepDeadlines/);
    expect(() => processorFor(QueueName.Deadlines, partial as unknown as JobHandlers)).toThrow(/SweepDeadlines/);
  });

  it('refuses a handler for a job name that does not exist', () => {
    expect(() => checkJobHandlers({ ...handlers(), Typo: async () => 1 })).toThrow(/unknown jobs Typo/);
  });

  it("runs each job's handler on its own queue, and fails a job of another queue or an unknown name", async () => {
    const deadlines = processorFor(QueueName.Deadlines, handlers());
    await expect(deadlines(job(JobName.DeadlineAlert))).resolves.toBe('alert');
    await expect(deadlines(job(JobName.SweepDeadlines))).resolves.toBe('sweep');
    await expect(deadlines(job(JobName.ListRetentionDue))).resolves.toBe('list');
    await expect(deadlines(job(JobName.EraseApproved))).resolves.toBe('erase');
    await expect(deadlines(job(JobName.SendDigests))).rejects.toThrow(
      /No handler for job SendDigests on queue deadlines/,
    );
    await expect(deadlines(job('constructor'))).rejects.toThrow(/No handler/);
    await expect(processorFor(QueueName.Mail, handlers())(job(JobName.SendDigests))).resolves.toBe('digest');
  });
});
