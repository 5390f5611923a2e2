// Every migration, in order. Listed explicitly (no glob) so the compiled app and the tests load the same set.
import { CaseEventLog1764000000000 } from './1764000000000-case-event-log.js';
import { AuthAudit1764000000002 } from './1764000000002-auth-audit.js';
import { Alerts1764000000003 } from './1764000000003-alerts.js';
import { CoveringEventIndexes1764000000004 } from './1764000000004-covering-event-indexes.js';
import { AlertResolution1764000000010 } from './1764000000010-alert-resolution.js';
import { ChildDetailChange1764000000011 } from './1764000000011-child-detail-change.js';
import { TeamScopedReferences1764000000040 } from './1764000000040-team-scoped-references.js';
import { LeastPrivilegeRole1764000000041 } from './1764000000041-least-privilege-role.js';
import { OidcSignIn1764000000042 } from './1764000000042-oidc-sign-in.js';
import { PersonRecord1764000000070 } from './1764000000070-person-record.js';
import { CaseNotes1764000000071 } from './1764000000071-case-notes.js';
import { CaseDocuments1764000000072 } from './1764000000072-case-documents.js';
import { StatutoryLetters1764000000073 } from './1764000000073-statutory-letters.js';
import { DocumentObjectStorage1764000000075 } from './1764000000075-document-object-storage.js';
import { PersonDetailChange1764000000076 } from './1764000000076-person-detail-change.js';
import { RetentionErasure1764000000080 } from './1764000000080-retention-erasure.js';
import { ErasureObjectsPersonChanges1764000000081 } from './1764000000081-erasure-objects-person-changes.js';
import { AuditPersonIndex1764000000085 } from './1764000000085-audit-person-index.js';
import { WorkOfMaintainedPlans1764000000091 } from './1764000000091-work-of-maintained-plans.js';
import { PlanEventTextErasure1764000000092 } from './1764000000092-plan-event-text-erasure.js';
import { PlansTransferredIn1764000000093 } from './1764000000093-plans-transferred-in.js';
import { PersonSexEthnicity1764000000094 } from './1764000000094-person-sex-ethnicity.js';
import { CaseFacts1764000000100 } from './1764000000100-case-facts.js';
import { PersonalBudgetTextErasure1764000000120 } from './1764000000120-personal-budget-text-erasure.js';

export const migrations = [
  CaseEventLog1764000000000,
  AuthAudit1764000000002,
  Alerts1764000000003,
  CoveringEventIndexes1764000000004,
  AlertResolution1764000000010,
  ChildDetailChange1764000000011,
  TeamScopedReferences1764000000040,
  LeastPrivilegeRole1764000000041,
  OidcSignIn1764000000042,
  PersonRecord1764000000070,
  CaseNotes1764000000071,
  CaseDocuments1764000000072,
  StatutoryLetters1764000000073,
  DocumentObjectStorage1764000000075,
  PersonDetailChange1764000000076,
  RetentionErasure1764000000080,
  ErasureObjectsPersonChanges1764000000081,
  AuditPersonIndex1764000000085,
  WorkOfMaintainedPlans1764000000091,
  PlanEventTextErasure1764000000092,
  PlansTransferredIn1764000000093,
  PersonSexEthnicity1764000000094,
  CaseFacts1764000000100,
  PersonalBudgetTextErasure1764000000120,
];
