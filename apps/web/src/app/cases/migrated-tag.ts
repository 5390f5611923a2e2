import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { CaseDetail } from '@ehc/contracts';
import { formatDate } from '../core/dates';
import { Tag } from '../design-system/tag';

/**
 * Marks a case whose early history was migrated from an older system as a summary (request, decision and plan
 * dates, without advice or draft records): the missing steps are missing from the source, not undone work.
 * Work recorded after the migration follows the full rules.
 */
@Component({
  selector: 'cw-migrated-tag',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Tag],
  template: `
    @if (migrated(); as m) {
      <p class="govuk-body" data-migrated>
        <cw-tag text="Migrated summary" colour="grey" />
        History to {{ date(m.throughDate) }} migrated from {{ m.source === 'unspecified' ? 'an older system' : m.source }}:
        request, decision and plan dates only.
      </p>
    }
  `,
})
export class MigratedTag {
  readonly migrated = input<CaseDetail['migrated']>();
  protected readonly date = formatDate;
}
