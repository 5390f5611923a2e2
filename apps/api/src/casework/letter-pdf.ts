import PDFDocument from 'pdfkit';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** 2026-12-02 → "2 December 2026" (a calendar date, no time zone involved). */
export const longDate = (iso: string): string =>
  `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

export const PLACEHOLDERS = [
  'recipient',
  'childName',
  'dateOfBirth',
  'reference',
  'requestDate',
  'decisionDate',
  'reasons',
  'representationsBy',
  'finalPlanDue',
  'caseworker',
  'letterDate',
] as const;
export type LetterValues = Record<(typeof PLACEHOLDERS)[number], string>;

/** The placeholders a template uses that the letter cannot fill (a typo the council should hear about). */
export const unknownPlaceholders = (text: string): string[] =>
  [...new Set([...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]))].filter(
    (p) => !(PLACEHOLDERS as readonly string[]).includes(p),
  );

export const fillTemplate = (text: string, values: LetterValues): string =>
  text.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (whole, key: string) =>
    key in values ? values[key as keyof LetterValues] : whole,
  );

/** A letter as a PDF (pdfkit, standard fonts): the date, the title, then the body's paragraphs. Small: built in memory. */
export async function letterPdf(title: string, body: string, letterDate: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 64,
    info: { Title: title, Creator: 'EHC casework', CreationDate: new Date(`${letterDate}T12:00:00Z`) },
  });
  const parts: Buffer[] = [];
  doc.on('data', (b: Buffer) => parts.push(b));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.font('Helvetica').fontSize(11).text(longDate(letterDate), { align: 'right' });
  doc.moveDown(1.5);
  doc.font('Helvetica-Bold').fontSize(14).text(title);
  doc.moveDown();
  doc.font('Helvetica').fontSize(11);
  for (const paragraph of body.split(/\n\s*\n/)) {
    doc.text(paragraph.trim(), { align: 'left', lineGap: 2 });
    doc.moveDown(0.8);
  }
  doc.end();
  await ended;
  return Buffer.concat(parts);
}
