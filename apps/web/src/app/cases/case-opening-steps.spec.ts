import { renderCaseOpening as render } from '../../testing/case-opening';
import { NewCasePage } from './new-case.page';
import { TransferInPage } from './transfer-in.page';

// The two pages that open a case share one GOV.UK layout (case-opening-steps.ts): the same frame around each page's
// own fields, and the same check step, with "Is this a child we already know?".

/** The form step's frame: what stands around the page's own fields, in page order. */
function frame(el: HTMLElement) {
  const form = el.querySelector('form')!;
  const controls = [...form.querySelectorAll('input, select, textarea')].map((c) => c.id);
  return {
    back: el.querySelector('.govuk-back-link')?.getAttribute('href'),
    heading: el.querySelector('h1#form-heading')?.textContent?.trim(),
    layout: !!el.querySelector('cw-case-opening-steps .govuk-grid-column-two-thirds cw-error-summary'),
    first: controls[0],
    last: controls[controls.length - 1],
    button: form.lastElementChild?.textContent?.trim(),
  };
}

describe('the layout of the pages that open a case', () => {
  it.each([
    ['a new request', NewCasePage, 'Log a request for an EHC needs assessment', 'receivedOn-day'],
    ['a plan transferred in', TransferInPage, 'Record a plan transferred in from another council', 'fromLa'],
  ])('%s: the child first, the page’s own fields, the team last, Continue', async (_name, page, heading, ownField) => {
    const { el } = await render(page);
    expect(frame(el)).toEqual({
      back: '/caseload',
      heading,
      layout: true,
      first: 'givenName',
      last: 'teamId',
      button: 'Continue',
    });
    // the page's own fields stand inside the same form, between the child and the team
    expect(el.querySelector(`form #${ownField}`)).not.toBeNull();
  });

  it('the transfer in says what it is between its heading and the form', async () => {
    const { el } = await render(TransferInPage);
    const intro = el.querySelector('h1#form-heading + p.govuk-body');
    expect(intro?.textContent).toMatch(/It is not a request for an assessment/);
    expect(intro?.nextElementSibling?.tagName).toBe('FORM');
  });
});
