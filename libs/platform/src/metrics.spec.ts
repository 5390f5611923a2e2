import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createMetrics } from './metrics.js';

describe('metrics', () => {
  it('every ehc_ metric the Grafana dashboard (docs/grafana-dashboard.json) plots is one the services export', async () => {
    const m = createMetrics('ehc-api', async () => ({}));
    const exported = new Set((await m.registry.getMetricsAsJSON()).map((x) => x.name));
    const dashboard = readFileSync(resolve(import.meta.dirname, '../../../docs/grafana-dashboard.json'), 'utf8');
    const plotted = new Set(
      [...dashboard.matchAll(/\b(ehc_[a-z0-9_]+)/g)].map((x) => x[1].replace(/_(bucket|count|sum)$/, '')),
    );
    expect(plotted.size).toBeGreaterThan(5);
    for (const name of plotted) expect({ name, exported: exported.has(name) }).toEqual({ name, exported: true });
  });

  it('reads the operational sample once per scrape, and says when it could not', async () => {
    let calls = 0;
    const m = createMetrics('ehc-worker', async () => {
      calls++;
      return { outboxPending: 3, jobs: { delayed: 7 } };
    });
    const text = await m.registry.metrics();
    expect(calls).toBe(1);
    expect(text).toMatch(/ehc_outbox_pending\{service="ehc-worker"\} 3/);
    expect(text).toMatch(/ehc_deadline_jobs\{state="delayed",service="ehc-worker"\} 7/);
    expect(text).toMatch(/ehc_operational_sample_ok\{service="ehc-worker"\} 1/);
    const failing = createMetrics('ehc-worker', async () => {
      throw new Error('database down');
    });
    expect(await failing.registry.metrics()).toMatch(/ehc_operational_sample_ok\{service="ehc-worker"\} 0/);
  });
});
