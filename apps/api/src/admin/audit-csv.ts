/**
 * CSV for the audit export (RFC 4180 quoting). A cell that a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return at the start) is prefixed with a quote mark, so an exported trail cannot attack whoever opens it.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
