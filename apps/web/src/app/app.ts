import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  Injector,
  ViewContainerRef,
  afterEveryRender,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
} from '@angular/core';
import { NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { filter, skip } from 'rxjs';
import type { Role } from '@ehc/contracts';
import type { AlertsStore } from './alerts/alerts-store';
import { FormDrafts } from './core/form-drafts';
import { SERVICE_NAME } from './core/page-title';
import { Session } from './core/session';
import { SessionTimeout } from './core/session-timeout';
import { type NavItem, ServiceHeader } from './design-system/service-header';

const NAV: (NavItem & { roles: Role[] })[] = [
  { link: '/my-work', text: 'My work', roles: ['caseworker', 'team-manager'] },
  { link: '/caseload', text: 'Caseload', roles: ['caseworker', 'team-manager'] },
  { link: '/queue', text: 'Deadline queue', roles: ['team-manager'] },
  { link: '/cases/new', text: 'New request', roles: ['caseworker', 'team-manager'] },
  { link: '/persons', text: 'Find a child', roles: ['caseworker', 'team-manager'] },
  { link: '/alerts', text: 'Alerts', roles: ['caseworker', 'team-manager'] },
  { link: '/board', text: 'Board report', roles: ['board', 'team-manager', 'admin'] },
  { link: '/board/plans', text: 'Plans maintained', roles: ['board', 'team-manager', 'admin'] },
  { link: '/returns/sen2', text: 'SEN2 return', roles: ['team-manager', 'admin'] },
  { link: '/admin', text: 'Admin', roles: ['admin'] },
  { link: '/letter-templates', text: 'Letter templates', roles: ['admin', 'team-manager'] },
];

@Component({
  selector: 'cw-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, ServiceHeader],
  template: `
    <a href="#main-content" class="govuk-skip-link" (click)="skipToMain($event)">Skip to main content</a>
    <header class="govuk-!-display-block cw-no-print">
      <cw-service-header [serviceName]="serviceName" [items]="nav()" [userName]="me()?.displayName ?? null"
                         [teamName]="me()?.teamName ?? null" (signOut)="signOut()" />
    </header>
    <div class="govuk-width-container">
      <div class="govuk-phase-banner cw-no-print">
        <p class="govuk-phase-banner__content">
          <strong class="govuk-tag govuk-phase-banner__content__tag">Beta</strong>
          <span class="govuk-phase-banner__text">This is a new service. Tell your service manager if something is wrong.</span>
        </p>
      </div>
      <main class="govuk-main-wrapper" id="main-content" tabindex="-1">
        <router-outlet />
      </main>
    </div>
    <footer class="govuk-footer cw-no-print">
      <div class="govuk-width-container">
        <p class="govuk-body-s govuk-!-margin-bottom-0">{{ serviceName }}: statutory timescales from the SEND Regulations 2014.</p>
      </div>
    </footer>
  `,
})
export class App {
  private readonly session = inject(Session);
  /** Loaded once someone who has alerts signs in: the store's code is not in the app's initial JavaScript. */
  private readonly alerts = signal<AlertsStore | null>(null);
  private readonly router = inject(Router);
  private readonly timeout = inject(SessionTimeout);
  protected readonly serviceName = SERVICE_NAME;
  protected readonly me = this.session.me;

  protected readonly nav = computed<NavItem[]>(() => {
    const role = this.session.role();
    if (!role) return [];
    const unread = this.alerts()?.unreadCount() ?? 0;
    return NAV.filter((n) => n.roles.includes(role)).map(({ link, text }) =>
      link === '/alerts' && unread > 0 ? { link, text, suffix: `(${unread} unread)` } : { link, text },
    );
  });

  constructor() {
    void this.session.load().catch(() => null);
    // After moving to another page, start keyboard and screen-reader users at its main content, as a full page
    // load would put them at the top, instead of leaving focus on a link or button that no longer exists.
    const injector = inject(Injector);
    this.router.events
      .pipe(
        filter((e) => e instanceof NavigationEnd),
        skip(1),
      )
      .subscribe(() =>
        afterNextRender(() => document.getElementById('main-content')?.focus({ preventScroll: true }), { injector }),
      );
    // Back on the page they were on when their session ended: put back what they had typed.
    const drafts = inject(FormDrafts);
    this.router.events.pipe(filter((e): e is NavigationEnd => e instanceof NavigationEnd)).subscribe((e) => {
      if (!drafts.pendingFor(e.urlAfterRedirects, this.session.me()?.id)) return;
      const draft = drafts.take(e.urlAfterRedirects);
      // The restoring code is loaded only now: most sessions never need it.
      if (draft) void import('./core/draft-restore').then((m) => m.restoreDraft(draft));
    });
    // A table too wide for a narrow screen scrolls inside itself (styles.scss); make it reachable by keyboard.
    afterEveryRender(() => markScrollingTables());
    const onResize = () => markScrollingTables();
    window.addEventListener('resize', onResize);
    inject(DestroyRef).onDestroy(() => window.removeEventListener('resize', onResize));
    // Alerts are for people who hold or manage cases; start the live stream once we know who that is (loading the
    // store's code first), and stop it when someone else, or no one, is signed in.
    const hasAlerts = (role: Role | null) => role === 'caseworker' || role === 'team-manager';
    let alertsCode: Promise<typeof import('./alerts/alerts-store')> | null = null;
    effect(() => {
      const role = this.session.role();
      if (!hasAlerts(role) && !alertsCode) return; // never started: nothing to stop
      alertsCode ??= import('./alerts/alerts-store');
      void alertsCode.then(({ AlertsStore }) => {
        const store = injector.get(AlertsStore);
        this.alerts.set(store);
        // The role now, not when the code was asked for: it may have changed while the code loaded.
        if (hasAlerts(this.session.role())) void store.start();
        else store.stop();
      });
    });
    // The GOV.UK timeout warning, once someone is signed in (it is only for them). Its code is loaded then, in a
    // chunk of its own, not with the app's initial JavaScript; being a modal dialog (the top layer) it is drawn the
    // same wherever it sits, so it goes after the app's own element.
    const container = inject(ViewContainerRef);
    let warning: Promise<unknown> | null = null;
    effect(() => {
      if (this.session.role() === null || warning) return;
      warning = import('./core/timeout-warning').then(({ TimeoutWarning }) =>
        container.createComponent(TimeoutWarning),
      );
    });
  }

  protected skipToMain(event: Event): void {
    event.preventDefault();
    document.getElementById('main-content')?.focus();
  }

  protected async signOut(): Promise<void> {
    await this.session.signOut().catch(() => undefined);
    this.timeout.clear();
    await this.router.navigate(['/sign-in']);
  }
}

/**
 * Tables that scroll sideways (narrow screens) get tabindex="0", so keyboard users can scroll them (WCAG 2.1.1;
 * axe scrollable-region-focusable); their caption names them. Only attributes change: the page's own markup stays.
 */
function markScrollingTables(): void {
  // Only below the tablet breakpoint do tables scroll (styles.scss); at wider widths this reads no layout at all,
  // so long lists re-render as fast as before.
  const narrow = window.matchMedia?.('(max-width: 40.0525em)').matches ?? false;
  const tables = document.querySelectorAll<HTMLTableElement>(
    narrow ? 'main table.govuk-table' : 'main table[data-cw-scrolls]',
  );
  for (const table of Array.from(tables)) {
    const scrolls = narrow && table.scrollWidth > table.clientWidth + 1;
    if (scrolls && !table.hasAttribute('data-cw-scrolls')) {
      table.setAttribute('data-cw-scrolls', '');
      if (!table.hasAttribute('tabindex')) table.setAttribute('tabindex', '0');
    } else if (!scrolls && table.hasAttribute('data-cw-scrolls')) {
      table.removeAttribute('data-cw-scrolls');
      table.removeAttribute('tabindex');
    }
  }
}
