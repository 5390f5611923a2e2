import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { TagColour } from '../core/deadline-status';

/** GOV.UK tag. The text carries the meaning; colour only repeats it. */
@Component({
  selector: 'cw-tag',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<strong [class]="classes()">{{ text() }}</strong>`,
})
export class Tag {
  readonly text = input.required<string>();
  readonly colour = input<TagColour | null>(null);
  protected readonly classes = computed(() => {
    const c = this.colour();
    return c === 'blue' || !c ? 'govuk-tag' : `govuk-tag govuk-tag--${c}`;
  });
}
