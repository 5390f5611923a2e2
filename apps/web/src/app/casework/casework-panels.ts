import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ChildFamilyPanel } from '../persons/child-family-panel';
import { CaseNotesPanel } from './case-notes-panel';

/** The casework around a case, below its deadlines: the child and family, notes and contacts, documents, letters. */
@Component({
  selector: 'cw-casework-panels',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ChildFamilyPanel, CaseNotesPanel],
  template: `
    <cw-child-family-panel [caseId]="caseId()" />
    <cw-case-notes-panel [caseId]="caseId()" />
  `,
})
export class CaseworkPanels {
  readonly caseId = input.required<string>();
}
