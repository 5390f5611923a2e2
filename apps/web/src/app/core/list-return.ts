import { Injectable, inject } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';

/** The lists a case is opened from, by path, with what their back link says. */
const LISTS: { path: string; text: string }[] = [
  { path: '/queue', text: 'Back to deadline queue' },
  { path: '/my-work', text: 'Back to my work' },
  { path: '/alerts', text: 'Back to alerts' },
  { path: '/caseload', text: 'Back to caseload' },
];

export function listOf(url: string): { url: string; text: string } | null {
  const path = url.split(/[?#]/)[0]!;
  const list = LISTS.find((l) => l.path === path);
  return list ? { url, text: list.text } : null;
}

/**
 * Remembers the last list the user looked at, with its filters and page (they live in the URL), so a case's back
 * link returns to exactly that list: the filtered queue page 3, not the caseload. Nothing personal is in these URLs
 * (searches by name go in a form body, not the URL).
 */
@Injectable({ providedIn: 'root' })
export class ListReturn {
  private last = { url: '/caseload', text: 'Back to caseload' };

  constructor() {
    inject(Router)
      .events.pipe(filter((e): e is NavigationEnd => e instanceof NavigationEnd))
      .subscribe((e) => {
        const list = listOf(e.urlAfterRedirects);
        if (list) this.last = list;
      });
  }

  get target(): { url: string; text: string } {
    return this.last;
  }
}
