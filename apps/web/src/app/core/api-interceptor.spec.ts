import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { apiInterceptor } from './api-interceptor';
import { Session } from './session';

describe('API interceptor', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([apiInterceptor])), provideHttpClientTesting()],
    });
  });

  it('marks every request with X-Requested-With, which the server requires on writes (CSRF defence)', () => {
    void firstValueFrom(TestBed.inject(HttpClient).post('/api/cases', {})).catch(() => undefined);
    const req = TestBed.inject(HttpTestingController).expectOne('/api/cases');
    expect(req.request.headers.get('X-Requested-With')).toBe('XMLHttpRequest');
    req.flush({});
  });

  it('sends the user to sign in when the session has ended (401)', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const expired = jest.spyOn(TestBed.inject(Session), 'expired');
    const call = firstValueFrom(TestBed.inject(HttpClient).get('/api/cases')).catch((e: unknown) => e);
    TestBed.inject(HttpTestingController)
      .expectOne('/api/cases')
      .flush({ message: 'no' }, { status: 401, statusText: 'Unauthorized' });
    await call;
    expect(expired).toHaveBeenCalled();
    // …and back to the same page afterwards.
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { returnUrl: '/', timedOut: 1 } });
  });

  it('does not redirect when the "who am I" probe says nobody is signed in (the guard handles that)', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const call = firstValueFrom(TestBed.inject(HttpClient).get('/api/auth/me')).catch((e: unknown) => e);
    TestBed.inject(HttpTestingController)
      .expectOne('/api/auth/me')
      .flush({ message: 'no' }, { status: 401, statusText: 'Unauthorized' });
    await call;
    expect(navigate).not.toHaveBeenCalled();
  });
});
