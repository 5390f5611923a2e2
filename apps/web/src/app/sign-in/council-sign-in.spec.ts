import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import { settle } from '../../testing/settle';
import { CouncilSignIn } from './council-sign-in';

async function render(query: Record<string, string> = {}, providers: unknown = { local: true, oidc: null }) {
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: ActivatedRoute, useValue: { snapshot: { queryParamMap: convertToParamMap(query) } } },
    ],
  });
  const fixture = TestBed.createComponent(CouncilSignIn);
  fixture.detectChanges();
  TestBed.inject(HttpTestingController)
    .expectOne('/api/auth/providers')
    .flush(providers as object);
  await settle(fixture);
  return fixture.nativeElement as HTMLElement;
}

describe('Sign in with your council account', () => {
  it('shows the button, linking to the api’s council sign-in, when the council configured one', async () => {
    const el = await render(
      {},
      { local: true, oidc: { label: 'Sign in with your council account', loginUrl: '/api/auth/oidc/login' } },
    );
    const a = el.querySelector<HTMLAnchorElement>('a.govuk-button')!;
    expect(a.textContent?.trim()).toBe('Sign in with your council account');
    expect(a.getAttribute('href')).toBe('/api/auth/oidc/login');
  });

  it('shows nothing when only local accounts exist', async () => {
    const el = await render();
    expect(el.querySelector('a.govuk-button')).toBeNull();
    expect(el.textContent?.trim()).toBe('');
  });

  it('says why the council sign-in came back refused', async () => {
    const el = await render(
      { error: 'oidc-no-access' },
      { local: true, oidc: { label: 'Sign in with your council account', loginUrl: '/api/auth/oidc/login' } },
    );
    expect(el.querySelector('.govuk-error-summary')?.textContent).toContain('does not have access to EHC assessments');
  });
});
