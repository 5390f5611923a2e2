// When each alert of a deadline is due, and the deterministic id of the job that wakes the worker for it.
// A deadline gets a warning at 08:00 London `n` days before its due date for every configured lead day, and a
// "missed" wake-up at 00:00 London of the day after the due date: the duty can still be met on the due date
// itself (docs/law.md#counting-days, "on or before"), so it is missed only when that whole day has passed.
import { addDays, type IsoDate } from '@ehc/workflow';
import { londonInstant } from './london-time.js';

/** warn<n>: the warning n days before; due: the moment the deadline is missed. */
export type AlertKey = `warn${number}` | 'due';
export type AlertKind = 'warning' | 'due' | 'missed';

/** Everything a deadline job carries: ids only, never personal data (docs/architecture.md invariant 9). */
export interface DeadlineJobData {
  caseId: string;
  deadlineId: string;
  generation: number;
  alert: AlertKey;
}

export interface PlannedAlert {
  key: AlertKey;
  /** 'warning' ahead of the due date; 'due' for a 0-day warning (on the due date); 'missed' after it. */
  kind: AlertKind;
  daysBefore: number | null;
  intendedAt: Date;
  jobId: string;
  data: DeadlineJobData;
}

export interface ScheduledDeadline {
  caseId: string;
  deadlineId: string;
  generation: number;
  kind: string;
  due: IsoDate;
}

/** Warnings are raised at the start of the working day. */
export const WARNING_HOUR = 8;

export function leadDaysFor(kind: string, leadDays: Record<string, number[]>): number[] {
  const list = leadDays[kind] ?? leadDays.default ?? [];
  return [...new Set(list)].filter((n) => Number.isInteger(n) && n >= 0).sort((a, b) => b - a);
}

export function deadlineJobId(d: DeadlineJobData): string {
  const id = `dl-${d.caseId}-${d.deadlineId}-g${d.generation}-${d.alert}`;
  if (id.includes(':')) throw new Error(`A deadline job id may not contain ':' (${d.deadlineId})`);
  return id;
}

export function parseAlertKey(key: string): { kind: AlertKind; daysBefore: number | null } | null {
  if (key === 'due') return { kind: 'missed', daysBefore: null };
  const m = /^warn(\d{1,3})$/.exec(key);
  if (!m) return null;
  const n = Number(m[1]);
  return { kind: n === 0 ? 'due' : 'warning', daysBefore: n };
}

function computeIntendedAt(key: AlertKey, due: IsoDate): number {
  if (key === 'due') return londonInstant(addDays(due, 1), 0).getTime();
  const p = parseAlertKey(key);
  if (!p || p.daysBefore === null) throw new Error(`Unknown alert key ${key}`);
  return londonInstant(addDays(due, -p.daysBefore), WARNING_HOUR).getTime();
}

// A rebuild asks for the same (alert, due date) pairs over and over (200,000 jobs fall on a few hundred due dates),
// so each instant is computed once: date arithmetic and London time are pure functions of the pair.
const intendedCache = new Map<string, number>();
const MAX_CACHED = 20_000;

/** The instant an alert is meant to be raised. */
export function intendedAt(key: AlertKey, due: IsoDate): Date {
  const k = `${key} ${due}`;
  let t = intendedCache.get(k);
  if (t === undefined) {
    t = computeIntendedAt(key, due);
    if (intendedCache.size >= MAX_CACHED) intendedCache.clear();
    intendedCache.set(k, t);
  }
  return new Date(t);
}

/** Every alert of one deadline, earliest first. */
export function alertSchedule(d: ScheduledDeadline, leadDays: Record<string, number[]>): PlannedAlert[] {
  const keys: AlertKey[] = [...leadDaysFor(d.kind, leadDays).map((n) => `warn${n}` as AlertKey), 'due'];
  return keys
    .map((key) => {
      const data: DeadlineJobData = {
        caseId: d.caseId,
        deadlineId: d.deadlineId,
        generation: d.generation,
        alert: key,
      };
      const p = parseAlertKey(key)!;
      return {
        key,
        kind: p.kind,
        daysBefore: p.daysBefore,
        intendedAt: intendedAt(key, d.due),
        jobId: deadlineJobId(data),
        data,
      };
    })
    .sort((a, b) => a.intendedAt.getTime() - b.intendedAt.getTime());
}
