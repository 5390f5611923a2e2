import type { AppendEventRequest, CaseDetail } from '@ehc/contracts';
import { toProblem } from '../core/problem';

export interface ReassignTarget {
  caseId: string;
  reference: string;
}
export interface ReassignOutcome {
  caseId: string;
  reference: string;
  ok: boolean;
  message?: string;
}

/** What bulk reassignment needs of the api: read a case (for its version) and append one event. */
export interface CaseWrites {
  getCase(caseId: string): Promise<CaseDetail>;
  appendEvent(caseId: string, request: AppendEventRequest): Promise<CaseDetail>;
}

/**
 * Reassigns each case with its own CaseworkerAssigned command, checked against the version just read (so a change
 * someone else made meanwhile is refused, not overwritten), one after another. A refusal is reported against its
 * case and the others still go ahead: each case is its own record, there is no all-or-nothing across cases.
 */
export async function reassignCases(
  api: CaseWrites,
  cases: ReassignTarget[],
  caseworker: string,
): Promise<ReassignOutcome[]> {
  const out: ReassignOutcome[] = [];
  for (const c of cases) {
    try {
      const detail = await api.getCase(c.caseId);
      if (detail.caseworker === caseworker) {
        out.push({ ...c, ok: true });
        continue;
      }
      await api.appendEvent(c.caseId, {
        expectedVersion: detail.version,
        eventId: crypto.randomUUID(),
        event: { type: 'CaseworkerAssigned', date: detail.today, caseworker },
      });
      out.push({ ...c, ok: true });
    } catch (err) {
      const p = toProblem(err);
      const message =
        p.code === 'VERSION_CONFLICT' ? 'someone else changed the case at the same moment; try it again' : p.message;
      out.push({ ...c, ok: false, message });
    }
  }
  return out;
}
