import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JobName, QueueName } from '@ehc/deadlines';
import { createAppDataSource } from '@ehc/persistence';
import { startWorker, type RunningWorker } from '../../apps/worker/src/worker.js';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';
import { flushPrefix, waitFor, workerConfig } from '../deadlines/support/fixtures.js';
import { testRedisPrefix, testRedisUrl } from '../support/test-database.js';
import { TestS3Server } from '../support/s3-server.js';
import { pdf } from '../casework/pdf-fixture.js';
import { uploadDocument } from '../casework/document-upload.js';

/**
 * Erasure of people whose documents and letters' PDFs are in the object store (DOCUMENT_STORAGE=s3;
 * docs/operations.md#retention-and-erasure), against a real S3 server (s3rver, port 17081): erase_personal_data queues
 * the objects' keys in the transaction that deletes their rows; the worker's erasure job deletes the objects after it
 * commits. A worker that stopped after the function committed, or a store that did not answer, leaves the keys queued,
 * and the next run deletes them: the bucket ends with none of the erased people's objects, and nobody else's is touched.
 */
const PORT = 17081;
const BUCKET = 'ehc-erasure';

describe('erasure of documents in the object store (e2e, a real S3 server)', () => {
  let s3: TestS3Server;
  let client: S3Client;
  let h: ApiHarness;
  let worker: RunningWorker;
  let cw: string;
  const prefix = testRedisPrefix('erasure-s3');
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue(QueueName.Deadlines, { connection: redis, prefix });
  const creds = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const s3Env = {
    DOCUMENT_STORAGE: 's3',
    S3_ENDPOINT: '',
    S3_BUCKET: BUCKET,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: creds.accessKeyId,
    S3_SECRET_ACCESS_KEY: creds.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
  };
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie: cw, ...XHR } });
  const ok = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await call(method, url, payload);
    expect({ url, status: res.statusCode < 300 ? 'ok' : res.json() }).toEqual({ url, status: 'ok' });
    return res.json();
  };
  const objects = async (): Promise<string[]> =>
    ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key!).sort();
  const keysOf = async (personId: string): Promise<string[]> =>
    (
      await h.sql(
        `SELECT d.object_key FROM case_document d JOIN ehc_case c ON c.id = d.case_id WHERE c.person_id = $1 AND d.object_key IS NOT NULL ORDER BY 1`,
        [personId],
      )
    ).map((r) => r.object_key);
  const runJob = async (name: JobName.EraseApproved) => {
    const id = await worker.engine.runRetentionJob(name);
    return waitFor(
      async () => {
        const job = await queue.getJob(id);
        const state = await job?.getState();
        if (state === 'failed') throw new Error(`${name} failed: ${job!.failedReason}`);
        return state === 'completed' && job!.returnvalue;
      },
      60_000,
      `${name} to complete`,
    );
  };

  /** A child with a closed request: a report uploaded and a letter sent (both in the bucket), and, when asked, a document kept in PostgreSQL (stored before a switch to s3). */
  async function child(givenName: string, withPostgresDocument = false): Promise<{ personId: string; caseId: string }> {
    const p = await ok('POST', '/api/persons', { givenName, familyName: 'Erasmus', dateOfBirth: '2015-03-02' });
    let c = await ok('POST', '/api/cases', {
      teamId: 'north',
      personId: p.id,
      request: { date: '2025-01-06', source: 'parent' },
    });
    c = await ok('POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: { type: 'DecidedToAssess', date: '2025-01-13' },
    });
    const up = await uploadDocument(h, cw, c.id, await pdf(`Report about ${givenName}`), {
      kind: 'other',
      title: `${givenName}'s school report`,
    });
    expect(up.statusCode).toBe(201);
    await ok('POST', `/api/cases/${c.id}/letters`, { notice: 'decision-to-assess', sentOn: '2025-01-14' });
    if (withPostgresDocument) {
      const [doc] = await h.sql(
        `INSERT INTO case_document (case_id, kind, title, media_type, size_bytes, sha256, uploaded_by)
        VALUES ($1, 'other', $2, 'application/pdf', 9, 'x', 'cw-north-1') RETURNING id`,
        [c.id, `${givenName} notes`],
      );
      await h.sql(`INSERT INTO case_document_chunk (document_id, seq, data) VALUES ($1, 0, convert_to($2, 'UTF8'))`, [
        doc.id,
        givenName,
      ]);
    }
    c = await ok('GET', `/api/cases/${c.id}`);
    await ok('POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: { type: 'RequestWithdrawn', date: '2025-01-20', reason: 'Family moved away' },
    });
    expect(await keysOf(p.id)).toHaveLength(2);
    return { personId: p.id, caseId: c.id };
  }
  const approve = (personId: string, caseId: string) =>
    h.sql(
      `INSERT INTO retention_review (person_id, case_ids, case_references, due_on, reason, status, decided_by, decided_at)
     SELECT $1, ARRAY[$2::uuid], ARRAY[c.reference], '2025-01-01', 'closed-without-plan', 'approved', u.id, now() FROM ehc_case c, app_user u WHERE c.id = $2 AND u.username = 'admin'`,
      [personId, caseId],
    );

  beforeAll(async () => {
    s3 = await TestS3Server.start(PORT, BUCKET);
    s3Env.S3_ENDPOINT = s3.endpoint;
    client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: creds });
    h = await startApi('erasure-s3', s3Env);
    cw = await h.login('cw-north-1');
    worker = await startWorker(workerConfig(h.db.url, testRedisUrl(), prefix, s3Env), {
      dataSource: createAppDataSource({ databaseUrl: h.db.url, databaseAppUrl: null }, { poolSize: 4 }),
      relayIntervalMs: 50,
    });
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await queue.close();
    redis.disconnect();
    await flushPrefix(testRedisUrl(), prefix);
    await h?.close();
    client?.destroy();
    await s3?.close();
  });

  it("deletes the erased people's objects after the erasure commits; a run that stopped midway or a store that was down is finished by the next run", async () => {
    const [ann, ben, kept] = [await child('Annwen', true), await child('Bendigeidfran'), await child('Keturah')];
    const [annKeys, benKeys, keptKeys] = [
      await keysOf(ann.personId),
      await keysOf(ben.personId),
      await keysOf(kept.personId),
    ];
    expect(await objects()).toEqual([...annKeys, ...benKeys, ...keptKeys].sort());
    await approve(ann.personId, ann.caseId);
    await approve(ben.personId, ben.caseId);

    // A worker that stopped right after Annwen's erasure committed: her rows are gone, her objects' keys are queued.
    await h.sql(`SELECT erase_personal_data($1, '2025-03-03')`, [ann.personId]);
    expect(await h.sql(`SELECT count(*)::int AS n FROM case_document WHERE case_id = $1`, [ann.caseId])).toEqual([
      { n: 0 },
    ]);
    expect(await h.sql(`SELECT count(*)::int AS n FROM case_document_chunk`)).toEqual([{ n: 0 }]); // her PostgreSQL document's chunks too
    expect((await h.sql(`SELECT object_key FROM document_object_erasure ORDER BY 1`)).map((r) => r.object_key)).toEqual(
      annKeys,
    );
    expect(await objects()).toEqual([...annKeys, ...benKeys, ...keptKeys].sort());

    // The store does not answer: Bendigeidfran is erased all the same; no key is lost.
    await s3.stop();
    expect(await runJob(JobName.EraseApproved)).toEqual({
      erased: 1,
      cases: 1,
      failed: 0,
      objectsDeleted: 0,
      objectsLeft: 4,
    });
    expect((await h.sql(`SELECT object_key FROM document_object_erasure ORDER BY 1`)).map((r) => r.object_key)).toEqual(
      [...annKeys, ...benKeys].sort(),
    );

    // The store is back: the next run deletes every queued object, and only those.
    await s3.listen();
    expect(await runJob(JobName.EraseApproved)).toEqual({
      erased: 0,
      cases: 0,
      failed: 0,
      objectsDeleted: 4,
      objectsLeft: 0,
    });
    expect(await objects()).toEqual(keptKeys);
    expect(await h.sql(`SELECT count(*)::int AS n FROM document_object_erasure`)).toEqual([{ n: 0 }]);

    // The usual night: approve, erase, the objects go in the same run.
    await approve(kept.personId, kept.caseId);
    expect(await runJob(JobName.EraseApproved)).toEqual({
      erased: 1,
      cases: 1,
      failed: 0,
      objectsDeleted: 2,
      objectsLeft: 0,
    });
    expect(await objects()).toEqual([]);
    expect(await h.sql(`SELECT count(*)::int AS n FROM case_document`)).toEqual([{ n: 0 }]);
    expect(await h.sql(`SELECT count(*)::int AS n FROM case_letter`)).toEqual([{ n: 0 }]);
  }, 180_000);
});
