import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal, type OnInit } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { firstValueFrom } from 'rxjs';

interface Providers {
  local: true;
  oidc: { label: string; loginUrl: string } | null;
}

/** Why the council's sign-in sent the person back here (the api's redirect says only which kind of failure). */
const RETURN_MESSAGES: Record<string, string> = {
  'oidc-no-access':
    'Your council account does not have access to EHC assessments. Ask your administrator to give you a role and a team.',
  'oidc-failed':
    'Signing in with your council account did not work. Try again, or sign in with a username and password.',
};

/**
 * "Sign in with your council account": shown on the sign-in page when the council's identity provider is
 * configured (OpenID Connect, docs/security.md). A plain link: the browser goes to the api, which sends it on to
 * the provider and, on its way back, sets the session cookie.
 */
@Component({
  selector: 'cw-council-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (problem(); as message) {
      <div class="govuk-error-summary" data-module="govuk-error-summary" role="alert" tabindex="-1">
        <div role="alert">
          <h2 class="govuk-error-summary__title">There is a problem</h2>
          <div class="govuk-error-summary__body"><p class="govuk-body" id="council-sign-in-error">{{ message }}</p></div>
        </div>
      </div>
    }
    @if (oidc(); as o) {
      <h2 class="govuk-heading-m">Council account</h2>
      <a class="govuk-button govuk-button--secondary" role="button" draggable="false" [href]="o.loginUrl">{{ o.label }}</a>
      <p class="govuk-body">Or sign in with a username and password above if your council gave you one.</p>
    }
  `,
})
export class CouncilSignIn implements OnInit {
  private readonly http = inject(HttpClient);
  private readonly route = inject(ActivatedRoute, { optional: true });
  protected readonly oidc = signal<Providers['oidc']>(null);
  protected readonly problem = signal<string | null>(null);

  async ngOnInit(): Promise<void> {
    const error = this.route?.snapshot.queryParamMap.get('error');
    this.problem.set(error ? (RETURN_MESSAGES[error] ?? null) : null);
    try {
      this.oidc.set((await firstValueFrom(this.http.get<Providers>('/api/auth/providers'))).oidc);
    } catch {
      this.oidc.set(null); // no council sign-in offered (or the api is unreachable: the password form still shows)
    }
  }
}
