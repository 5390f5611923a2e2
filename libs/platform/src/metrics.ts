// Prometheus metrics (prom-client) for the api and the worker. Each process (and each api a test builds) gets its own
// registry, so two apps in one test process never clash over metric names. Labels carry route templates, methods,
// statuses and job states only: never an id, a name or anything else about a child.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Operational figures read once per scrape (from PostgreSQL and Redis). A gauge whose figure could not be read shows
 * 0 (prom-client always reports an unlabelled gauge), so `ehc_operational_sample_ok` says whether the read worked.
 */
export interface OperationalSample {
  outboxPending?: number;
  outboxOldestAgeSeconds?: number;
  alertLatenessP99Seconds?: number;
  alertsRaisedLastHour?: number;
  pool?: { total: number; idle: number; waiting: number };
  jobs?: Record<string, number>;
}

export interface Metrics {
  registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  importLines: Counter<'outcome'>;
  importsInProgress: Gauge;
}

export function createMetrics(service: 'ehc-api' | 'ehc-worker', sample: () => Promise<OperationalSample>): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });

  // One sample per scrape, shared by every gauge below (each gauge's collect() asks for it).
  let current: Promise<OperationalSample & { failed?: boolean }> | null = null;
  const once = (): Promise<OperationalSample & { failed?: boolean }> =>
    (current ??= sample()
      .catch(() => ({ failed: true }))
      .finally(() =>
        setTimeout(() => {
          current = null;
        }, 0),
      ));
  const gauge = (name: string, help: string, read: (s: OperationalSample) => number | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const v = read(await once());
        if (v === undefined || Number.isNaN(v)) this.reset();
        else this.set(v);
      },
    });

  new Gauge({
    name: 'ehc_operational_sample_ok',
    help: '1 when this scrape could read the operational figures from PostgreSQL, else 0',
    registers: [registry],
    async collect() {
      this.set((await once()).failed ? 0 : 1);
    },
  });
  gauge('ehc_outbox_pending', 'Deadline outbox rows not yet relayed to the queue', (s) => s.outboxPending);
  gauge(
    'ehc_outbox_oldest_age_seconds',
    'Age of the oldest unrelayed outbox row (0 when none)',
    (s) => s.outboxOldestAgeSeconds,
  );
  gauge(
    'ehc_alert_lateness_p99_seconds',
    '99th percentile of alert lateness over the last hour',
    (s) => s.alertLatenessP99Seconds,
  );
  gauge('ehc_alerts_raised_last_hour', 'Alerts raised in the last hour', (s) => s.alertsRaisedLastHour);
  gauge('ehc_db_pool_connections', 'Database pool connections open', (s) => s.pool?.total);
  gauge('ehc_db_pool_idle', 'Database pool connections idle', (s) => s.pool?.idle);
  gauge('ehc_db_pool_waiting', 'Queries waiting for a pool connection', (s) => s.pool?.waiting);
  new Gauge({
    name: 'ehc_deadline_jobs',
    help: 'Deadline queue jobs by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [state, n] of Object.entries((await once()).jobs ?? {})) this.set({ state }, n);
    },
  });

  const http = new Histogram({
    name: 'ehc_http_request_duration_seconds',
    help: 'HTTP requests by route template, method and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const importLines = new Counter({
    name: 'ehc_import_lines_total',
    help: 'Import lines processed, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const importsInProgress = new Gauge({
    name: 'ehc_imports_in_progress',
    help: 'Imports running now',
    registers: [registry],
  });
  return {
    registry,
    observeRequest: (method, route, status, seconds) =>
      http.observe({ method, route, status: String(status) }, seconds),
    importLines,
    importsInProgress,
  };
}
