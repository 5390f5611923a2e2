import { httpResource, HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { LetterTemplate, NoticeKind } from '@ehc/contracts';
import { formatDateTime } from '../core/dates';
import type { FieldError } from '../core/problem';
import { ErrorSummary } from '../design-system/error-summary';
import { TextField } from '../design-system/text-field';
import { errorFor, serverErrors } from '../persons/server-errors';
import { NOTICE_LABELS } from './case-letters-panel';

/**
 * The council's statutory letter templates. Saving is refused, with each missing element named, when a template
 * would leave out what its regulation requires the notice to say.
 */
@Component({
  selector: 'cw-letter-templates-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorSummary, TextField],
  template: `
    <h1 class="govuk-heading-l">Letter templates</h1>
    <p class="govuk-body">Each statutory letter is made from these words. Placeholders in double braces, such as
      <code>{{ '{{childName}}' }}</code>, are filled from the case. A template cannot be saved if it leaves out what the law requires the notice to say.</p>
    @if (done()) { <div class="govuk-inset-text" role="status">{{ done() }}</div> }
    @for (t of list(); track t.notice) {
      <details class="govuk-details" [id]="'template-' + t.notice" [open]="editing() === t.notice">
        <summary class="govuk-details__summary" (click)="$event.preventDefault(); edit(t)"><span class="govuk-details__summary-text">{{ label(t.notice) }}</span></summary>
        <div class="govuk-details__text">
          @if (editing() === t.notice) {
            <cw-error-summary [errors]="errors()" />
            <p class="govuk-body-s">Last changed {{ t.updatedBy ? 'by ' + t.updatedBy + ', ' : '' }}{{ dateTime(t.updatedAt) }}</p>
            <form novalidate (submit)="save($event, t.notice)">
              <cw-text-field fieldId="template-title" label="Title" [(value)]="title" [error]="err('template-title')" />
              <cw-text-field fieldId="template-body" label="Letter" hint="Paragraphs are separated by a blank line" [rows]="20" [(value)]="body" [error]="err('template-body')" />
              <button type="submit" class="govuk-button" [disabled]="busy()">Save template</button>
            </form>
          }
        </div>
      </details>
    }
  `,
})
export class LetterTemplatesPage {
  private readonly http = inject(HttpClient);
  protected readonly templates = httpResource<LetterTemplate[]>(() => '/api/letter-templates');
  protected readonly list = computed(() => (this.templates.hasValue() ? this.templates.value() : []));
  protected readonly dateTime = formatDateTime;
  protected readonly editing = signal<NoticeKind | null>(null);
  protected readonly title = signal('');
  protected readonly body = signal('');
  protected readonly errors = signal<FieldError[]>([]);
  protected readonly busy = signal(false);
  protected readonly done = signal<string | null>(null);
  protected label(n: NoticeKind): string {
    return NOTICE_LABELS[n] ?? n;
  }
  protected err(id: string): string | null {
    return errorFor(this.errors(), id);
  }

  protected edit(t: LetterTemplate): void {
    if (this.editing() === t.notice) {
      this.editing.set(null);
      return;
    }
    this.editing.set(t.notice);
    this.title.set(t.title);
    this.body.set(t.body);
    this.errors.set([]);
  }

  protected async save(event: Event, notice: NoticeKind): Promise<void> {
    event.preventDefault();
    this.busy.set(true);
    try {
      await firstValueFrom(
        this.http.put<LetterTemplate>(`/api/letter-templates/${notice}`, { title: this.title(), body: this.body() }),
      );
      this.errors.set([]);
      this.done.set(`Saved: ${this.label(notice)}`);
      this.editing.set(null);
      this.templates.reload();
    } catch (e) {
      // Each missing element is its own line, linked to the letter's text.
      this.errors.set(serverErrors(e, { title: 'template-title', body: 'template-body' }));
    } finally {
      this.busy.set(false);
    }
  }
}

// The route loads the page by its default export (app.routes.ts: no `.then` per route in the initial JavaScript).
export default LetterTemplatesPage;
