import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { AppendEventRequest, CaseDetail, CreateCaseRequest, CreateTransferredInCaseRequest } from '@ehc/contracts';

/** Writes to a case. Reads go through httpResource in the pages. */
@Injectable({ providedIn: 'root' })
export class CasesApi {
  private readonly http = inject(HttpClient);

  createCase(request: CreateCaseRequest): Promise<CaseDetail> {
    return firstValueFrom(this.http.post<CaseDetail>('/api/cases', request));
  }

  /** reg 15: opens a case for a plan transferred in from another council (no request here). */
  createTransferredIn(request: CreateTransferredInCaseRequest): Promise<CaseDetail> {
    return firstValueFrom(this.http.post<CaseDetail>('/api/cases/transfers-in', request));
  }

  /** Appends one event; the server refuses it (409) if someone else changed the case since `expectedVersion`. */
  appendEvent(caseId: string, request: AppendEventRequest): Promise<CaseDetail> {
    return firstValueFrom(this.http.post<CaseDetail>(`/api/cases/${encodeURIComponent(caseId)}/events`, request));
  }

  /** Corrects the child's details (kept outside the case history), with the reason (docs/corrections.md). */
  correctChild(caseId: string, child: Record<string, string | null>, reason: string): Promise<CaseDetail> {
    return firstValueFrom(
      this.http.post<CaseDetail>(`/api/cases/${encodeURIComponent(caseId)}/child-corrections`, { child, reason }),
    );
  }

  getCase(caseId: string): Promise<CaseDetail> {
    return firstValueFrom(this.http.get<CaseDetail>(`/api/cases/${encodeURIComponent(caseId)}`));
  }
}
