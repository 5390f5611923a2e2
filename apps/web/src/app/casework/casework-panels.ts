import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ChildFamilyPanel } from '../persons/child-family-panel';
import { CaseDocumentsPanel } from './case-documents-panel';
import { CaseLettersPanel } from './case-letters-panel';
import { CaseNotesPanel } from './case-notes-panel';

/**
 * The casework around a case, below its deadlines: the child and family, notes and contacts, letters, documents.
 * Included in the case page with one line; each panel loads its own data.
 */
@Component({
  selector: 'cw-casework-panels',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ChildFamilyPanel, CaseNotesPanel, CaseDocumentsPanel, CaseLettersPanel],
  template: `
    <cw-child-family-panel [caseId]="caseId()" />
    <cw-case-letters-panel [caseId]="caseId()" [eventTypes]="eventTypes()" (letterSent)="documents.reload()" />
    <cw-case-documents-panel #documents [caseId]="caseId()" />
    <cw-case-notes-panel [caseId]="caseId()" />
  `,
})
export class CaseworkPanels {
  readonly caseId = input.required<string>();
  /** The types of the case's events (from the case page's timeline): which letters are due. */
  readonly eventTypes = input<string[]>([]);
}
