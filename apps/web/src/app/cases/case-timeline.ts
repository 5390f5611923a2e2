import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { FIELD_OPTION_LABELS, type TimelineEntry } from '@ehc/contracts';
import { formatDate, formatDateTime } from '../core/dates';
import { humanLabel, labelIn } from '../core/labels';
import { Timeline, type TimelineItem } from '../design-system/timeline';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Fields that hold a username: shown as the person's display name when known, else as the username itself. */
const PEOPLE = new Set(['caseworker']);

/**
 * One line per event field a person would want to read; ids and nested records are left out. `names` maps
 * usernames to display names ("cw-north-1" → "North caseworker 1"); a username is never turned into "Cw north 1".
 */
export function describeEventData(
  data: Record<string, unknown>,
  names: Readonly<Record<string, string>> = {},
): string[] {
  return Object.entries(data)
    .filter(
      ([key, value]) =>
        // A correction names its entry by event id (shown as "what it is about" instead).
        !['type', 'date', 'child', 'corrects', 'retracts'].includes(key) &&
        !key.endsWith('Id') &&
        value !== null &&
        value !== undefined &&
        (typeof value !== 'object' || Array.isArray(value)),
    )
    .map(([key, value]) => {
      const show = (v: unknown): string => {
        const s = String(v);
        if (PEOPLE.has(key)) return names[s] ?? s;
        if (ISO_DATE.test(s)) return formatDate(s);
        // lower-case codes, and the upper-case codes a field's vocabulary names (DfE's SEN types: ASD, SLCN …)
        return CODE.test(s) || FIELD_OPTION_LABELS[key]?.[s] ? labelIn(key, s) : s;
      };
      return `${humanLabel(key)}: ${Array.isArray(value) ? value.map(show).join(', ') : show(value)}`;
    });
}

/** "Corrected on 3 March 2025 by North caseworker 1: …" and what changed, beside the entry (docs/corrections.md). */
export function correctionLines(e: TimelineEntry): string[] {
  return (e.corrections ?? []).flatMap((n) => {
    const who = n.actorName ?? 'someone';
    if (n.type === 'EventRetracted') return [`Retracted on ${formatDate(n.date)} by ${who}: ${n.reason}`];
    const changed = describeEventData(n.correction ?? {});
    const date =
      typeof n.correction?.['date'] === 'string' ? [`Date: ${formatDate(n.correction['date'] as string)}`] : [];
    return [
      `Corrected on ${formatDate(n.date)} by ${who}: ${n.reason}`,
      ...[...date, ...changed].map((l) => `Now: ${l}`),
    ];
  });
}

/** The case's events, newest first, as an MoJ timeline. */
@Component({
  selector: 'cw-case-timeline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Timeline],
  template: `<cw-timeline [items]="items()" />`,
})
export class CaseTimeline {
  readonly entries = input.required<TimelineEntry[]>();
  /** The case, for each entry's Change link (absent: no links). */
  readonly caseId = input<string | null>(null);
  /** Display names by username, for events that name a person. */
  readonly names = input<Readonly<Record<string, string>>>({});
  protected readonly items = computed<TimelineItem[]>(() =>
    [...this.entries()]
      .sort((a, b) => b.version - a.version)
      .map((e) => ({
        id: e.eventId,
        title: e.label,
        byline: e.actorName ?? e.actor,
        datetime: e.date,
        dateText: `${formatDate(e.date)} (recorded ${formatDateTime(e.recordedAt)})`,
        description: [...(e.about ? [e.about] : []), ...describeEventData(e.data, this.names()), ...correctionLines(e)],
        status:
          e.correctionStatus === 'retracted'
            ? 'Retracted'
            : e.correctionStatus === 'corrected'
              ? 'Corrected'
              : undefined,
        changeHref:
          e.correctable && this.caseId()
            ? `/cases/${encodeURIComponent(this.caseId()!)}/history/${encodeURIComponent(e.eventId)}/change`
            : undefined,
      })),
  );
}
