import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';

/**
 * The export as a zip, streamed: each document's bytes come from `open` (the documents' one read path: PostgreSQL one
 * stored chunk of 256 KiB at a time, or the object store's stream) and are written to the zip as they come, waiting
 * whenever the client is slower than the source, so the archive is never held in memory (fflate's streaming Zip writes each entry's sizes and checksum after its data). The texts are
 * compressed; the files are stored as they are (PDF, images and Word files are compressed formats already).
 */
export function subjectAccessZip(
  open: (documentId: string) => Promise<Readable>,
  texts: { path: string; text: string }[],
  files: { id: string; path: string }[],
): Readable {
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
      const source = await open(file.id);
      try {
        for await (const piece of source) {
          entry.push(piece as Uint8Array);
          if (!(await ready())) return;
        }
      } finally {
        source.destroy();
      }
      entry.push(new Uint8Array(0), true);
    }
    zip.end();
  })().catch((e: unknown) => out.destroy(e as Error));
  return out;
}
