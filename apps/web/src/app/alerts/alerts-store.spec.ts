import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AlertView } from '@ehc/contracts';
import { ALERT_STREAM, AlertsStore } from './alerts-store';

const alert = (over: Partial<AlertView>): AlertView => ({
  id: 'a1',
  caseId: 'c1',
  reference: 'EHC-0001',
  childName: 'Ada Wright',
  deadlineId: 'd1',
  kind: 'warning',
  deadlineKind: 'decide-assess',
  due: '2026-03-10',
  daysBefore: 14,
  lateByDays: 0,
  raisedAt: '2026-02-24T09:00:00Z',
  readAt: null,
  message: 'Decision to assess due in 14 days',
  ...over,
});

describe('AlertsStore (live alert inbox)', () => {
  // Like a real EventSource: named events (the api sends `event: alert`) reach only listeners of that name.
  let listeners: Record<string, ((m: MessageEvent<string>) => void)[]>;
  let fakeStream: {
    onmessage: ((m: MessageEvent<string>) => void) | null;
    addEventListener: jest.Mock;
    close: jest.Mock;
  };
  const dispatch = (event: string, data: string) => {
    if (event === 'message') fakeStream.onmessage?.({ data } as MessageEvent<string>);
    for (const l of listeners[event] ?? []) l({ data } as MessageEvent<string>);
  };

  beforeEach(() => {
    listeners = {};
    fakeStream = {
      onmessage: null,
      close: jest.fn(),
      addEventListener: jest.fn((name: string, l: (m: MessageEvent<string>) => void) => {
        (listeners[name] ??= []).push(l);
      }),
    };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ALERT_STREAM, useValue: () => fakeStream },
      ],
    });
  });

  it('lists unread alerts first and counts them for the header', async () => {
    const store = TestBed.inject(AlertsStore);
    const started = store.start();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/alerts')
      .flush([
        alert({ id: 'read', readAt: '2026-02-25T10:00:00Z', raisedAt: '2026-02-26T09:00:00Z' }),
        alert({ id: 'unread' }),
      ]);
    await started;
    expect(store.alerts().map((a) => a.id)).toEqual(['unread', 'read']);
    expect(store.unreadCount()).toBe(1);
  });

  it('adds an alert pushed by the server and announces it', async () => {
    const store = TestBed.inject(AlertsStore);
    const started = store.start();
    TestBed.inject(HttpTestingController).expectOne('/api/alerts').flush([]);
    await started;
    dispatch(
      'alert',
      JSON.stringify(alert({ id: 'live', kind: 'missed', deadlineKind: 'final-plan', due: '2026-03-12' })),
    );
    expect(store.unreadCount()).toBe(1);
    expect(store.latest()).toBe(
      'New alert for case EHC-0001: Final plan (20 weeks): was due on 12 March 2026 and has passed',
    );
  });

  it('marks every alert read with one request', async () => {
    const store = TestBed.inject(AlertsStore);
    const http = TestBed.inject(HttpTestingController);
    const started = store.start();
    http.expectOne('/api/alerts').flush([alert({ id: 'a1' }), alert({ id: 'a2' })]);
    await started;
    const acked = store.acknowledgeAll();
    http.expectOne({ method: 'POST', url: '/api/alerts/ack-all' }).flush({ marked: 2 });
    await acked;
    expect(store.unreadCount()).toBe(0);
  });

  it('marks an alert read once the server accepts the acknowledgement', async () => {
    const store = TestBed.inject(AlertsStore);
    const http = TestBed.inject(HttpTestingController);
    const started = store.start();
    http.expectOne('/api/alerts').flush([alert({ id: 'a1' })]);
    await started;
    const acked = store.acknowledge(store.alerts()[0]);
    http.expectOne({ method: 'POST', url: '/api/alerts/a1/ack' }).flush(null);
    await acked;
    expect(store.unreadCount()).toBe(0);
  });
});
