import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import pg from 'pg';
import { ALERT_CHANNEL, type AlertNotice } from '@ehc/deadlines';
import { listenOn } from '@ehc/persistence';
import { APP_CONFIG } from '../database/database.module.js';
import type { AppConfig } from '@ehc/platform';
import type { SessionUser } from '../auth/session-user.js';
import { AlertsService, type AlertViewWithLateness } from './alerts.service.js';

type Listener = { user: SessionUser; push: (a: AlertViewWithLateness) => void };

/**
 * Fans new alerts out to open browsers. The worker's INSERT sends NOTIFY on commit; every api process LISTENs
 * on its own connection, so it works with any number of api replicas. The connection is opened with the first
 * subscriber and re-opened if it drops.
 */
@Injectable()
export class AlertStream implements OnModuleDestroy {
  private readonly listeners = new Set<Listener>();
  private client?: pg.Client;
  private connecting?: Promise<void>;
  private closed = false;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly alerts: AlertsService,
  ) {}

  /** DATABASE_LISTEN_URL when the pool goes through a transaction-mode pooler (LISTEN needs a session of its own). */
  private url(): string {
    return this.config.databaseListenUrl ?? (this.ds.options as { url?: string }).url ?? this.config.databaseUrl;
  }

  private ensureListening(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    return (this.connecting ??= (async () => {
      // Same role as the pool (SET ROLE ehc_app at connection start, when the pool uses it).
      const options = this.config.databaseListenUrl
        ? undefined
        : (this.ds.options as { extra?: { options?: string } }).extra?.options;
      const client = new pg.Client({
        connectionString: this.url(),
        application_name: 'ehc-api-alerts',
        ...(options ? { options } : {}),
      });
      client.on('notification', (n) => {
        if (n.channel === ALERT_CHANNEL && n.payload) void this.deliver(n.payload);
      });
      client.on('error', () => {
        this.client = undefined;
        client.end().catch(() => undefined);
        if (!this.closed && this.listeners.size) setTimeout(() => void this.ensureListening(), 1000);
      });
      await client.connect();
      await listenOn(client, ALERT_CHANNEL);
      this.client = client;
    })().finally(() => {
      this.connecting = undefined;
    }));
  }

  private async deliver(payload: string): Promise<void> {
    let notice: AlertNotice;
    try {
      notice = JSON.parse(payload);
    } catch {
      return;
    }
    for (const l of this.listeners) {
      const mine =
        notice.recipients.includes(l.user.id) || (l.user.role === 'team-manager' && l.user.teamId === notice.teamId);
      if (!mine) continue;
      const view = await this.alerts.one(l.user, notice.id).catch(() => undefined);
      if (view) l.push(view);
    }
  }

  /** Starts pushing this user's new alerts; returns the unsubscribe function. Resolves once listening. */
  async subscribe(user: SessionUser, push: (a: AlertViewWithLateness) => void): Promise<() => void> {
    const l = { user, push };
    this.listeners.add(l);
    await this.ensureListening();
    return () => {
      this.listeners.delete(l);
    };
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.connecting?.catch(() => undefined);
    await this.client?.end().catch(() => undefined);
  }
}
