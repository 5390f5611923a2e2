import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AlertView } from '@ehc/contracts';
import { ALERT_STREAM, AlertsStore } from './alerts-store';

const alert = (over: Partial<AlertView>): AlertView => ({
  id: 'a1', caseId: 'c1', reference: 'EHC-0001', deadlineId: 'd1', kind: 'warning', deadlineKind: 'decide-assess', due: '2026-03-10',
  daysBefore: 14, lateByDays: 0, raisedAt: '2026-02-24T09:00:00Z', readAt: null, message: 'Decision to assess due in 14 days', ...over,
});

describe('AlertsStore (live alert inbox)', () => {
  let fakeStream: { onmessage: ((m: MessageEvent<string>) => void) | null; close: jest.Mock };

  beforeEach(() => {
    fakeStream = { onmessage: null, close: jest.fn() };
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: ALERT_STREAM, useValue: () => fakeStream }],
    });
  });

  it('lists unread alerts first and counts them for the header', async () => {
    const store = TestBed.inject(AlertsStore);
    const started = store.start();
    TestBed.inject(HttpTestingController).expectOne('/api/alerts').flush([
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
    fakeStream.onmessage!({ data: JSON.stringify(alert({ id: 'live', kind: 'missed', message: 'Final plan deadline missed' })) } as MessageEvent<string>);
    expect(store.unreadCount()).toBe(1);
    expect(store.latest()).toBe('New alert for case EHC-0001: Final plan deadline missed');
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
