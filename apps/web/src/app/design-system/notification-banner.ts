import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** GOV.UK notification banner. "success" banners are announced (role=alert), "important" ones are not. */
@Component({
  selector: 'cw-notification-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="govuk-notification-banner" [class.govuk-notification-banner--success]="type() === 'success'"
         [attr.role]="type() === 'success' ? 'alert' : 'region'" aria-labelledby="banner-title-{{ uid }}">
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="banner-title-{{ uid }}">{{ title() }}</h2>
      </div>
      <div class="govuk-notification-banner__content"><ng-content /></div>
    </div>
  `,
})
export class NotificationBanner {
  private static next = 0;
  protected readonly uid = ++NotificationBanner.next;
  readonly title = input('Important');
  readonly type = input<'important' | 'success'>('important');
}
