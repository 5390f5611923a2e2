/**
 * Folds one case's raw events into the facts the measure needs (docs/law.md#the-boards-measure).
 * Works on raw event rows only, so the measure can be recomputed from the log alone.
 *
 * Corrections are new events (docs/architecture.md invariant 1): for a fact that happens once (request received, draft,
 * final plan), the event of that type with the highest stream version wins.
 */
import type { MeasureEventRow } from './timeliness-types.js';

export interface AdviceFacts {
  provider: string;
  /** when the provider received the request: its reg 8(1) six weeks run from here */
  start: string;
  returned: string | null;
}

/** An active exception claimed for the 20-week limit (reg 13(3)): its period and the caseworker's reason, if given. */
export interface FinalPlanException {
  kind: string;
  from: string | null;
  to: string | null;
  reasonLimitImpractical: string | null;
}

/**
 * What a dispute is about, when it ties the dispute to this request or assessment (SEN2 request/assessment
 * mediation and tribunal items): the refusals, and the first plan's content or the school it names. Disputes
 * about anything else (a later amendment, ceasing the plan) never take a plan out of the population.
 */
export const DISPUTES_ABOUT_THIS_ASSESSMENT: readonly string[] = [
  'refusal-to-assess',
  'refusal-to-issue',
  'plan-content',
  'plan-school',
];

export interface CaseFacts {
  caseId: string;
  reference: string;
  teamId: string;
  received: string | null;
  finalIssued: string | null;
  draftIssued: string | null;
  /** the first decision whether to assess (reg 5(1)); a later reversal does not move it */
  firstDecision: string | null;
  /** the first "no plan" notice (reg 10(1)) */
  firstNoPlan: string | null;
  /**
   * When that notice's limit started and how long it was: the request and 16 weeks (reg 10(1)), or, when the
   * assessment was made under a tribunal order to assess (reg 44(2)(b)) or after the LA told the tribunal it would
   * not oppose an appeal against a refusal to assess (reg 45(3A)(a)), that date and 10 weeks. Null without a notice.
   */
  noPlanLimit: { from: string; days: number } | null;
  /** a mediation about this request or assessment whose meeting was held by the reference date */
  mediation: boolean;
  /** an appeal about this request or assessment registered, or a tribunal order made, by the reference date */
  tribunal: boolean;
  /** a refusal to assess / to issue is on record (SEN2 keeps it as the outcome even if the LA later reversed it) */
  refusedToAssess: boolean;
  refusedToIssue: boolean;
  withdrawn: boolean;
  movedOut: boolean;
  /** a refusal to assess not followed by a decision to assess */
  closedNotAssessed: boolean;
  /** a refusal to issue not followed by a decision to issue */
  closedNotIssued: boolean;
  /** kinds of active (not withdrawn) exceptions whose appliesTo includes the 20-week limit, sorted, distinct */
  finalPlanExceptionKinds: string[];
  /** the same exceptions with their periods and reasons, in stream order */
  finalPlanExceptions: FinalPlanException[];
  /** by adviceId: the latest request and the latest return */
  advice: AdviceFacts[];
}

/** reg 10(1): 16 weeks from the request. */
const NO_PLAN_DAYS = 112;
/** reg 44(2)(b) and reg 45(3A)(a): 10 weeks from the order, or from telling the tribunal the appeal is not opposed. */
export const TRIBUNAL_NO_PLAN_DAYS = 70;

const stringOr = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
const stringOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Code-unit order, the same as SQL `COLLATE "C"`. */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Latest {
  version: number;
  row: MeasureEventRow;
}

class CaseFold {
  private latest = new Map<string, Latest>();
  private maxVersion = new Map<string, number>();
  private minDate = new Map<string, string>();
  private recordedExceptions: { id: string | null; version: number; exception: FinalPlanException }[] = [];
  private disputes: { type: string; date: string; against: string | null; meetingHeldOn: string | null }[] = [];
  private withdrawnExceptionIds = new Set<string>();
  private adviceRequested = new Map<string, Latest>();
  private adviceReceived = new Map<string, Latest>();
  /** dates that start a fresh 10-week "no plan" limit (reg 44(2)(b), reg 45(3A)(a)) */
  private assessmentOrdered: string[] = [];

  constructor(readonly first: MeasureEventRow) {}

  add(row: MeasureEventRow): void {
    const prev = this.latest.get(row.type);
    if (!prev || row.version > prev.version) this.latest.set(row.type, { version: row.version, row });
    this.maxVersion.set(row.type, Math.max(this.maxVersion.get(row.type) ?? 0, row.version));
    const min = this.minDate.get(row.type);
    if (min === undefined || row.date < min) this.minDate.set(row.type, row.date);
    switch (row.type) {
      case 'AppealNotOpposed':
        if (row.data['against'] === 'refusal-to-assess') this.assessmentOrdered.push(row.date);
        break;
      case 'ExceptionRecorded': {
        const appliesTo = row.data['appliesTo'];
        // reg 13(3): only an exception claimed for the final-plan limit takes a case out of the _ex figures
        if (Array.isArray(appliesTo) && appliesTo.includes('final-plan')) {
          this.recordedExceptions.push({
            id: stringOrNull(row.data['exceptionId']),
            version: row.version,
            exception: {
              kind: stringOr(row.data['kind'], 'unknown'),
              from: stringOrNull(row.data['from']),
              to: stringOrNull(row.data['to']),
              reasonLimitImpractical: stringOrNull(row.data['reasonLimitImpractical']),
            },
          });
        }
        break;
      }
      case 'MediationStarted':
      case 'TribunalAppealRegistered':
      case 'TribunalOrderMade':
        // an order to assess also starts a fresh 10-week "no plan" limit (reg 44(2)(b))
        if (row.type === 'TribunalOrderMade' && row.data['order'] === 'assess') this.assessmentOrdered.push(row.date);
        this.disputes.push({
          type: row.type,
          date: row.date,
          against: stringOrNull(row.data['against']),
          meetingHeldOn: stringOrNull(row.data['meetingHeldOn']),
        });
        break;
      case 'ExceptionWithdrawn': {
        const id = stringOrNull(row.data['exceptionId']);
        if (id !== null) this.withdrawnExceptionIds.add(id);
        break;
      }
      case 'AdviceRequested':
      case 'AdviceReceived': {
        const id = stringOrNull(row.data['adviceId']);
        if (id === null) break;
        const map = row.type === 'AdviceRequested' ? this.adviceRequested : this.adviceReceived;
        const p = map.get(id);
        if (!p || row.version > p.version) map.set(id, { version: row.version, row });
        break;
      }
    }
  }

  /**
   * SEN2 ties each mediation and tribunal item to one request or assessment, and reads them as they stand on its
   * reference date (docs/measure-definitions.md: taken here as the last day of the period, `referenceDate`).
   */
  private disputed(type: 'mediation' | 'tribunal', referenceDate: string): boolean {
    return this.disputes.some((d) => {
      if (type === 'mediation') {
        // a mediation counts once its meeting has been held
        return (
          d.type === 'MediationStarted' &&
          d.against !== null &&
          DISPUTES_ABOUT_THIS_ASSESSMENT.includes(d.against) &&
          d.meetingHeldOn !== null &&
          d.meetingHeldOn <= referenceDate
        );
      }
      if (d.date > referenceDate) return false;
      // an order to assess or to make a plan (reg 44(2)(b), (c)) answers an appeal about this request or assessment
      if (d.type === 'TribunalOrderMade') return true;
      return (
        d.type === 'TribunalAppealRegistered' &&
        d.against !== null &&
        DISPUTES_ABOUT_THIS_ASSESSMENT.includes(d.against)
      );
    });
  }

  facts(referenceDate: string): CaseFacts {
    const dateOf = (type: string) => this.latest.get(type)?.row.date ?? null;
    const has = (type: string) => this.latest.has(type);
    const v = (type: string) => this.maxVersion.get(type) ?? 0;
    const minOf = (...types: string[]) =>
      types
        .map((t) => this.minDate.get(t))
        .filter((d): d is string => d !== undefined)
        .sort()[0] ?? null;
    const active = [...this.recordedExceptions]
      .sort((a, b) => a.version - b.version)
      .filter((e) => e.id === null || !this.withdrawnExceptionIds.has(e.id))
      .map((e) => e.exception);
    const kinds = [...new Set(active.map((e) => e.kind))].sort(byCodeUnit);
    const advice: AdviceFacts[] = [];
    for (const [id, req] of this.adviceRequested) {
      const rbp = req.row.data['receivedByProvider'];
      advice.push({
        provider: stringOr(req.row.data['provider'], 'unknown'),
        // reg 8(1): six weeks "of the date on which they receive it"; defaults to the request date
        start: typeof rbp === 'string' ? rbp : req.row.date,
        returned: this.adviceReceived.get(id)?.row.date ?? null,
      });
    }
    const firstNoPlan = minOf('DecidedNotToIssue');
    const received = dateOf('RequestReceived');
    // the latest order (or unopposed appeal) to assess on or before the notice sets its limit
    const ordered =
      firstNoPlan === null
        ? undefined
        : this.assessmentOrdered
            .filter((d) => d <= firstNoPlan)
            .sort()
            .at(-1);
    const noPlanLimit =
      firstNoPlan === null
        ? null
        : ordered !== undefined
          ? { from: ordered, days: TRIBUNAL_NO_PLAN_DAYS }
          : received === null
            ? null
            : { from: received, days: NO_PLAN_DAYS };
    return {
      caseId: this.first.caseId,
      reference: this.first.reference,
      teamId: this.first.teamId,
      received,
      finalIssued: dateOf('FinalPlanIssued'),
      draftIssued: dateOf('DraftPlanIssued'),
      firstDecision: minOf('DecidedToAssess', 'DecidedNotToAssess'),
      firstNoPlan,
      noPlanLimit,
      mediation: this.disputed('mediation', referenceDate),
      tribunal: this.disputed('tribunal', referenceDate),
      refusedToAssess: has('DecidedNotToAssess'),
      refusedToIssue: has('DecidedNotToIssue'),
      withdrawn: has('RequestWithdrawn'),
      movedOut: has('MovedOutOfArea'),
      closedNotAssessed: v('DecidedNotToAssess') > v('DecidedToAssess'),
      closedNotIssued: v('DecidedNotToIssue') > v('DecidedToIssue'),
      finalPlanExceptionKinds: kinds,
      finalPlanExceptions: active,
      advice,
    };
  }
}

/** Groups rows by case and folds each case. Rows of a case may come in any order. */
export function foldCases(
  rows: Iterable<MeasureEventRow>,
  include: (row: MeasureEventRow) => boolean,
  referenceDate: string,
): CaseFacts[] {
  const folds = new Map<string, CaseFold>();
  for (const row of rows) {
    if (!include(row)) continue;
    let f = folds.get(row.caseId);
    if (!f) folds.set(row.caseId, (f = new CaseFold(row)));
    f.add(row);
  }
  return [...folds.values()].map((f) => f.facts(referenceDate));
}
