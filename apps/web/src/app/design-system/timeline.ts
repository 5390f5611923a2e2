import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { Router } from '@angular/router';

export interface TimelineItem {
  id: string;
  title: string;
  byline: string;
  /** Machine-readable date for <time datetime>. */
  datetime: string;
  dateText: string;
  description: string[];
  /** A tag beside the title, e.g. "Corrected" (the record keeps the entry; the tag says it was later put right). */
  status?: string;
  /** GOV.UK "Change" link for the entry (its visually hidden text names the entry). */
  changeHref?: string;
}

/** MoJ timeline: "a record of events in date order". */
@Component({
  selector: 'cw-timeline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="moj-timeline">
      @for (item of items(); track item.id) {
        <div class="moj-timeline__item">
          <div class="moj-timeline__header">
            <h3 class="moj-timeline__title">{{ item.title }}@if (item.status) { <strong class="govuk-tag govuk-tag--grey govuk-!-margin-left-1">{{ item.status }}</strong> }</h3>&ngsp;
            <p class="moj-timeline__byline">by {{ item.byline }}</p>
          </div>
          <p class="moj-timeline__date"><time [attr.datetime]="item.datetime">{{ item.dateText }}</time></p>
          @if (item.description.length) {
            <div class="moj-timeline__description">
              <ul class="govuk-list">
                @for (line of item.description; track $index) { <li>{{ line }}</li> }
              </ul>
            </div>
          }
          @if (item.changeHref) {
            <p class="govuk-body-s govuk-!-margin-bottom-0"><a class="govuk-link" [href]="item.changeHref" (click)="go($event, item.changeHref)">Change<span class="govuk-visually-hidden"> {{ item.title }} of {{ item.dateText }}</span></a></p>
          }
        </div>
      } @empty {
        <p class="govuk-body">Nothing has been recorded yet.</p>
      }
    </div>
  `,
})
export class Timeline {
  readonly items = input.required<TimelineItem[]>();
  private readonly router = inject(Router);

  /** In-app navigation for a plain link (the design system has no router dependency elsewhere). */
  protected go(event: MouseEvent, href: string): void {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    void this.router.navigateByUrl(href);
  }
}
