import { ChangeDetectionStrategy, Component, input } from '@angular/core';

export interface TimelineItem {
  id: string;
  title: string;
  byline: string;
  /** Machine-readable date for <time datetime>. */
  datetime: string;
  dateText: string;
  description: string[];
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
            <h3 class="moj-timeline__title">{{ item.title }}</h3>&ngsp;
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
        </div>
      } @empty {
        <p class="govuk-body">Nothing has been recorded yet.</p>
      }
    </div>
  `,
})
export class Timeline {
  readonly items = input.required<TimelineItem[]>();
}
