import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** MoJ identity bar: who this case is about, shown at the top of every case page. */
@Component({
  selector: 'cw-identity-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="moj-identity-bar" role="region" [attr.aria-label]="'Case ' + reference()">
      <div class="moj-identity-bar__container">
        <div class="moj-identity-bar__details">
          <!-- The container sets font-size 0 (MoJ's inline-block trick), so every detail lives inside the title. -->
          <span class="moj-identity-bar__title">
            <strong class="govuk-!-font-size-19">{{ title() }}</strong>
            @for (d of details(); track d.label) {
              <span class="govuk-!-margin-left-4 cw-nowrap">{{ d.label }}: <strong>{{ d.value }}</strong></span>
            }
          </span>
        </div>
        <div class="moj-identity-bar__actions"><ng-content /></div>
      </div>
    </div>
  `,
})
export class IdentityBar {
  readonly title = input.required<string>();
  readonly reference = input.required<string>();
  readonly details = input<{ label: string; value: string }[]>([]);
}
