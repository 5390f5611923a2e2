import { DestroyRef, Injectable, effect, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';

export const SERVICE_NAME = 'EHC assessments';

/**
 * Every page has its own <title> (WCAG 2.4.2): "Page – EHC assessments", or a page's own detail in place of the
 * route's title ("Case NORTH-2026-0001", by reference only: titles end up in browser history). While a form on the
 * page shows errors the title starts with "Error: " (GOV.UK error summary pattern), so a screen reader user hears
 * it first.
 */
@Injectable({ providedIn: 'root' })
export class PageTitle extends TitleStrategy {
  private readonly title = inject(Title);
  private page: string | undefined;
  private detail: string | null = null;
  private readonly withErrors = new Set<object>();

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.page = this.buildTitle(snapshot);
    this.detail = null;
    this.render();
  }

  /** The page's own title, from a signal-reading function, for as long as the calling component lives. */
  detailFrom(read: () => string | null): void {
    const ref = effect(() => {
      this.detail = read();
      this.render();
    });
    inject(DestroyRef).onDestroy(() => {
      ref.destroy();
      this.detail = null;
    });
  }

  /** A form (identified by `source`) starts or stops showing errors. */
  markErrors(source: object, hasErrors: boolean): void {
    const before = this.withErrors.size;
    if (hasErrors) this.withErrors.add(source);
    else this.withErrors.delete(source);
    if (this.withErrors.size !== before) this.render();
  }

  private render(): void {
    const page = this.detail ?? this.page;
    const base = page ? `${page} – ${SERVICE_NAME}` : SERVICE_NAME;
    this.title.setTitle(this.withErrors.size ? `Error: ${base}` : base);
  }
}
