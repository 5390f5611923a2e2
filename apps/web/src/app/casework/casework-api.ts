import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { CaseDocument, CaseNote, CaseNoteInput, NoticeKind, SentLetter } from '@ehc/contracts';

/** Writes of the casework around a case. Reads go through httpResource in the panels. */
@Injectable({ providedIn: 'root' })
export class CaseworkApi {
  private readonly http = inject(HttpClient);
  private base(caseId: string): string {
    return `/api/cases/${encodeURIComponent(caseId)}`;
  }

  addNote(caseId: string, note: CaseNoteInput): Promise<CaseNote> {
    return firstValueFrom(this.http.post<CaseNote>(`${this.base(caseId)}/notes`, note));
  }
  searchNotes(caseId: string, text: string): Promise<CaseNote[]> {
    return firstValueFrom(this.http.post<CaseNote[]>(`${this.base(caseId)}/notes/search`, { text }));
  }
  /** The file goes as the request body (streamed by the browser); what it is and its title go in headers, never the URL. */
  upload(caseId: string, file: File, meta: { kind: string; title: string; eventId?: string }): Promise<CaseDocument> {
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'x-document-kind': meta.kind,
      'x-document-title': encodeURIComponent(meta.title),
    };
    if (meta.eventId) headers['x-document-event'] = meta.eventId;
    return firstValueFrom(this.http.post<CaseDocument>(`${this.base(caseId)}/documents`, file, { headers }));
  }
  sendLetter(caseId: string, notice: NoticeKind, sentOn: string): Promise<SentLetter> {
    return firstValueFrom(this.http.post<SentLetter>(`${this.base(caseId)}/letters`, { notice, sentOn }));
  }
}
