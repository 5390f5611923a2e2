import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import PDFDocument from 'pdfkit';

// The 14 standard PDF fonts' metrics, so text in Helvetica (pdfkit's default) is read without warnings.
const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

/** The text of a PDF as a reader would extract it (pdfjs-dist), lines joined by spaces, for checking a letter's content. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, standardFontDataUrl });
  const pdf = await task.promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  await task.destroy();
  return pages.join(' ').replace(/\s+/g, ' ');
}

/** A small real PDF (pdfkit) holding `text`; padded to `padTo` bytes after %%EOF, which readers ignore. */
export async function pdfOf(text: string, padTo = 0): Promise<Buffer> {
  const doc = new PDFDocument();
  const parts: Buffer[] = [];
  doc.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  doc.text(text);
  doc.end();
  await done;
  const bytes = Buffer.concat(parts);
  // Bytes after %%EOF are ignored by readers: a large file that is still a PDF by its signature.
  return padTo > bytes.length ? Buffer.concat([bytes, randomBytes(padTo - bytes.length)]) : bytes;
}
