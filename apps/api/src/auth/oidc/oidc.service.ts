import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as client from 'openid-client';
import { Clock, type AppConfig, type OidcConfig } from '@ehc/platform';
import type { Me } from '@ehc/contracts';
import { APP_CONFIG } from '../../database/database.module.js';
import { AuditService } from '../../audit/audit.service.js';
import { SessionService } from '../session.service.js';
import { UserDirectory } from '../user-directory.js';
import { mapClaims, type Refusal } from './claims-mapping.js';
import { insertOidcLogin, takeOidcLogin, teamIds, upsertOidcAccount } from '@ehc/persistence';

/** How long a sign-in may stay at the provider before its state is forgotten. */
export const OIDC_LOGIN_MINUTES = 10;

export class OidcSignInRefused extends Error {
  constructor(readonly reason: Refusal | 'unknown-state' | 'provider-error' | 'disabled' | 'username-taken') {
    super(`council sign-in refused: ${reason}`);
  }
}

/**
 * Council sign-in (OpenID Connect authorization code flow with PKCE, openid-client). start() sends the browser to
 * the provider with a one-use state, a nonce and a PKCE challenge kept server-side; finish() checks the answer
 * (state, nonce, ID token signature and audience are verified by openid-client), maps the claims to a role and
 * team, and opens the same server-side session as a password sign-in.
 */
@Injectable()
export class OidcService {
  private discovered?: Promise<client.Configuration>;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(UserDirectory) private readonly directory: UserDirectory,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  get settings(): OidcConfig | null {
    return this.config.oidc;
  }

  /** The provider's metadata, fetched once (and again after a failure). */
  private provider(o: OidcConfig): Promise<client.Configuration> {
    this.discovered ??= (async () => {
      const issuer = new URL(o.issuer);
      const auth = o.clientSecret ? client.ClientSecretPost(o.clientSecret) : client.None();
      // http only for a provider on this machine (loadOidcConfig refuses it otherwise).
      const execute = issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [];
      return client.discovery(issuer, o.clientId, undefined, auth, { execute });
    })().catch((e) => {
      this.discovered = undefined;
      throw e;
    });
    return this.discovered;
  }

  async start(): Promise<URL> {
    const o = this.config.oidc!;
    const cfg = await this.provider(o);
    const state = client.randomState();
    const nonce = client.randomNonce();
    const verifier = client.randomPKCECodeVerifier();
    const now = this.clock.now();
    await insertOidcLogin(
      this.ds,
      { state, codeVerifier: verifier, nonce, at: now },
      new Date(now.getTime() - OIDC_LOGIN_MINUTES * 60_000),
    );
    return client.buildAuthorizationUrl(cfg, {
      redirect_uri: o.redirectUri,
      scope: o.scopes,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
  }

  /** The provider sent the browser back with `query`: a session for the mapped account, or OidcSignInRefused. */
  async finish(
    query: Record<string, unknown>,
    ip: string,
    userAgent: string | null,
  ): Promise<{ token: string; me: Me }> {
    const o = this.config.oidc!;
    const state = typeof query.state === 'string' ? query.state : '';
    const now = this.clock.now();
    // One use only, and only while fresh: a replayed or forged answer finds no state.
    const pending = state
      ? await takeOidcLogin(this.ds, state, new Date(now.getTime() - OIDC_LOGIN_MINUTES * 60_000))
      : undefined;
    const refuse = async (
      reason: OidcSignInRefused['reason'],
      actor: { id: string; username: string; role: string } | null = null,
      extra: Record<string, unknown> = {},
    ) => {
      await this.audit.record({
        user: actor,
        action: 'auth.login-failed',
        detail: { method: 'oidc', reason, ...extra },
        ip,
      });
      return new OidcSignInRefused(reason);
    };
    if (!pending) throw await refuse('unknown-state');
    let claims: Record<string, unknown>;
    try {
      const cfg = await this.provider(o);
      const url = new URL(o.redirectUri);
      for (const [k, v] of Object.entries(query)) if (typeof v === 'string') url.searchParams.set(k, v);
      const tokens = await client.authorizationCodeGrant(cfg, url, {
        pkceCodeVerifier: pending.code_verifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = { ...(tokens.claims() ?? {}) };
      // Some providers put role and group claims in UserInfo only.
      if (
        claims[o.roleClaim] === undefined &&
        cfg.serverMetadata().userinfo_endpoint &&
        typeof claims.sub === 'string'
      ) {
        claims = { ...(await client.fetchUserInfo(cfg, tokens.access_token, claims.sub)), ...claims };
      }
    } catch (e) {
      throw await refuse('provider-error', null, { error: (e as { code?: string }).code ?? (e as Error).name });
    }
    const teams = new Set<string>(await teamIds(this.ds));
    const mapped = mapClaims(claims, o, teams);
    if ('refused' in mapped) throw await refuse(mapped.refused);

    // Bound to (issuer, subject); role, team and name follow the provider at every sign-in.
    const account =
      (await this.ds.transaction((tx) =>
        upsertOidcAccount(
          tx,
          {
            issuer: o.issuer,
            subject: mapped.subject,
            username: mapped.username,
            displayName: mapped.displayName,
            role: mapped.role,
            team: mapped.team,
          },
          now,
        ),
      )) ?? null;
    const actor = account && { id: account.id, username: mapped.username, role: mapped.role };
    // A local account with that username is never taken over: an admin renames one of them.
    if (!account) throw await refuse('username-taken', null, { username: mapped.username });
    if (account.disabled) throw await refuse('disabled', actor);
    const { token, sessionId } = await this.sessions.start(account.id, ip, userAgent);
    await this.audit.record({
      user: actor,
      action: 'auth.login',
      detail: { method: 'oidc', session: sessionId.slice(0, 12) },
      ip,
    });
    return { token, me: (await this.directory.me(account.id))! };
  }
}
