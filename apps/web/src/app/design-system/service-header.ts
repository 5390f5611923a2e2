import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterRenderEffect,
  computed,
  inject,
  input,
  output,
} from '@angular/core';
import { Router, RouterLink, isActive } from '@angular/router';

export interface NavItem {
  link: string;
  text: string;
  /** Extra words read after the text, e.g. "(3 unread)". */
  suffix?: string;
}

/**
 * Header: GOV.UK service navigation (service name and sections) with who is signed in. A council service
 * does not use the GOV.UK crown header, so the service navigation is the top of the page.
 */
@Component({
  selector: 'cw-service-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="govuk-service-navigation" data-module="govuk-service-navigation" aria-label="Service information">
      <div class="govuk-width-container">
        <div class="govuk-service-navigation__container">
          <span class="govuk-service-navigation__service-name">
            <a routerLink="/" class="govuk-service-navigation__link">{{ serviceName() }}</a>
          </span>
          @if (items().length) {
            <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
              <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                      aria-controls="navigation" hidden>Menu</button>
              <ul class="govuk-service-navigation__list" id="navigation">
                @for (entry of entries(); track entry.item.link) {
                  <li class="govuk-service-navigation__item" [class.govuk-service-navigation__item--active]="entry.active()">
                    <a class="govuk-service-navigation__link" [routerLink]="entry.item.link" [attr.aria-current]="entry.active() ? 'page' : null">
                      @if (entry.active()) { <strong class="govuk-service-navigation__active-fallback">{{ entry.item.text }}</strong> } @else { {{ entry.item.text }} }
                      @if (entry.item.suffix) { <span> {{ entry.item.suffix }}</span> }
                    </a>
                  </li>
                }
              </ul>
            </nav>
          }
        </div>
      </div>
    </section>
    @if (userName()) {
      <div class="govuk-width-container">
        <p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
          Signed in as <strong>{{ userName() }}</strong>@if (teamName()) {, {{ teamName() }}}
          <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-left-2"
                  (click)="signOut.emit()">Sign out</button>
        </p>
      </div>
    }
  `,
})
export class ServiceHeader {
  readonly serviceName = input.required<string>();
  readonly items = input<NavItem[]>([]);
  readonly userName = input<string | null>(null);
  readonly teamName = input<string | null>(null);
  readonly signOut = output<void>();
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly router = inject(Router);
  /**
   * Each item with whether it is the section on screen: its own page or one below it (Board report is active on
   * /board/plans too), query parameters aside, as RouterLinkActive's default has it. Read from the router's last
   * navigation (the router's isActive signal) rather than through that directive, which was a sizeable part of the
   * app's initial JavaScript.
   */
  protected readonly entries = computed(() =>
    this.items().map((item) => ({ item, active: isActive(item.link, this.router) })),
  );
  private enhanced = false;

  constructor() {
    // GOV.UK JS only for the mobile menu toggle, once the menu items are on screen (GOV.UK's toggle reads them when
    // it starts), and only where GOV.UK Frontend is supported. Its code is loaded then, in a chunk of its own, not
    // with the app's initial JavaScript; without it the menu is simply always open.
    afterRenderEffect(() => {
      if (this.enhanced || !this.items().length || !document.body.classList.contains('govuk-frontend-supported'))
        return;
      const nav = this.host.nativeElement.querySelector('[data-module="govuk-service-navigation"]');
      if (!nav) return;
      this.enhanced = true;
      void import('./govuk-service-navigation').then(({ ServiceNavigation }) => new ServiceNavigation(nav));
    });
  }
}
