import { alertText, raisedLate } from './alert-text';
import { filterAlerts } from './alerts.page';
import type { AlertView } from '@ehc/contracts';

describe('alert text', () => {
  it('says the deadline and its date in GOV.UK style, never an ISO date', () => {
    expect(alertText({ kind: 'warning', deadlineKind: 'decision-to-assess', due: '2026-03-12', daysBefore: 7 })).toBe(
      'Decision whether to assess (6 weeks): due in 7 days, on 12 March 2026',
    );
    expect(alertText({ kind: 'missed', deadlineKind: 'final-plan', due: '2026-03-02', daysBefore: null })).toBe(
      'Final plan (20 weeks): was due on 2 March 2026 and has passed',
    );
  });
  it('gives one lateness figure: none within the hour, hours under two days, else days', () => {
    expect(raisedLate({ lateByDays: 0, lateByMs: 20 * 60_000 })).toBe('');
    expect(raisedLate({ lateByDays: 0, lateByMs: 5 * 3_600_000 })).toBe('Raised 5 hours late');
    expect(raisedLate({ lateByDays: 3, lateByMs: 3 * 86_400_000 + 3_600_000 })).toBe('Raised 3 days late');
  });
  it('filters by unread and by kind', () => {
    const a = (id: string, kind: AlertView['kind'], readAt: string | null) => ({ id, kind, readAt }) as AlertView;
    const all = [a('1', 'missed', null), a('2', 'warning', null), a('3', 'missed', '2026-03-01T10:00:00Z')];
    expect(filterAlerts(all, { unreadOnly: true, kind: '' }).map((x) => x.id)).toEqual(['1', '2']);
    expect(filterAlerts(all, { unreadOnly: false, kind: 'missed' }).map((x) => x.id)).toEqual(['1', '3']);
  });
});
