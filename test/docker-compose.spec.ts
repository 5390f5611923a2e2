import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';

/**
 * docker-compose.yml cannot be run on a machine without a Docker engine (CI has none), so this reads it as Compose
 * would — YAML with its `<<` merge keys — and holds it to what docs/operations.md ("Health") and docs/security.md
 * ("Accounts: demo data, the first admin, council sign-in") promise a council that runs it.
 */
interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  ports?: unknown[];
  expose?: unknown[];
  restart?: string;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: Record<string, { condition?: string }> | string[];
}

const compose = load(readFileSync('docker-compose.yml', 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as {
  services: Record<string, Service>;
};
const services = compose.services;

/** The environment as Compose hands it to the container (map or KEY=value list form). */
function environment(s: Service): Record<string, string> {
  if (Array.isArray(s.environment))
    return Object.fromEntries(s.environment.map((e) => [e.split('=')[0]!, e.slice(e.indexOf('=') + 1)]));
  return Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)]));
}
const commandOf = (s: Service) => (Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? ''));
const healthTest = (s: Service) =>
  Array.isArray(s.healthcheck?.test) ? s.healthcheck!.test.join(' ') : (s.healthcheck?.test ?? '');

describe('docker-compose.yml keeps the operations and security promises', () => {
  it('has the four services the docs describe', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
  });

  it.each(Object.keys(services))('%s has a healthcheck and restarts after a crash', (name) => {
    const s = services[name]!;
    expect(s.healthcheck?.disable).not.toBe(true);
    expect(healthTest(s)).toMatch(/^(CMD|CMD-SHELL) \S/);
    expect(['always', 'unless-stopped', 'on-failure']).toContain(s.restart);
  });

  it.each(['api', 'worker'])('%s starts only once PostgreSQL and Redis are healthy', (name) => {
    const deps = services[name]!.depends_on;
    expect(Array.isArray(deps)).toBe(false); // the short list form cannot say "healthy"
    expect(deps).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  });

  it('the api and worker liveness checks never test a dependency (docs/operations.md#health)', () => {
    expect(healthTest(services.api!)).toContain('/api/health/live');
    expect(healthTest(services.worker!)).toContain('/health/live');
  });

  it.each(['api', 'worker'])('%s runs NODE_ENV=production with no demo data and no API docs', (name) => {
    const s = services[name]!;
    const env = environment(s);
    expect(env['NODE_ENV']).toBe('production');
    expect(Object.keys(env).filter((k) => /DEMO|SEED|API_DOCS/.test(k))).toEqual([]);
    expect(commandOf(s)).not.toMatch(/seed|demo/i);
  });

  it('publishes no database or Redis port (only the api is reachable from outside)', () => {
    for (const name of ['postgres', 'redis', 'worker']) expect(services[name]!.ports ?? []).toEqual([]);
    const published = (services.api!.ports ?? []).map(String);
    expect(published.some((p) => /5432|6379/.test(p))).toBe(false);
  });

  it('Redis never evicts a job (the worker refuses any other policy)', () => {
    expect(commandOf(services.redis!)).toMatch(/--maxmemory-policy noeviction/);
  });
});
