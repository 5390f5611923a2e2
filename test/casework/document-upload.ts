import type { Readable } from 'node:stream';
import { XHR, type ApiHarness } from '../security/api-harness.js';

export interface DocumentMeta {
  kind: string;
  title: string;
  /** The event the document evidences. */
  eventId?: string;
}

/**
 * POST /api/cases/:id/documents as the web app sends it: the bytes as the body (a Buffer, or a stream for an upload
 * without a Content-Length), what it is in headers (docs/casework.md#documents).
 */
export function uploadDocument(
  h: ApiHarness,
  cookie: string,
  caseId: string,
  body: Buffer | Readable,
  meta: DocumentMeta,
) {
  return h.app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/documents`,
    payload: body,
    headers: {
      cookie,
      ...XHR,
      'content-type': 'application/octet-stream',
      'x-document-kind': meta.kind,
      'x-document-title': encodeURIComponent(meta.title),
      ...(meta.eventId ? { 'x-document-event': meta.eventId } : {}),
    },
  });
}
