import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, inject, input } from '@angular/core';

/**
 * GOV.UK notification banner. "success" banners are announced (role=alert) and take focus when they appear, as
 * GOV.UK Frontend's script does on page load: the button that caused them is often gone (the form was replaced),
 * and focus must not fall back to the top of the page (WCAG 2.4.3 focus order).
 */
@Component({
  selector: 'cw-notification-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="govuk-notification-banner" [class.govuk-notification-banner--success]="type() === 'success'"
         [attr.role]="type() === 'success' ? 'alert' : 'region'" [attr.tabindex]="type() === 'success' ? -1 : null" aria-labelledby="banner-title-{{ uid }}">
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
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  constructor() {
    afterNextRender(() => {
      if (this.type() === 'success')
        this.host.nativeElement.querySelector<HTMLElement>('.govuk-notification-banner')?.focus();
    });
  }
}
