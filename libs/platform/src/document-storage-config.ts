/**
 * Where the bytes of case documents live (docs/casework.md#documents): PostgreSQL by default, or an S3-compatible
 * object store (AWS S3, MinIO, Ceph, a cloud provider's S3 API) when DOCUMENT_STORAGE=s3. The document's metadata
 * always stays in PostgreSQL, with where its bytes are, so switching keeps every earlier document readable.
 */
export type DocumentStorageConfig =
  | { kind: 'postgres' }
  | {
      kind: 's3';
      /** Absent: the provider's default endpoint for the region (AWS). */
      endpoint: string | null;
      bucket: string;
      region: string;
      /** Both or neither: neither uses the SDK's own credential chain (an instance or workload role). */
      credentials: { accessKeyId: string; secretAccessKey: string } | null;
      /** Path-style URLs (endpoint/bucket/key), which MinIO and most self-hosted stores need. */
      forcePathStyle: boolean;
    };

type Env = Record<string, string | undefined>;

/** Reads DOCUMENT_STORAGE and the S3_* settings; a bad or missing one is one line naming it (never a secret's value). */
export function loadDocumentStorageConfig(env: Env, fail: (m: string) => Error): DocumentStorageConfig {
  const kind = env.DOCUMENT_STORAGE || 'postgres';
  if (kind === 'postgres') return { kind };
  if (kind !== 's3') throw fail(`DOCUMENT_STORAGE must be postgres or s3 (got "${kind}")`);
  let endpoint: string | null = null;
  if (env.S3_ENDPOINT) {
    let u: URL;
    try {
      u = new URL(env.S3_ENDPOINT);
    } catch {
      throw fail(
        "S3_ENDPOINT must be the object store's URL, e.g. https://s3.eu-west-2.amazonaws.com or http://minio.internal:9000",
      );
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
      throw fail(`S3_ENDPOINT must use http: or https: (got ${u.protocol})`);
    if (u.username || u.password)
      throw fail('S3_ENDPOINT must not hold credentials: use S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
    endpoint = env.S3_ENDPOINT;
  }
  const bucket = env.S3_BUCKET ?? '';
  // S3's bucket naming rules: 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw fail(
      "S3_BUCKET is needed with DOCUMENT_STORAGE=s3: the bucket's name, 3 to 63 lower-case letters, digits, dots and hyphens",
    );
  const region = env.S3_REGION ?? '';
  if (!/^[a-z0-9-]{2,40}$/.test(region))
    throw fail(
      'S3_REGION is needed with DOCUMENT_STORAGE=s3, e.g. eu-west-2 (any name the store accepts, such as us-east-1 for MinIO)',
    );
  const id = env.S3_ACCESS_KEY_ID ?? '';
  const secret = env.S3_SECRET_ACCESS_KEY ?? '';
  if (!id !== !secret)
    throw fail(
      "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use the server's own role",
    );
  const path = env.S3_FORCE_PATH_STYLE ?? '';
  if (path !== '' && path !== 'true' && path !== 'false')
    throw fail(`S3_FORCE_PATH_STYLE must be true or false (got "${path}")`);
  return {
    kind,
    endpoint,
    bucket,
    region,
    credentials: id ? { accessKeyId: id, secretAccessKey: secret } : null,
    forcePathStyle: path === 'true',
  };
}
