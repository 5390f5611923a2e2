import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/**
 * A real S3-compatible HTTP server for a test (s3rver: buckets and objects on disk, multipart uploads) on a fixed
 * port, with its own temporary directory. It can be stopped and started again on the same port and data, to test a
 * store that goes away.
 *
 * s3rver 3.7.1 answers AbortMultipartUpload (DELETE …?uploadId=) with 405; S3 drops the upload's parts. This server
 * does what S3 does: it removes the upload's stored parts and answers 204, so a test can see that an aborted upload
 * leaves nothing behind (uploadsInProgress()).
 */
export class TestS3Server {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private s3rver!: S3rver;
  /** uploadIds the api aborted. */
  readonly aborted: string[] = [];

  private constructor(
    readonly port: number,
    readonly directory: string,
    readonly bucket: string,
  ) {}

  static async start(port: number, bucket: string): Promise<TestS3Server> {
    const s = new TestS3Server(port, await mkdtemp(join(tmpdir(), 'ehc-s3-')), bucket);
    s.s3rver = new S3rver({ directory: s.directory, silent: true, configureBuckets: [{ name: bucket }] });
    await s.s3rver.configureBuckets();
    await s.listen();
    return s;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Where s3rver keeps a bucket's multipart uploads in progress (its filesystem store's layout). */
  private get uploadsDir(): string {
    return join(this.directory, this.bucket, '._S3rver_uploads');
  }

  async listen(): Promise<void> {
    const handle = this.s3rver.callback();
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', this.endpoint);
      const uploadId = url.searchParams.get('uploadId');
      if (req.method === 'DELETE' && uploadId && /^[0-9a-f]+$/.test(uploadId)) {
        this.aborted.push(uploadId);
        void rm(join(this.uploadsDir, uploadId), { recursive: true, force: true }).then(() => {
          res.statusCode = 204;
          res.end();
        });
        return;
      }
      handle(req, res);
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) =>
      this.server!.once('error', reject).listen(this.port, '127.0.0.1', () => resolve()),
    );
  }

  /** The store goes away: the port refuses connections and open connections are cut. */
  async stop(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Multipart uploads started and neither completed nor aborted. */
  async uploadsInProgress(): Promise<string[]> {
    return readdir(this.uploadsDir).catch(() => []);
  }

  async close(): Promise<void> {
    await this.stop();
    await rm(this.directory, { recursive: true, force: true });
  }
}
