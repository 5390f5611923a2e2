import { httpResource } from '@angular/common/http';
import { Directive, type WritableSignal, afterNextRender, computed, inject, Injector, signal } from '@angular/core';
import { type FieldTree, submit } from '@angular/forms/signals';
import { Router } from '@angular/router';
import type { CaseDetail, Child, TeamView } from '@ehc/contracts';
import { londonToday } from '../core/dates';
import { firstError, summaryOf } from '../core/form-errors';
import { type FieldError, toProblem } from '../core/problem';
import { Session } from '../core/session';
import { changeRow, type SummaryRow } from '../design-system/summary-list';
import {
  CHILD_SERVER_FIELDS,
  type ChildDetails,
  childAnswerRows,
  childOfRequest,
  childSummaryFields,
  childToMatch,
} from './child-details';
import { CasesApi } from './cases-api';

/** What every form that opens a case asks: the child (or a record already known) and the team. */
export interface CaseOpening {
  child: ChildDetails;
  teamId: string;
}

/** How a page shows one of the api's field problems: its words, and whether it also stands on the field itself. */
type Explain = (e: { field: string; message: string }) => { message: string; onField: boolean };

/**
 * The steps of a form that opens a case ("Log a request", "Record a plan transferred in"): the form, then "Check your
 * answers" with "Is this a child we already know?", then the case. The page adds its own fields, rules and answers;
 * its layout is CaseOpeningSteps (case-opening-steps.ts), which reads the steps' state public here.
 */
@Directive()
export abstract class CaseOpeningForm<M extends CaseOpening> {
  protected readonly api = inject(CasesApi);
  private readonly router = inject(Router);
  protected readonly session = inject(Session);
  private readonly injector = inject(Injector);

  protected abstract readonly model: WritableSignal<M>;
  abstract readonly f: FieldTree<M>;
  /** The page's own fields between the child and the team, for the error summary: [input id, field], in page order. */
  protected abstract pageFields(): [fieldId: string, field: FieldTree<unknown>][];
  /** The page's own check-your-answers rows, between the child's and the team. */
  protected abstract pageAnswers(m: M): SummaryRow[];

  protected readonly teams = httpResource<TeamView[]>(() => '/api/teams');
  readonly teamList = computed(() => (this.teams.hasValue() ? this.teams.value() : []));
  protected readonly today = londonToday();

  /** The person record the case links to ('new': a new record; '': not decided yet while matches are shown). */
  readonly linkTo = signal('');
  readonly linkError = signal<string | null>(null);
  readonly childForCheck = computed(() => childToMatch(this.model().child));

  /** The api's refusals by its field name, shown on that field until Continue. */
  readonly serverFieldErrors = signal<Record<string, string>>({});
  readonly step = signal<'form' | 'check'>('form');
  readonly errors = signal<FieldError[]>([]);
  readonly busy = signal(false);
  /** One id for the case's first event: sending it twice (double click, retry) opens one case. */
  private readonly eventId = crypto.randomUUID();

  protected shown(field: FieldTree<unknown>, serverField?: string): string | null {
    return (
      (field().touched() ? firstError(field) : null) ??
      (serverField ? (this.serverFieldErrors()[serverField] ?? null) : null)
    );
  }

  async checkAnswers(event: Event): Promise<void> {
    event.preventDefault();
    await submit(this.f, {
      action: async () => {
        this.errors.set([]);
        this.serverFieldErrors.set({});
        this.step.set('check');
        // The Continue button is gone: start the new step at its heading, as a new page would (WCAG 2.4.3).
        this.focusAfterRender('check-heading');
        return undefined;
      },
      onInvalid: () => this.errors.set(this.fieldSummary()),
    });
  }

  private fieldSummary(): FieldError[] {
    const f = this.f as FieldTree<CaseOpening>;
    return summaryOf([...childSummaryFields(f.child), ...this.pageFields(), ['teamId', f.teamId]]);
  }

  readonly answers = computed<SummaryRow[]>(() => {
    const m = this.model();
    const team = this.teamList().find((t) => t.id === m.teamId)?.name ?? m.teamId;
    return [...childAnswerRows(m.child), ...this.pageAnswers(m), changeRow('Team', team, 'teamId')];
  });

  back(fieldId?: string): void {
    this.errors.set([]);
    this.step.set('form');
    this.focusAfterRender(fieldId ?? 'form-heading');
  }

  private focusAfterRender(id: string): void {
    afterNextRender(() => document.getElementById(id)?.focus(), { injector: this.injector });
  }

  /** The part of the api's body every way of opening a case shares: the team, the first event's id and the child. */
  protected opening(): { teamId: string; eventId: string; personId?: string; child: Child } {
    const m = this.model();
    const link = this.linkTo();
    return {
      teamId: m.teamId,
      eventId: this.eventId,
      ...(link && link !== 'new' ? { personId: link } : {}),
      child: childOfRequest(m.child),
    };
  }

  /**
   * Opens the case once "Is this a child we already know?" is answered, and goes to it. Field problems go back to the
   * form, each linked to its input (the child's and the team's here, the page's in `serverFields`: the api's field →
   * the input's id) and said as `explain` says.
   */
  protected async openCase(
    send: () => Promise<CaseDetail>,
    serverFields: Record<string, string>,
    explain: Explain = (e) => ({ message: e.message, onField: true }),
  ): Promise<void> {
    if (!this.linkTo()) {
      this.linkError.set('Select whether this is a child we already know');
      this.errors.set([{ fieldId: 'sameChild', message: 'Select whether this is a child we already know' }]);
      return;
    }
    this.linkError.set(null);
    this.busy.set(true);
    this.errors.set([]);
    try {
      const created = await send();
      await this.router.navigate(['/cases', created.id]);
    } catch (err) {
      const p = toProblem(err);
      if (p.errors?.length) {
        // Field problems are fixed on the form, so go back to it with each error linked to its field.
        this.step.set('form');
        const fieldIds: Record<string, string> = { ...CHILD_SERVER_FIELDS, teamId: 'teamId', ...serverFields };
        const shown = p.errors.map((e) => ({
          field: e.field,
          fieldId: fieldIds[e.field] ?? '',
          ...explain(e),
        }));
        this.serverFieldErrors.set(Object.fromEntries(shown.filter((e) => e.onField).map((e) => [e.field, e.message])));
        this.errors.set(shown.map(({ fieldId, message }) => ({ fieldId, message })));
      } else {
        this.errors.set([{ fieldId: '', message: p.message }]);
      }
    } finally {
      this.busy.set(false);
    }
  }
}
