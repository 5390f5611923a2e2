import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ChildFamilyPanel } from '../persons/child-family-panel';
import { CaseNotesPanel } from './case-notes-panel';
import { CaseDocumentsPanel } from './case-documents-panel';

/** The casework around a case, below its deadlines: the child and family, notes and contacts, documents, letters. */
@Component({
  selector: 'cw-casework-panels',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ChildFamilyPanel, CaseNotesPanel, CaseDocumentsPanel],
  template: `
    <cw-child-family-panel [caseId]="caseId()" />
    <cw-case-notes-panel [caseId]="caseId()" />
    <cw-case-documents-panel [caseId]="caseId()" />
  `,
})
export class CaseworkPanels {
  readonly caseId = input.required<string>();
}
