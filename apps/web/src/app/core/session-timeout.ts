import { Injectable, computed, signal } from '@angular/core';

/** The warning appears this long before the session ends (GOV.UK timeout pattern; WCAG 2.2.1 asks for ≥ 20 s). */
export const WARN_BEFORE_MS = 5 * 60_000;

/**
 * When the signed-in session will end. The api says so on every response (X-Session-Ends-At; the cookie itself
 * is httpOnly), and this ticks once a second against the browser's clock so the app can warn before the end and
 * act at it.
 */
@Injectable({ providedIn: 'root' })
export class SessionTimeout {
  private readonly endsAt = signal<number | null>(null);
  private readonly now = signal(Date.now());
  private timer: ReturnType<typeof setInterval> | null = null;

  /** Milliseconds left, or null when no session is known. */
  readonly remaining = computed(() => {
    const end = this.endsAt();
    return end === null ? null : end - this.now();
  });
  readonly warning = computed(() => {
    const r = this.remaining();
    return r !== null && r > 0 && r <= WARN_BEFORE_MS;
  });
  readonly ended = computed(() => {
    const r = this.remaining();
    return r !== null && r <= 0;
  });

  /** Called with the X-Session-Ends-At header of each signed-in response. */
  noteEndsAt(iso: string | null): void {
    const t = iso ? Date.parse(iso) : NaN;
    if (Number.isNaN(t)) return;
    this.endsAt.set(t);
    this.now.set(Date.now());
    this.timer ??= setInterval(() => this.now.set(Date.now()), 1000);
  }

  /** Signed out (or the session ended): nothing to count down. */
  clear(): void {
    this.endsAt.set(null);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
