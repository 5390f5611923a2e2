/**
 * Corrections are new events, never UPDATEs of the log (the log is append-only): `EventCorrected` replaces an
 * earlier event's legal date and fields, `EventRetracted` withdraws an earlier event as never having happened.
 * The measure counts the corrected history: this folds the corrections and retractions of the rows it is given
 * onto the events they name. Called on the rows already filtered by team and by "as at", so a correction
 * recorded after the as-at moment is not applied to the figure as it was reported (docs/measure-definitions.md).
 */
import type { MeasureEventRow } from './timeliness-types.js';

export const CORRECTION_TYPES: readonly string[] = ['EventCorrected', 'EventRetracted'];

const isCorrection = (row: MeasureEventRow) => CORRECTION_TYPES.includes(row.type);
const targetOf = (row: MeasureEventRow): string | null => {
  const t = row.data[row.type === 'EventCorrected' ? 'corrects' : 'retracts'];
  return typeof t === 'string' ? t.toLowerCase() : null;
};
const keyOf = (caseId: string, eventId: string) => `${caseId}|${eventId.toLowerCase()}`;

/**
 * The corrected history: each event with every correction of it applied in stream order (a later correction
 * of the same field wins; `correction.date` is the corrected legal date), retracted events removed, and the
 * correction events themselves left out (they are not facts of the case). A correction naming an event that is
 * not among the rows (another case, not yet recorded, or itself a correction) is ignored.
 */
export function applyCorrections(rows: readonly MeasureEventRow[]): MeasureEventRow[] {
  const fixes = rows.filter(isCorrection).sort((a, b) => a.version - b.version);
  if (fixes.length === 0) return [...rows];
  const retracted = new Set<string>();
  const corrections = new Map<string, Record<string, unknown>[]>();
  for (const f of fixes) {
    const target = targetOf(f);
    if (target === null) continue;
    const key = keyOf(f.caseId, target);
    if (f.type === 'EventRetracted') retracted.add(key);
    else {
      const c = f.data['correction'];
      if (c !== null && typeof c === 'object' && !Array.isArray(c)) {
        corrections.set(key, [...(corrections.get(key) ?? []), c as Record<string, unknown>]);
      }
    }
  }
  const out: MeasureEventRow[] = [];
  for (const row of rows) {
    if (isCorrection(row)) continue;
    const key = row.eventId === undefined ? null : keyOf(row.caseId, row.eventId);
    if (key !== null && retracted.has(key)) continue;
    const cs = key === null ? undefined : corrections.get(key);
    if (!cs) {
      out.push(row);
      continue;
    }
    let date = row.date;
    const data = { ...row.data };
    for (const { date: d, ...fields } of cs) {
      if (typeof d === 'string') date = d;
      Object.assign(data, fields);
    }
    out.push({ ...row, date, data });
  }
  return out;
}
