import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { ListReturn } from './list-return';

// A file apart from ListReturn (which the app starts with): only the case page shows this link, so it loads with
// that page and stays out of the app's initial JavaScript.

/** The case page's back link: to the list the case was opened from. */
@Component({
  selector: 'cw-back-to-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `<a [routerLink]="path" [queryParams]="query" class="govuk-back-link">{{ target.text }}</a>`,
})
export class BackToList {
  protected readonly target = inject(ListReturn).target;
  private readonly tree = inject(Router).parseUrl(this.target.url);
  protected readonly path = '/' + (this.tree.root.children['primary']?.segments.map((s) => s.path).join('/') ?? '');
  protected readonly query = this.tree.queryParams;
}
