// The admin's queue view: counts by state, failed jobs listed, a failed job retried (audited), others refused.
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueName } from '@ehc/deadlines';
import type { QueueView } from '@ehc/contracts';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';
import { testRedisUrl } from '../support/test-database.js';
import { flushPrefix } from '../deadlines/support/fixtures.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApi('queueadmin');
});
afterAll(async () => {
  await flushPrefix(testRedisUrl(), h.config.redisPrefix);
  await h?.close();
});

async function failOneJob(): Promise<string> {
  const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  const q = new Queue(QueueName.Deadlines, { connection, prefix: h.config.redisPrefix });
  const job = await q.add(
    'DeadlineAlert',
    { caseId: '00000000-0000-4000-8000-000000000001' },
    { jobId: 'test-job-1', attempts: 1 },
  );
  const failed = new Promise<void>((resolve) => {
    const w = new Worker(
      QueueName.Deadlines,
      async () => {
        throw new Error('deadline row locked by a test');
      },
      { connection: new Redis(testRedisUrl(), { maxRetriesPerRequest: null }), prefix: h.config.redisPrefix },
    );
    w.on('failed', () => {
      void w.close().then(() => resolve());
    });
  });
  await failed;
  await q.close();
  connection.disconnect();
  return job.id!;
}

describe('admin queue view', () => {
  it('lists jobs by state and the failed ones; retries a failed job once, audited; refuses other roles', async () => {
    const id = await failOneJob();
    const admin = await h.login('admin');
    const list = await h.app.inject({ method: 'GET', url: '/api/admin/queues', headers: { cookie: admin } });
    expect(list.statusCode).toBe(200);
    const deadlines = (list.json() as QueueView[]).find((q) => q.name === QueueName.Deadlines)!;
    expect(deadlines.counts.failed).toBe(1);
    expect(deadlines.failed).toEqual([
      expect.objectContaining({
        id,
        name: 'DeadlineAlert',
        attemptsMade: 1,
        failedReason: 'deadline row locked by a test',
      }),
    ]);

    const retry = () =>
      h.app.inject({
        method: 'POST',
        url: `/api/admin/queues/${QueueName.Deadlines}/jobs/${id}/retry`,
        headers: { cookie: admin, ...XHR },
      });
    expect((await retry()).json()).toEqual({ retried: id });
    const after = (
      await h.app.inject({ method: 'GET', url: '/api/admin/queues', headers: { cookie: admin } })
    ).json() as QueueView[];
    expect(after.find((q) => q.name === QueueName.Deadlines)!.counts).toMatchObject({ failed: 0, waiting: 1 });
    const again = await retry();
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'JOB_NOT_FAILED' });
    const audit = await h.sql(`SELECT action FROM audit_event WHERE action = 'queue.retry'`);
    expect(audit.length).toBeGreaterThanOrEqual(1);

    const manager = await h.login('manager-north');
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/admin/queues', headers: { cookie: manager } })).statusCode,
    ).toBe(403);
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/admin/queues/nope/jobs/x/retry', headers: { cookie: admin } }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await h.app.inject({
          method: 'POST',
          url: '/api/admin/queues/nope/jobs/x/retry',
          headers: { cookie: admin, ...XHR },
        })
      ).statusCode,
    ).toBe(404);
  });
});
