/**
 * The one CSV writer (RFC 4180: CRLF line ends, a cell with a comma, quote or line break quoted, quotes doubled), for
 * the board pack and the audit export. A text cell a spreadsheet would run as a formula (starting with = + - @, a tab
 * or a carriage return) is prefixed with ' so an exported file cannot attack whoever opens it; numbers stay numbers.
 */
export type CsvCell = string | number | boolean | null | undefined | object;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value !== 'number' && typeof value !== 'boolean' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record, with its CRLF. */
export function csvLine(values: readonly CsvCell[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** A header and its rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map(csvLine).join('');
}
