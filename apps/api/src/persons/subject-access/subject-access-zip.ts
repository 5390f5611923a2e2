import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';

/**
 * The export as a zip, streamed: each document is read from the database one stored chunk (256 KiB) at a time and
 * written to the zip as it comes, waiting whenever the client is slower than the database, so the archive is never
 * held in memory (fflate's streaming Zip writes each entry's sizes and checksum after its data). The texts are
 * compressed; the files are stored as they are (PDF, images and Word files are compressed formats already).
 */
export function subjectAccessZip(db: Pick<DataSource, 'query'>, texts: { path: string; text: string }[], files: { id: string; path: string }[]): Readable {
  const out = new PassThrough();
  const zip = new Zip((err, data, final) => {
    if (err) return void out.destroy(err);
    if (out.destroyed) return;
    out.write(data);
    if (final) out.end();
  });
  /** Wait until the client has taken what is written; false once it has gone away. */
  const ready = async (): Promise<boolean> => {
    if (out.destroyed) return false;
    if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
    return !out.destroyed;
  };

  void (async () => {
    for (const t of texts) {
      const entry = new ZipDeflate(t.path, { level: 6 });
      zip.add(entry);
      entry.push(strToU8(t.text), true);
      if (!(await ready())) return;
    }
    for (const file of files) {
      const entry = new ZipPassThrough(file.path);
      zip.add(entry);
      for (let seq = 0; ; seq++) {
        const [chunk] = await db.query(`SELECT data FROM case_document_chunk WHERE document_id = $1 AND seq = $2`, [file.id, seq]);
        if (!chunk) break;
        entry.push(chunk.data as Buffer);
        if (!(await ready())) return;
      }
      entry.push(new Uint8Array(0), true);
    }
    zip.end();
  })().catch((e: unknown) => out.destroy(e as Error));
  return out;
}
