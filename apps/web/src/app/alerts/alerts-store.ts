import { HttpClient } from '@angular/common/http';
import { Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { AlertView } from '@ehc/contracts';
import { alertText } from './alert-text';

/** Opens the server-sent event stream; a token so tests (and jsdom, which has no EventSource) can swap it. */
export const ALERT_STREAM = new InjectionToken<(url: string) => EventSource | null>('ALERT_STREAM', {
  providedIn: 'root',
  factory: () => (url: string) => (typeof EventSource === 'undefined' ? null : new EventSource(url)),
});

/**
 * The signed-in user's alerts: loaded once, then kept live from `/api/alerts/stream` so the header's
 * unread count and the inbox update without a reload. `latest` holds the text to announce (aria-live).
 */
@Injectable({ providedIn: 'root' })
export class AlertsStore {
  private readonly http = inject(HttpClient);
  private readonly openStream = inject(ALERT_STREAM);
  private stream: EventSource | null = null;
  private readonly list = signal<AlertView[]>([]);

  readonly loaded = signal(false);
  readonly failed = signal(false);
  readonly latest = signal('');
  /** Unread first, then newest first. */
  readonly alerts = computed(() =>
    [...this.list()].sort(
      (a, b) => Number(a.readAt !== null) - Number(b.readAt !== null) || b.raisedAt.localeCompare(a.raisedAt),
    ),
  );
  readonly unreadCount = computed(() => this.list().filter((a) => a.readAt === null).length);

  async start(): Promise<void> {
    if (this.stream || this.loaded()) return;
    this.connect();
    await this.refresh();
  }

  stop(): void {
    this.stream?.close();
    this.stream = null;
    this.list.set([]);
    this.loaded.set(false);
  }

  async refresh(): Promise<void> {
    try {
      this.list.set(await firstValueFrom(this.http.get<AlertView[]>('/api/alerts')));
      this.failed.set(false);
    } catch {
      this.failed.set(true);
    } finally {
      this.loaded.set(true);
    }
  }

  async acknowledge(alert: AlertView): Promise<void> {
    await firstValueFrom(this.http.post<void>(`/api/alerts/${encodeURIComponent(alert.id)}/ack`, {}));
    const now = new Date().toISOString();
    this.list.update((all) => all.map((a) => (a.id === alert.id ? { ...a, readAt: a.readAt ?? now } : a)));
  }

  /** Marks every alert read in one request, then shows them read. */
  async acknowledgeAll(): Promise<void> {
    await firstValueFrom(this.http.post<{ marked: number }>('/api/alerts/ack-all', {}));
    const now = new Date().toISOString();
    this.list.update((all) => all.map((a) => ({ ...a, readAt: a.readAt ?? now })));
  }

  /** A new or updated alert from the stream replaces any copy we hold. */
  receive(alert: AlertView): void {
    const isNew = !this.list().some((a) => a.id === alert.id);
    this.list.update((all) => [alert, ...all.filter((a) => a.id !== alert.id)]);
    if (isNew && alert.readAt === null) this.latest.set(`New alert for case ${alert.reference}: ${alertText(alert)}`);
  }

  private connect(): void {
    this.stream = this.openStream('/api/alerts/stream');
    if (!this.stream) return;
    // The api sends each alert as a named event (`event: alert`). EventSource hands named events only to listeners
    // of that name: `onmessage` hears unnamed ones alone, which is why alerts once never arrived live.
    this.stream.addEventListener('alert', (msg) => {
      try {
        this.receive(JSON.parse((msg as MessageEvent<string>).data) as AlertView);
      } catch {
        // A malformed message is dropped; the next refresh brings the inbox back in line.
      }
    });
  }
}
