import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueName } from '@ehc/deadlines';
import { startBrowserApp, type BrowserApp } from './support/browser-app.js';
import { testRedisUrl } from '../support/test-database.js';
import { flushPrefix } from '../deadlines/support/fixtures.js';

// The admin's view of the background queues: a failed job is seen with its reason and retried from the page.
let t: BrowserApp;
beforeAll(async () => {
  t = await startBrowserApp('adminq');
});
afterAll(async () => {
  await flushPrefix(testRedisUrl(), t.config.redisPrefix);
  await t?.close();
});

async function failOneJob(prefix: string): Promise<void> {
  const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  const q = new Queue(QueueName.Deadlines, { connection, prefix });
  await q.add(
    'DeadlineAlert',
    { caseId: '00000000-0000-4000-8000-000000000001' },
    { jobId: 'browser-failed-1', attempts: 1 },
  );
  await new Promise<void>((resolve) => {
    const w = new Worker(
      QueueName.Deadlines,
      async () => {
        throw new Error('deadline row locked by a test');
      },
      { connection: new Redis(testRedisUrl(), { maxRetriesPerRequest: null }), prefix },
    );
    w.on('failed', () => {
      void w.close().then(() => resolve());
    });
  });
  await q.close();
  connection.disconnect();
}

describe('admin: background jobs', () => {
  it('shows a failed job with its reason, retries it, and keeps focus in the section', async () => {
    await failOneJob(t.config.redisPrefix);
    await t.signIn('admin');
    await t.open('/admin');
    const page = t.page;
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Background jobs' }) });
    await section.getByRole('table', { name: 'Failed jobs: Deadline alerts and the sweeper' }).waitFor();
    const row = section.locator('tr', { hasText: 'browser-failed-1' });
    expect(await row.innerText()).toMatch(/DeadlineAlert[\s\S]*after 1 try[\s\S]*deadline row locked by a test/);
    expect(await t.axe()).toEqual([]);

    await row.getByRole('button', { name: 'Retry job browser-failed-1' }).click();
    await section.getByRole('status').filter({ hasText: 'Job browser-failed-1 is back in the queue.' }).waitFor();
    await section
      .getByRole('table', { name: 'Failed jobs: Deadline alerts and the sweeper' })
      .waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe('Background jobs');
    const counts = section.getByRole('table', { name: 'Deadline alerts and the sweeper', exact: true });
    expect(await counts.locator('tbody td').allInnerTexts()).toEqual(['1', '0', '0', '0']);
    expect(await t.axe()).toEqual([]);
  });
});
