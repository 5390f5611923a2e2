import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { type DateParts, formatDate, fromIsoDate, londonToday, plural, toIsoDate } from '../core/dates';
import { type FieldError, toProblem } from '../core/problem';
import { DateInput } from '../design-system/date-input';
import { ErrorSummary } from '../design-system/error-summary';
import { TextField } from '../design-system/text-field';
import { percentText } from '../board/figures';

interface Figure {
  issued: number;
  within20Weeks: number;
  percent: number | null;
}
export interface Sen2SummaryView {
  header: { year: number; referencedate: string; lea: string };
  team: string | null;
  counts: {
    persons: number;
    requests: number;
    assessments: number;
    namedPlans: number;
    transfersIn: number;
    activePlans: number;
    placements: number;
  };
  failures: { reference: string; module: string; field: string; severity: 'error' | 'query'; rule: string }[];
  errors: number;
  queries: number;
  twentyWeeks: {
    from: string;
    to: string;
    fromReturn: { includingExceptions: Figure; excludingExceptions: Figure };
    board: { includingExceptions: Figure; excludingExceptions: Figure };
  };
}

/** The third Thursday of January of this year (DfE's usual SEN2 census day), or of last year before it. */
export function defaultCensusDate(today: string): string {
  const third = (y: number) => {
    const first = new Date(Date.UTC(y, 0, 1)).getUTCDay(); // 0 Sunday … 4 Thursday
    return `${y}-01-${String(1 + ((4 - first + 7) % 7) + 14).padStart(2, '0')}`;
  };
  const y = Number(today.slice(0, 4));
  return third(y) <= today ? third(y) : third(y - 1);
}

const SHOWN = 500;

/**
 * DfE's SEN2 return (docs/sen2.md): choose the census date, check the return built from the records, see each
 * failure with its case reference, and download the XML file once no error stands. The file holds children's
 * personal data: it is fetched by POST and saved straight to the computer.
 */
@Component({
  selector: 'cw-sen2-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DateInput, ErrorSummary, TextField],
  template: `
    <cw-error-summary [errors]="errors()" />
    <h1 class="govuk-heading-l">SEN2 return</h1>
    <p class="govuk-body">The return DfE collects each January: every request, assessment and plan of the calendar year before the census date,
      and every plan maintained on it, built from the case records.</p>
    <form novalidate (submit)="check($event)">
      <cw-date-input idPrefix="census" legend="Census date" hint="DfE’s census reference date, in January. For example, 15 1 2026" [(value)]="draftCensus" [error]="fieldError('census-day')" />
      <cw-text-field fieldId="la" label="Your council’s LA code" hint="3 digits, for example 937" width="govuk-input--width-4" [(value)]="la" [error]="fieldError('la')" />
      <button type="submit" class="govuk-button" [disabled]="busy()">Check the return</button>
    </form>

    @if (summary(); as s) {
      <h2 class="govuk-heading-m" data-sen2-title>Return for the census on {{ date(s.header.referencedate) }}</h2>
      @if (s.team) { <p class="govuk-body">As a team manager you see your own team’s cases only.</p> }
      <dl class="govuk-summary-list" data-sen2-counts>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Children and young people</dt><dd class="govuk-summary-list__value">{{ s.counts.persons }}</dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Requests</dt><dd class="govuk-summary-list__value">{{ s.counts.requests }}</dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Assessments</dt><dd class="govuk-summary-list__value">{{ s.counts.assessments }}</dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Plans (named plan records)</dt><dd class="govuk-summary-list__value">{{ s.counts.namedPlans }}</dd></div>
        <div class="govuk-summary-list__row" data-sen2-transfers-in><dt class="govuk-summary-list__key">Of which transferred in from another council (not new plans)</dt><dd class="govuk-summary-list__value">{{ s.counts.transfersIn }}</dd></div>
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Plans maintained on the census date</dt><dd class="govuk-summary-list__value">{{ s.counts.activePlans }}</dd></div>
      </dl>

      <table class="govuk-table" data-sen2-twenty-weeks>
        <caption class="govuk-table__caption govuk-table__caption--s">New plans issued within 20 weeks, {{ date(s.twentyWeeks.from) }} to {{ date(s.twentyWeeks.to) }}</caption>
        <thead class="govuk-table__head"><tr class="govuk-table__row">
          <th class="govuk-table__header" scope="col">Worked out from</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Including exceptions</th>
          <th class="govuk-table__header govuk-table__header--numeric" scope="col">Excluding exceptions</th>
        </tr></thead>
        <tbody class="govuk-table__body">
          <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">This return</th>
            <td class="govuk-table__cell govuk-table__cell--numeric">{{ fig(s.twentyWeeks.fromReturn.includingExceptions) }}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">{{ fig(s.twentyWeeks.fromReturn.excludingExceptions) }}</td></tr>
          <tr class="govuk-table__row"><th class="govuk-table__header" scope="row">The board report</th>
            <td class="govuk-table__cell govuk-table__cell--numeric">{{ fig(s.twentyWeeks.board.includingExceptions) }}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">{{ fig(s.twentyWeeks.board.excludingExceptions) }}</td></tr>
        </tbody>
      </table>

      <h2 class="govuk-heading-m">Checks</h2>
      @if (s.failures.length === 0) {
        <p class="govuk-body" data-sen2-status>No problems found.</p>
      } @else {
        <p class="govuk-body" data-sen2-status>{{ plural(s.errors, 'error') }} to correct before the file can be made, and {{ plural(s.queries, 'query', 'queries') }} DfE may ask about.</p>
        <table class="govuk-table" data-sen2-failures>
          <caption class="govuk-table__caption govuk-visually-hidden">Problems found, by case reference</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th class="govuk-table__header" scope="col">Case</th>
            <th class="govuk-table__header" scope="col">Kind</th>
            <th class="govuk-table__header" scope="col">Where</th>
            <th class="govuk-table__header" scope="col">Problem</th>
          </tr></thead>
          <tbody class="govuk-table__body">
            @for (f of s.failures.slice(0, shown); track $index) {
              <tr class="govuk-table__row">
                <th class="govuk-table__header" scope="row">{{ f.reference || 'Whole return' }}</th>
                <td class="govuk-table__cell"><strong class="govuk-tag" [class.govuk-tag--red]="f.severity === 'error'" [class.govuk-tag--yellow]="f.severity === 'query'">{{ f.severity === 'error' ? 'Error' : 'Query' }}</strong></td>
                <td class="govuk-table__cell">Module {{ f.module }}, {{ f.field }}</td>
                <td class="govuk-table__cell">{{ f.rule }}</td>
              </tr>
            }
          </tbody>
        </table>
        @if (s.failures.length > shown) { <p class="govuk-body">Showing the first {{ shown }} of {{ s.failures.length }}.</p> }
      }

      <h2 class="govuk-heading-m">Download the file</h2>
      @if (s.errors > 0) {
        <p class="govuk-body" data-sen2-blocked>Correct the errors above first: DfE’s system does not accept a return with errors.</p>
      } @else {
        <p class="govuk-body">The file holds children’s names, dates of birth and pupil numbers. Keep it on the council’s systems and upload it to DfE’s COLLECT.</p>
        <button type="button" class="govuk-button" data-sen2-download (click)="download()" [disabled]="busy()">Download the SEN2 file (XML)</button>
        @if (saved()) { <p class="govuk-body" role="status">Saved {{ saved() }}.</p> }
      }
    }
  `,
})
export class Sen2Page {
  private readonly http = inject(HttpClient);
  private readonly today = londonToday();

  protected readonly draftCensus = signal<DateParts>(fromIsoDate(defaultCensusDate(this.today)));
  protected readonly la = signal('');
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly busy = signal(false);
  protected readonly summary = signal<Sen2SummaryView | null>(null);
  protected readonly saved = signal<string | null>(null);
  private readonly asked = signal<{ referenceDate: string; la: string } | null>(null);

  protected readonly shown = SHOWN;
  protected readonly date = formatDate;
  protected readonly plural = plural;
  protected readonly hasSummary = computed(() => this.summary() !== null);

  protected fig(f: Figure): string {
    return `${percentText(f.percent)} (${f.within20Weeks} of ${f.issued})`;
  }

  protected fieldError(id: string): string | null {
    return this.errors().find((e) => e.fieldId === id)?.message ?? null;
  }

  private body(): { referenceDate: string; la: string } | null {
    const referenceDate = toIsoDate(this.draftCensus());
    const la = this.la().trim();
    const errors: FieldError[] = [];
    if (!referenceDate) errors.push({ fieldId: 'census-day', message: 'Enter a real census date' });
    else if (referenceDate > this.today)
      errors.push({ fieldId: 'census-day', message: 'The census date must be today or in the past' });
    if (!/^\d{3}$/.test(la))
      errors.push({ fieldId: 'la', message: 'Enter your council’s LA code: 3 digits, for example 937' });
    this.errors.set(errors);
    return errors.length ? null : { referenceDate: referenceDate!, la };
  }

  protected async check(event: Event): Promise<void> {
    event.preventDefault();
    const body = this.body();
    if (!body) return;
    this.busy.set(true);
    this.saved.set(null);
    try {
      this.summary.set(await firstValueFrom(this.http.post<Sen2SummaryView>('/api/returns/sen2', body)));
      this.asked.set(body);
    } catch (err) {
      this.summary.set(null);
      const p = toProblem(err);
      this.errors.set(
        p.errors?.length
          ? p.errors.map((e) => ({ fieldId: e.field === 'la' ? 'la' : 'census-day', message: e.message }))
          : [{ fieldId: 'census-day', message: p.message }],
      );
    } finally {
      this.busy.set(false);
    }
  }

  protected async download(): Promise<void> {
    const body = this.asked();
    if (!body) return;
    this.busy.set(true);
    try {
      const blob = await firstValueFrom(
        this.http.post('/api/returns/sen2', { ...body, format: 'xml' }, { responseType: 'blob' }),
      );
      const name = `SEN2_${body.la}_${body.referenceDate}.xml`;
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      URL.revokeObjectURL(url);
      this.saved.set(name);
    } catch (err) {
      this.errors.set([{ fieldId: 'census-day', message: toProblem(err).message }]);
    } finally {
      this.busy.set(false);
    }
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default Sen2Page;
