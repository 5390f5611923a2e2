import { randomBytes } from 'node:crypto';
import PDFDocument from 'pdfkit';

/** A real PDF saying `text` (pdfkit), padded to `padTo` bytes: a large file that is still a PDF by its signature. */
export async function pdf(text: string, padTo = 0): Promise<Buffer> {
  const doc = new PDFDocument();
  const parts: Buffer[] = [];
  doc.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  doc.text(text);
  doc.end();
  await done;
  const bytes = Buffer.concat(parts);
  // Bytes after %%EOF are ignored by readers.
  return padTo > bytes.length ? Buffer.concat([bytes, randomBytes(padTo - bytes.length)]) : bytes;
}
