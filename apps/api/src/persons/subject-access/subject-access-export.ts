import type { AuditEntry, TimelineEntry } from '@ehc/contracts';

/**
 * The structure of export.json in a subject access export (UK GDPR art. 15; docs/subject-access.md describes each
 * field). `version` changes only when a field is renamed or removed; adding a field keeps the version.
 */
export const SUBJECT_ACCESS_FORMAT = 'ehc-subject-access-export';
export const SUBJECT_ACCESS_VERSION = 1;

type Row = Record<string, unknown>;

export interface ExportedDocument {
  id: string;
  kind: string;
  title: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  eventId: string | null;
  uploadedBy: string;
  uploadedByName: string | null;
  uploadedAt: string;
  /** Where the file itself is in the zip. */
  file: string;
}

export interface ExportedCase {
  id: string;
  reference: string;
  team: { id: string; name: string };
  openedAt: string;
  /** Where the case stands now (the case_summary projection). */
  summary: {
    stage: string;
    stageLabel: string;
    closed: boolean;
    receivedOn: string;
    finalIssuedOn: string | null;
    caseworker: string | null;
  };
  /** The copy of the child's details the case keeps (ehc_case.child); empty once erased. */
  childOnCase: Row;
  /** The date the case's personal data was erased on (retention), or null. */
  personalDataErasedOn: string | null;
  /** Corrections of the child's details: when, by whom, which fields, the values before and the reason. */
  childDetailChanges: Row[];
  /** Every event, oldest first; an entry later corrected or retracted is marked so, with who, when and why. */
  timeline: TimelineEntry[];
  /** Exceptions to the time limits now in force (withdrawn ones are in the timeline only). */
  exceptions: Row[];
  /** The statutory deadlines derived from the events, with their status. */
  deadlines: Row[];
  /** Case notes and the contact log, oldest first; a note that corrects an earlier one names it. */
  notes: Row[];
  documents: ExportedDocument[];
  /** Statutory letters sent; each letter's PDF is among the documents. */
  letters: Row[];
}

/** An audit row as the admin's audit log shows it, without its internal id. */
export type ExportedAuditEntry = Omit<AuditEntry, 'id'>;

export interface SubjectAccessExport {
  format: typeof SUBJECT_ACCESS_FORMAT;
  version: typeof SUBJECT_ACCESS_VERSION;
  generatedAt: string;
  generatedBy: { username: string; displayName: string | null };
  /**
   * The date the person's personal data was erased on under the retention policy (docs/operations.md#retention-and-erasure),
   * or null. When set, `person` and `mergedRecords` hold only their ids and dates (the details are erased, not blank).
   */
  personalDataErasedOn: string | null;
  person: Row;
  /** Records of the same child merged into this one: their details as they were kept. */
  mergedRecords: Row[];
  /** Changes of the child's details made on the person's record rather than on a case (those are in each case's childDetailChanges). */
  personDetailChanges: Row[];
  /** Parents, carers and professionals recorded around the child. */
  contacts: Row[];
  cases: ExportedCase[];
  /** Who read, changed or exported the child's record and cases, when: oldest first (staff addresses left out). */
  audit: ExportedAuditEntry[];
}
