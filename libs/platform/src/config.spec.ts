import { ConfigError, loadConfig } from './config.js';

describe('configuration is validated at start-up with one readable line naming the variable', () => {
  it('has working defaults for a developer machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, finalPlanDays: 140, redisPrefix: 'ehc', smtpUrl: null, corsOrigins: [] });
    expect(c.trustedProxies).toEqual([]); // X-Forwarded-For is ignored unless proxies are named
    expect(c.alertLeadDays).toEqual({ default: [14, 7], 'final-plan': [14, 7, 2] });
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT must be a whole number from 1 to 65535/],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL must be a URL like postgres:/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /^DATABASE_URL must use postgres: or postgresql:/],
    [{ REDIS_URL: 'http://localhost' }, /^REDIS_URL must be redis:\/\/host:port, rediss:\/\/…, redis-sentinel:\/\//],
    [{ FINAL_PLAN_DAYS: '141' }, /^FINAL_PLAN_DAYS must be a whole number from 139 to 140/],
    [{ ALERT_LEAD_DAYS: 'final-plan=soon' }, /^ALERT_LEAD_DAYS must look like/],
    [{ REDIS_PREFIX: 'a:b' }, /^REDIS_PREFIX may contain only/],
    [{ NODE_ENV: 'staging' }, /^NODE_ENV must be production, development or test/],
    [{ TRUSTED_PROXIES: 'proxy.example' }, /^TRUSTED_PROXIES must be a comma-separated list of IP addresses/],
    [{ TRUSTED_PROXIES: '10.0.0.0/40' }, /^TRUSTED_PROXIES must be/],
    [{ SESSION_RECHECK_SECONDS: '600' }, /^SESSION_RECHECK_SECONDS must be a whole number from 1 to 60/],
    [{ OIDC_ISSUER: 'http://login.example.com' }, /^OIDC_ISSUER must use https/],
    [{ OIDC_ISSUER: 'https://login.example.com' }, /^OIDC_CLIENT_ID is needed/],
    [{ OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'x' }, /^OIDC_ROLE_MAP is needed/],
    [
      { OIDC_ISSUER: 'https://login.example.com', OIDC_CLIENT_ID: 'x', OIDC_ROLE_MAP: 'EHC.Admin=superuser' },
      /^OIDC_ROLE_MAP must look like/,
    ],
    [
      {
        OIDC_ISSUER: 'https://login.example.com',
        OIDC_CLIENT_ID: 'x',
        OIDC_ROLE_MAP: 'a=admin',
        OIDC_TEAM_MAP: 'g=North Team',
      },
      /^OIDC_TEAM_MAP must look like/,
    ],
    [{ DOCUMENT_STORAGE: 'disk' }, /^DOCUMENT_STORAGE must be postgres or s3/],
    [{ DOCUMENT_STORAGE: 's3', S3_REGION: 'eu-west-2' }, /^S3_BUCKET is needed with DOCUMENT_STORAGE=s3/],
    [{ DOCUMENT_STORAGE: 's3', S3_BUCKET: 'Case_Docs', S3_REGION: 'eu-west-2' }, /^S3_BUCKET is needed/],
    [{ DOCUMENT_STORAGE: 's3', S3_BUCKET: 'case-docs' }, /^S3_REGION is needed with DOCUMENT_STORAGE=s3/],
    [
      { DOCUMENT_STORAGE: 's3', S3_BUCKET: 'case-docs', S3_REGION: 'eu-west-2', S3_ENDPOINT: 'minio:9000' },
      /^S3_ENDPOINT must use http: or https:/,
    ],
    [
      { DOCUMENT_STORAGE: 's3', S3_BUCKET: 'case-docs', S3_REGION: 'eu-west-2', S3_ACCESS_KEY_ID: 'AKIA' },
      /^S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/,
    ],
    [
      { DOCUMENT_STORAGE: 's3', S3_BUCKET: 'case-docs', S3_REGION: 'eu-west-2', S3_FORCE_PATH_STYLE: 'yes' },
      /^S3_FORCE_PATH_STYLE must be true or false/,
    ],
  ])('%j is refused', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('a secret never appears in the message (DATABASE_URL with a password that is not a URL)', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:s3cret@ host/db' })).toThrow(/^DATABASE_URL/);
    try {
      loadConfig({ DATABASE_URL: 'postgres://u:s3cret@ host/db' });
    } catch (e) {
      expect((e as Error).message).not.toContain('s3cret');
    }
  });

  it('reads council sign-in (OpenID Connect): the claim maps in order, the callback under PUBLIC_URL', () => {
    const c = loadConfig({
      PUBLIC_URL: 'https://ehc.council.gov.uk',
      OIDC_ISSUER: 'https://login.microsoftonline.com/tid/v2.0',
      OIDC_CLIENT_ID: 'app-id',
      OIDC_ROLE_MAP: 'EHC.Admin=admin; EHC.Manager=team-manager',
      OIDC_TEAM_MAP: '0b1f-aa=north',
    });
    expect(c.oidc).toMatchObject({
      issuer: 'https://login.microsoftonline.com/tid/v2.0',
      clientId: 'app-id',
      clientSecret: null,
      redirectUri: 'https://ehc.council.gov.uk/api/auth/oidc/callback',
      roleClaim: 'roles',
      teamClaim: 'groups',
      roleMap: [
        ['EHC.Admin', 'admin'],
        ['EHC.Manager', 'team-manager'],
      ],
      teamMap: [['0b1f-aa', 'north']],
    });
    expect(loadConfig({}).oidc).toBeNull();
  });

  it('keeps documents in PostgreSQL unless DOCUMENT_STORAGE=s3, and then reads the object store settings', () => {
    expect(loadConfig({}).documentStorage).toEqual({ kind: 'postgres' });
    expect(
      loadConfig({
        DOCUMENT_STORAGE: 's3',
        S3_ENDPOINT: 'http://minio.internal:9000',
        S3_BUCKET: 'case-docs',
        S3_REGION: 'us-east-1',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
        S3_FORCE_PATH_STYLE: 'true',
      }).documentStorage,
    ).toEqual({
      kind: 's3',
      endpoint: 'http://minio.internal:9000',
      bucket: 'case-docs',
      region: 'us-east-1',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      forcePathStyle: true,
    });
    expect(
      loadConfig({ DOCUMENT_STORAGE: 's3', S3_BUCKET: 'case-docs', S3_REGION: 'eu-west-2' }).documentStorage,
    ).toMatchObject({ endpoint: null, credentials: null, forcePathStyle: false });
  });

  it('never puts the S3 secret in a message', () => {
    expect(() =>
      loadConfig({
        DOCUMENT_STORAGE: 's3',
        S3_BUCKET: 'case-docs',
        S3_REGION: 'eu-west-2',
        S3_SECRET_ACCESS_KEY: 'wJalr-very-secret',
      }),
    ).toThrow(ConfigError);
    try {
      loadConfig({
        DOCUMENT_STORAGE: 's3',
        S3_BUCKET: 'case-docs',
        S3_REGION: 'eu-west-2',
        S3_SECRET_ACCESS_KEY: 'wJalr-very-secret',
      });
    } catch (e) {
      expect((e as Error).message).not.toContain('wJalr');
    }
  });

  it('reads per-kind alert lead days, sorted from the earliest warning', () => {
    expect(loadConfig({ ALERT_LEAD_DAYS: 'default=7,14;advice=3' }).alertLeadDays).toMatchObject({
      default: [14, 7],
      advice: [3],
    });
  });
});
