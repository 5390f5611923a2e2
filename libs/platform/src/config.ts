/**
 * Configuration read once at start-up from the environment and validated: a bad or missing value stops the
 * process with one readable line naming the variable and what is allowed, never a stack trace.
 * Secrets come only from the environment.
 */
export interface AppConfig {
  nodeEnv: 'production' | 'development' | 'test';
  host: string;
  port: number;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  publicUrl: string;
  /** §3.3: "issued on or before day N after the request is within 20 weeks"; default 140. */
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
  sweepEverySeconds: number;
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
  for (const part of raw.split(';').map((s) => s.trim()).filter(Boolean)) {
    const [kind, list] = part.includes('=') ? part.split('=') : ['default', part];
    const days = list.split(',').map((s) => s.trim());
    if (!kind || days.some((d) => !/^\d{1,3}$/.test(d))) {
      throw new ConfigError('ALERT_LEAD_DAYS must look like "default=14,7;final-plan=14,7,2" (days before the due date)');
    }
    out[kind.trim()] = days.map(Number).sort((a, b) => b - a);
  }
  return out;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  if (!['production', 'development', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be production, development or test (got "${env.NODE_ENV}")`);
  }
  const port = int(env, 'PORT', 3000, 1, 65535);
  const smtp = env.SMTP_URL ? url(env, 'SMTP_URL', 'smtp://127.0.0.1:1025', ['smtp:', 'smtps:']) : null;
  const prefix = env.REDIS_PREFIX ?? 'ehc';
  if (!/^[a-zA-Z0-9_-]{1,40}$/.test(prefix)) throw new ConfigError('REDIS_PREFIX may contain only letters, digits, - and _ (at most 40)');
  return {
    nodeEnv,
    host: env.HOST ?? '127.0.0.1',
    port,
    databaseUrl: url(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/ehc', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    redisPrefix: prefix,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    finalPlanDays: int(env, 'FINAL_PLAN_DAYS', 140, 139, 140),
    alertLeadDays: leadDays(env),
    sessionIdleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 10, 1, 24 * 7),
    cookieSecure: (env.COOKIE_SECURE ?? (nodeEnv === 'production' ? 'true' : 'false')) === 'true',
    smtpUrl: smtp,
    mailFrom: env.MAIL_FROM ?? 'EHC assessments <no-reply@localhost>',
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    importBodyLimitBytes: int(env, 'IMPORT_BODY_LIMIT_BYTES', 200 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
    documentMaxBytes: int(env, 'DOCUMENT_MAX_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    sweepEverySeconds: int(env, 'SWEEP_EVERY_SECONDS', 60, 1, 3600),
  };
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
