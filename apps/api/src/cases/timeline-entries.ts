import {
  DEADLINE_LABELS,
  EVENT_LABELS,
  PROVIDER_LABELS,
  type CorrectionNote,
  type TimelineEntry,
} from '@ehc/contracts';
import { EVENT_FIELDS, isCaseEventType } from '@ehc/workflow';

/** Entries that are never corrected: corrections themselves, and the system's record of a missed deadline. */
const NOT_CORRECTABLE = new Set(['EventCorrected', 'EventRetracted', 'DeadlineMissed']);

/** A stored event as the timeline statement reads it. */
export type TimelineRow = Omit<
  TimelineEntry,
  'label' | 'about' | 'correctionStatus' | 'corrections' | 'correctsEventId' | 'correctable' | 'current' | 'fields'
>;

const words = (code: unknown) => String(code ?? '').replace(/-/g, ' ');
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * The timeline as a person reads it (docs/corrections.md): each entry says what it is about (which adviser's advice,
 * which setting, which exception or deadline), and an entry that was later corrected or retracted is marked so, with
 * its corrections (who, when, why) beside it. The log itself is unchanged: nothing is hidden or rewritten.
 */
export function timelineEntries(rows: readonly TimelineRow[]): TimelineEntry[] {
  const byId = new Map(rows.map((r) => [r.eventId, r]));
  const providers = new Map<string, string>();
  const settings = new Map<string, string>();
  for (const r of rows) {
    if (r.type === 'AdviceRequested' && str(r.data['adviceId']))
      providers.set(r.data['adviceId'] as string, str(r.data['provider']) ?? '');
    if (r.type === 'SettingConsulted' && str(r.data['consultationId']))
      settings.set(r.data['consultationId'] as string, str(r.data['setting']) ?? '');
  }
  const notes = new Map<string, CorrectionNote[]>();
  for (const r of [...rows].sort((a, b) => a.version - b.version)) {
    const target = str(r.data['corrects']) ?? str(r.data['retracts']);
    if ((r.type !== 'EventCorrected' && r.type !== 'EventRetracted') || !target) continue;
    const note: CorrectionNote = {
      eventId: r.eventId,
      type: r.type,
      date: r.date,
      recordedAt: r.recordedAt,
      actorName: r.actorName,
      reason: str(r.data['reason']) ?? '',
    };
    if (r.type === 'EventCorrected') note.correction = r.data['correction'] as Record<string, unknown>;
    (notes.get(target) ?? notes.set(target, []).get(target)!).push(note);
  }
  const aboutOf = (r: TimelineRow): string | null => {
    const d = r.data;
    switch (r.type) {
      case 'AdviceRequested':
      case 'AdviceReceived': {
        const provider = str(d['provider']) ?? providers.get(str(d['adviceId']) ?? '');
        return `${provider ? (PROVIDER_LABELS[provider] ?? words(provider)) : 'Unknown adviser'} advice (${str(d['adviceId'])})`;
      }
      case 'SettingRequested':
      case 'SettingConsulted':
        return str(d['setting']) ?? null;
      case 'SettingResponded':
        return settings.get(str(d['consultationId']) ?? '') ?? `Consultation ${str(d['consultationId'])}`;
      case 'FinalPlanIssued':
        return str(d['setting']) ? `Naming ${d['setting']}` : null;
      case 'ExceptionRecorded':
        return `${words(d['kind'])} exception (${str(d['exceptionId'])})`;
      case 'ExceptionWithdrawn':
        return `Exception ${str(d['exceptionId'])}`;
      case 'DeadlineMissed': {
        const id = str(d['deadline']) ?? '';
        const kind = Object.keys(DEADLINE_LABELS).find((k) => id === k || id.startsWith(`${k}-`));
        return kind ? DEADLINE_LABELS[kind]! : id;
      }
      case 'MediationStarted':
      case 'TribunalAppealRegistered':
        return `About the ${words(d['against'])}`;
      case 'EventCorrected':
      case 'EventRetracted': {
        const t = byId.get(str(d['corrects']) ?? str(d['retracts']) ?? '');
        return t ? `${EVENT_LABELS[t.type] ?? t.type} of ${t.date}` : null;
      }
      default:
        return null;
    }
  };
  return rows.map((r) => {
    const mine = notes.get(r.eventId);
    const entry: TimelineEntry = { ...r, label: EVENT_LABELS[r.type] ?? r.type, about: aboutOf(r) };
    if (mine?.length) {
      entry.corrections = mine;
      entry.correctionStatus = mine.some((n) => n.type === 'EventRetracted') ? 'retracted' : 'corrected';
    }
    const target = str(r.data['corrects']) ?? str(r.data['retracts']);
    if ((r.type === 'EventCorrected' || r.type === 'EventRetracted') && target) entry.correctsEventId = target;
    if (!NOT_CORRECTABLE.has(r.type) && isCaseEventType(r.type) && entry.correctionStatus !== 'retracted') {
      entry.correctable = true;
      entry.fields = EVENT_FIELDS[r.type];
      let current: Record<string, unknown> = { date: r.date, ...r.data };
      for (const n of mine ?? []) if (n.correction) current = { ...current, ...n.correction };
      entry.current = current;
    }
    return entry;
  });
}
