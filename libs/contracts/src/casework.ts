/** JSON shapes of the casework around a case: the person record, notes, documents and letters. */

export type IsoDay = string;

export interface PersonFields {
  givenName: string;
  familyName: string;
  dateOfBirth: IsoDay;
  upn?: string | null;
  uln?: string | null;
  address?: string | null;
  postcode?: string | null;
  schoolUrn?: string | null;
  schoolName?: string | null;
  homeLanguage?: string | null;
  interpreterNeeded?: boolean;
  /** SEN2 module 1 (person): the child's sex, as DfE codes it (PERSON_SEX_CODES). */
  sex?: string | null;
  /** SEN2 module 1 (person): the child's ethnicity, a DfE (CBDS) main ethnicity code (ETHNICITY_CODES). */
  ethnicity?: string | null;
}

/**
 * The child's sex as DfE collections code it: M, F, U (unknown). Read in a published validator of DfE's children in
 * need return (rule 4180, 2024/25: "Sex must be provided and equal M, F, or U"); SEN2's own item text we could not
 * read (docs/sen2.md#module-1-person).
 */
export const PERSON_SEX_CODES = ['M', 'F', 'U'] as const;
export const PERSON_SEX_LABELS: Record<string, string> = { M: 'Male', F: 'Female', U: 'Not known' };
/**
 * DfE's (common basic data set) main ethnicity codes, as a published validator of DfE's children looked after
 * return lists them (rule 103); SEN2's own code list we could not read (docs/sen2.md#module-1-person).
 */
export const ETHNICITY_LABELS: Record<string, string> = {
  WBRI: 'White – British',
  WIRI: 'White – Irish',
  WIRT: 'White – Traveller of Irish heritage',
  WROM: 'White – Gypsy or Roma',
  WOTH: 'White – any other White background',
  MWBC: 'Mixed – White and Black Caribbean',
  MWBA: 'Mixed – White and Black African',
  MWAS: 'Mixed – White and Asian',
  MOTH: 'Mixed – any other mixed background',
  AIND: 'Asian or Asian British – Indian',
  APKN: 'Asian or Asian British – Pakistani',
  ABAN: 'Asian or Asian British – Bangladeshi',
  AOTH: 'Asian or Asian British – any other Asian background',
  BCRB: 'Black or Black British – Caribbean',
  BAFR: 'Black or Black British – African',
  BOTH: 'Black or Black British – any other Black background',
  CHNE: 'Chinese',
  OOTH: 'Any other ethnic group',
  REFU: 'Refused',
  NOBT: 'Information not yet obtained',
};
export const ETHNICITY_CODES = Object.keys(ETHNICITY_LABELS);

export type ContactKind = 'parent-carer' | 'professional';
export const PREFERRED_CONTACT = ['phone', 'email', 'post', 'text-message'] as const;
export const PARENT_RELATIONSHIPS = [
  'mother',
  'father',
  'carer',
  'foster-carer',
  'guardian',
  'grandparent',
  'other-family',
] as const;
export const PROFESSIONAL_ROLES = ['social-worker', 'health', 'senco', 'educational-psychologist', 'other'] as const;

export interface PersonContactInput {
  kind: ContactKind;
  name: string;
  relationship: string;
  parentalResponsibility?: boolean;
  organisation?: string;
  phone?: string;
  email?: string;
  address?: string;
  preferredContact?: (typeof PREFERRED_CONTACT)[number];
}

export interface PersonContact extends PersonContactInput {
  id: string;
  createdAt: string;
}

export interface PersonCase {
  id: string;
  reference: string;
  teamId: string;
  stage: string;
  stageLabel: string;
  closed: boolean;
  /** null for a plan transferred in from another council (reg 15). */
  receivedOn: IsoDay | null;
  finalIssuedOn: IsoDay | null;
  /** false: another team holds it (reference and dates only; its page is theirs). */
  ownTeam: boolean;
}

export interface PersonDetail extends PersonFields {
  id: string;
  contacts: PersonContact[];
  cases: PersonCase[];
}

export interface PersonSearchRequest {
  name?: string;
  dateOfBirth?: IsoDay;
  upn?: string;
  postcode?: string;
}
export interface PersonMatch {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: IsoDay;
  upn: string | null;
  postcode: string | null;
  /** Why it matched: exact UPN, or a close name (trigram similarity 0..1) with the same date of birth. */
  reason: 'upn' | 'name-and-date-of-birth' | 'search';
  similarity: number;
  caseCount: number;
}

export const NOTE_KINDS = ['note', 'call', 'email', 'meeting', 'letter'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
export interface CaseNoteInput {
  kind: NoteKind;
  occurredOn: IsoDay;
  withWhom?: string;
  summary: string;
  corrects?: string;
}
export interface CaseNote extends CaseNoteInput {
  id: string;
  author: string;
  authorName: string | null;
  recordedAt: string;
  /** The newer note that corrects this one, if any (this one then shows as superseded). */
  correctedBy: string | null;
}

export const DOCUMENT_KINDS = [
  'advice-report',
  'exception-evidence',
  'draft-plan',
  'final-plan',
  'letter',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
/** Each kind of document in words (the case page, the subject access export). */
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  'advice-report': 'Advice report',
  'exception-evidence': 'Evidence for an exception',
  'draft-plan': 'Draft plan',
  'final-plan': 'Final plan',
  letter: 'Letter',
  other: 'Other',
};
/** Which events a document of each kind may evidence (an advice report its AdviceReceived …); null: any event. */
export const EVIDENCE_FOR: Record<DocumentKind, readonly string[] | null> = {
  'advice-report': ['AdviceReceived'],
  'exception-evidence': ['ExceptionRecorded'],
  'draft-plan': ['DraftPlanIssued'],
  'final-plan': ['FinalPlanIssued'],
  letter: ['DecidedToAssess', 'DecidedNotToAssess', 'DecidedNotToIssue', 'DraftPlanIssued', 'FinalPlanIssued'],
  other: null,
};
export interface CaseDocument {
  id: string;
  kind: DocumentKind;
  title: string;
  mediaType: string;
  sizeBytes: number;
  eventId: string | null;
  uploadedBy: string;
  uploadedAt: string;
}

export const NOTICE_KINDS = [
  'decision-to-assess',
  'decision-not-to-assess',
  'decision-not-to-issue',
  'draft-plan',
  'final-plan',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export interface LetterTemplate {
  notice: NoticeKind;
  title: string;
  body: string;
  updatedAt: string;
  updatedBy: string | null;
}
export interface SentLetter {
  id: string;
  notice: NoticeKind;
  sentOn: IsoDay;
  documentId: string;
  recordedBy: string;
  recordedAt: string;
}
