import { checkRedisPrefix, parseRedisUrl, type RedisTopology } from './redis-topology.js';
import { isIP } from 'node:net';
import { loadOidcConfig, type OidcConfig } from './oidc-config.js';
import { loadDocumentStorageConfig, type DocumentStorageConfig } from './document-storage-config.js';

/**
 * Configuration read once at start-up from the environment and validated: a bad or missing value stops the
 * process with one readable line naming the variable and what is allowed, never a stack trace.
 * Secrets come only from the environment.
 */
export interface AppConfig {
  nodeEnv: 'production' | 'development' | 'test';
  host: string;
  port: number;
  /** The schema owner's connection: migrations (and the operators' command-line tools). */
  databaseUrl: string;
  /** The api's and worker's connection, as a least-privilege role; null: DATABASE_URL switched to role ehc_app. */
  databaseAppUrl: string | null;
  redisUrl: string;
  /** REDIS_URL parsed: one server, a Sentinel-managed primary, or a Cluster (redis-topology.ts). */
  redisTopology: RedisTopology;
  redisPrefix: string;
  publicUrl: string;
  /** docs/law.md#counting-days: "issued on or before day N after the request is within 20 weeks"; default 140. */
  finalPlanDays: number;
  /** Days before each deadline that a warning is raised, by deadline kind ('default' for the rest). */
  alertLeadDays: Record<string, number[]>;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  cookieSecure: boolean;
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: string;
  corsOrigins: string[];
  bodyLimitBytes: number;
  importBodyLimitBytes: number;
  /** Largest document a caseworker may upload (DOCUMENT_MAX_BYTES). */
  documentMaxBytes: number;
  /** Where documents' bytes are kept: PostgreSQL (default) or an S3-compatible object store (DOCUMENT_STORAGE=s3). */
  documentStorage: DocumentStorageConfig;
  sweepEverySeconds: number;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`; otherwise keep /metrics off the public network. */
  metricsToken: string | null;
  /** The worker's own health and metrics port (0: none). */
  workerHttpPort: number;
  /** How often the worker deletes expired and revoked sessions. */
  sessionPurgeEveryMinutes: number;
  /** Years kept after the 25th birthday when a plan was made (RETENTION_YEARS_AFTER_25; docs/operations.md#retention-and-erasure). */
  retentionYearsAfter25: number;
  /** Years kept after the last event of a case closed without a plan (RETENTION_YEARS_AFTER_CLOSE). */
  retentionYearsAfterClose: number;
  /** The api's PostgreSQL pool size (the worker sizes its own from its concurrency). */
  databasePoolSize: number;
  /** Deadline jobs the worker runs at once. */
  workerConcurrency: number;
  /** Hot-path statements as named prepared statements (false behind PgBouncer in transaction mode without prepared-statement support). */
  databasePreparedStatements: boolean;
  /** A direct (session) connection for the api's LISTEN on new alerts, when the pool goes through a transaction-mode pooler. */
  databaseListenUrl: string | null;
  /** How many times the api and worker try their first connection to PostgreSQL and Redis before giving up. */
  connectTries: number;
  /**
   * Addresses (or CIDR ranges) of the reverse proxies whose X-Forwarded-For is believed. Empty (the default): the
   * header is ignored and the client address is the TCP peer, so nobody can choose their own address.
   */
  trustedProxies: string[];
  /** How often an open alert stream re-checks its session (it also re-checks before every alert it sends). */
  sessionRecheckSeconds: number;
  /** Council sign-in over OpenID Connect; null: local accounts only. */
  oidc: OidcConfig | null;
  /** Serve the OpenAPI document and its page at /api/docs: on by default, off in production unless API_DOCS=true. */
  apiDocs: boolean;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function url(env: Env, name: string, def: string, protocols: string[]): string {
  const raw = env[name] || def;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL like ${def} (got something that is not a URL)`);
  }
  if (!protocols.includes(u.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')} (got ${u.protocol})`);
  }
  return raw;
}

/** "14,7" → [14, 7]; "final-plan=14,7,2;default=14,7" → per kind. */
function leadDays(env: Env): Record<string, number[]> {
  const out: Record<string, number[]> = { default: [14, 7], 'final-plan': [14, 7, 2] };
  const raw = env.ALERT_LEAD_DAYS;
  if (!raw) return out;
  for (const part of raw
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [kind, list] = part.includes('=') ? part.split('=') : ['default', part];
    const days = list.split(',').map((s) => s.trim());
    if (!kind || days.some((d) => !/^\d{1,3}$/.test(d))) {
      throw new ConfigError(
        'ALERT_LEAD_DAYS must look like "default=14,7;final-plan=14,7,2" (days before the due date)',
      );
    }
    out[kind.trim()] = days.map(Number).sort((a, b) => b - a);
  }
  return out;
}

/** "10.0.0.1, 10.1.0.0/16" → ['10.0.0.1', '10.1.0.0/16']; anything that is not an IP address or range is refused. */
function trustedProxies(env: Env): string[] {
  const list = (env.TRUSTED_PROXIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of list) {
    const [addr, bits, more] = p.split('/');
    const v = isIP(addr);
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (v === 6 ? 128 : 32));
    if (!v || !bitsOk || more !== undefined) {
      throw new ConfigError(
        'TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges, e.g. 10.0.0.5,10.1.0.0/16',
      );
    }
  }
  return list;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  if (!['production', 'development', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be production, development or test (got "${env.NODE_ENV}")`);
  }
  const port = int(env, 'PORT', 3000, 1, 65535);
  const smtp = env.SMTP_URL ? url(env, 'SMTP_URL', 'smtp://127.0.0.1:1025', ['smtp:', 'smtps:']) : null;
  const prefix = env.REDIS_PREFIX ?? 'ehc';
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${port}`;
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let redisTopology: RedisTopology;
  try {
    redisTopology = parseRedisUrl(redisUrl);
    checkRedisPrefix(prefix, redisTopology);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  return {
    nodeEnv,
    host: env.HOST ?? '127.0.0.1',
    port,
    databaseUrl: url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/ehc', ['postgres:', 'postgresql:']),
    databaseAppUrl: env.DATABASE_APP_URL
      ? url(env, 'DATABASE_APP_URL', 'postgres://ehc_app@127.0.0.1:5432/ehc', ['postgres:', 'postgresql:'])
      : null,
    redisUrl,
    redisTopology,
    redisPrefix: prefix,
    publicUrl,
    finalPlanDays: int(env, 'FINAL_PLAN_DAYS', 140, 139, 140),
    alertLeadDays: leadDays(env),
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 10, 1, 24 * 7),
    cookieSecure: (env.COOKIE_SECURE ?? (nodeEnv === 'production' ? 'true' : 'false')) === 'true',
    smtpUrl: smtp,
    mailFrom: env.MAIL_FROM ?? 'EHC assessments <no-reply@localhost>',
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    importBodyLimitBytes: int(env, 'IMPORT_BODY_LIMIT_BYTES', 200 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
    documentMaxBytes: int(env, 'DOCUMENT_MAX_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    documentStorage: loadDocumentStorageConfig(env, (m) => new ConfigError(m)),
    sweepEverySeconds: int(env, 'SWEEP_EVERY_SECONDS', 60, 1, 3600),
    metricsToken: env.METRICS_TOKEN ? token(env.METRICS_TOKEN) : null,
    workerHttpPort: int(env, 'WORKER_HTTP_PORT', 0, 0, 65535),
    sessionPurgeEveryMinutes: int(env, 'SESSION_PURGE_EVERY_MINUTES', 15, 1, 24 * 60),
    retentionYearsAfter25: int(env, 'RETENTION_YEARS_AFTER_25', 6, 0, 75),
    retentionYearsAfterClose: int(env, 'RETENTION_YEARS_AFTER_CLOSE', 6, 0, 75),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 20, 1, 500),
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 32, 1, 1000),
    connectTries: int(env, 'CONNECT_TRIES', 30, 1, 1000),
    databasePreparedStatements: bool(env, 'DATABASE_PREPARED_STATEMENTS', true),
    databaseListenUrl: env.DATABASE_LISTEN_URL
      ? url(env, 'DATABASE_LISTEN_URL', 'postgres://ehc_app@127.0.0.1:5432/ehc', ['postgres:', 'postgresql:'])
      : null,
    trustedProxies: trustedProxies(env),
    sessionRecheckSeconds: int(env, 'SESSION_RECHECK_SECONDS', 60, 1, 60),
    oidc: loadOidcConfig(env, publicUrl, (m) => new ConfigError(m)),
    apiDocs: (env.API_DOCS ?? (nodeEnv === 'production' ? 'false' : 'true')) === 'true',
  };
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be true or false (got "${raw}")`);
  return raw === 'true';
}

function token(raw: string): string {
  if (!/^[\x21-\x7e]{16,200}$/.test(raw))
    throw new ConfigError('METRICS_TOKEN must be 16 to 200 printable characters without spaces');
  return raw;
}

/**
 * For process entry points (api, worker, command-line tools): the config, or one readable line on stderr and
 * exit code 78 (EX_CONFIG) — never a stack trace.
 */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(78);
    }
    throw e;
  }
}
