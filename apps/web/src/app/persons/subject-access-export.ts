import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/**
 * The person page's subject access download (UK GDPR art. 15), for team managers: a plain link, so the browser
 * streams the zip straight to disk however large it is. The person is named by the record's opaque id in the path;
 * nothing about the child is in the URL. docs/subject-access.md.
 */
@Component({
  selector: 'cw-subject-access-export',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="govuk-heading-m" id="subject-access-heading">Subject access request</h2>
    <p class="govuk-body">When the child or young person, or someone acting for them, asks for a copy of the information we hold about them,
      download it here. The zip file holds a page to read or print (export.html), the same information for computers (export.json)
      and every document on their cases.</p>
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
      <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
        Check it before you send it: it can include information about other people. Your download is recorded in the audit log.</strong>
    </div>
    <a class="govuk-button govuk-button--secondary" id="subject-access-download" [href]="href()" download>Download everything we hold about this child</a>
  `,
})
export class SubjectAccessExport {
  readonly personId = input.required<string>();
  protected readonly href = computed(() => `/api/persons/${encodeURIComponent(this.personId())}/subject-access-export`);
}
