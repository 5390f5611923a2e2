import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { settle } from '../../testing/settle';
import { SignInPage } from './sign-in.page';

async function render() {
  TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
  const fixture = TestBed.createComponent(SignInPage);
  await settle(fixture);
  return { fixture, el: fixture.nativeElement as HTMLElement, http: TestBed.inject(HttpTestingController) };
}

function type(el: HTMLElement, id: string, text: string) {
  const input = el.querySelector<HTMLInputElement>(`#${id}`)!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
}

describe('Sign in page', () => {
  it('shows a GOV.UK error summary and inline errors when submitted empty, and sends nothing', async () => {
    const { fixture, el, http } = await render();
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);

    const links = [...el.querySelectorAll<HTMLAnchorElement>('.govuk-error-summary a')];
    expect(links.map((a) => [a.getAttribute('href'), a.textContent?.trim()])).toEqual([
      ['#username', 'Enter your username'],
      ['#password', 'Enter your password'],
    ]);
    expect(el.querySelector('#username-error')?.textContent).toContain('Enter your username');
    expect(el.querySelector('#username')?.getAttribute('aria-describedby')).toBe('username-error');
    http.expectNone('/api/auth/login');
  });

  it('does not show errors before the user tries to submit', async () => {
    const { el } = await render();
    expect(el.querySelector('.govuk-error-summary')).toBeNull();
    expect(el.querySelector('.govuk-error-message')).toBeNull();
  });

  it('posts the credentials and goes to the home for the role', async () => {
    const { fixture, el, http } = await render();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    type(el, 'username', 'casey');
    type(el, 'password', 'secret');
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);

    const req = http.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ username: 'casey', password: 'secret' });
    req.flush({
      id: 'u1',
      username: 'casey',
      displayName: 'Casey',
      role: 'team-manager',
      teamId: 't1',
      teamName: 'North',
    });
    await settle(fixture);
    expect(navigate).toHaveBeenCalledWith('/queue');
  });

  it('says the username or password is wrong without saying which', async () => {
    const { fixture, el, http } = await render();
    type(el, 'username', 'casey');
    type(el, 'password', 'wrong');
    el.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await settle(fixture);
    http
      .expectOne('/api/auth/login')
      .flush({ statusCode: 401, code: 'BAD_CREDENTIALS', message: 'no' }, { status: 401, statusText: 'Unauthorized' });
    await settle(fixture);
    expect(el.querySelector('.govuk-error-summary')?.textContent).toContain('Enter a correct username and password');
  });
});
