import { HttpErrorResponse } from '@angular/common/http';
import type { AppendEventRequest, CaseDetail } from '@ehc/contracts';
import { reassignCases } from './bulk-reassign';

const detail = (id: string, version: number, caseworker = 'cw-1') =>
  ({ id, version, caseworker, today: '2026-03-04' }) as CaseDetail;

describe('bulk reassignment', () => {
  it('sends one CaseworkerAssigned per case, each against the version just read, and reports a refusal against its case only', async () => {
    const sent: [string, AppendEventRequest][] = [];
    const api = {
      getCase: async (id: string) => detail(id, id === 'b' ? 7 : 3),
      appendEvent: async (id: string, r: AppendEventRequest) => {
        if (id === 'b')
          throw new HttpErrorResponse({ status: 409, error: { code: 'VERSION_CONFLICT', message: 'changed' } });
        sent.push([id, r]);
        return detail(id, r.expectedVersion + 1);
      },
    };
    const out = await reassignCases(
      api,
      [
        { caseId: 'a', reference: 'A' },
        { caseId: 'b', reference: 'B' },
        { caseId: 'c', reference: 'C' },
      ],
      'cw-4',
    );
    expect(out.map((o) => [o.reference, o.ok])).toEqual([
      ['A', true],
      ['B', false],
      ['C', true],
    ]);
    expect(out[1]!.message).toMatch(/someone else changed the case/);
    expect(sent.map(([id, r]) => [id, r.expectedVersion, r.event])).toEqual([
      ['a', 3, { type: 'CaseworkerAssigned', date: '2026-03-04', caseworker: 'cw-4' }],
      ['c', 3, { type: 'CaseworkerAssigned', date: '2026-03-04', caseworker: 'cw-4' }],
    ]);
    expect(new Set(sent.map(([, r]) => r.eventId)).size).toBe(2);
  });
});
