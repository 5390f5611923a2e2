import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { LoginRequest, Me, Role } from '@ehc/contracts';

/** The signed-in user, as the server reports it. `undefined` = not asked yet; `null` = signed out. */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly http = inject(HttpClient);
  private readonly current = signal<Me | null | undefined>(undefined);
  private pending: Promise<Me | null> | null = null;

  readonly me = this.current.asReadonly();
  readonly role = computed<Role | null>(() => this.current()?.role ?? null);

  /** Asks the server once who is signed in (the session cookie is httpOnly, so only the server knows). */
  load(): Promise<Me | null> {
    const known = this.current();
    if (known !== undefined) return Promise.resolve(known);
    this.pending ??= firstValueFrom(this.http.get<Me>('/api/auth/me'))
      .catch((err: unknown) => {
        if (err instanceof HttpErrorResponse && err.status === 401) return null;
        throw err;
      })
      .then((me) => {
        this.current.set(me);
        return me;
      })
      .finally(() => (this.pending = null));
    return this.pending;
  }

  async signIn(credentials: LoginRequest): Promise<Me> {
    const me = await firstValueFrom(this.http.post<Me>('/api/auth/login', credentials));
    this.current.set(me);
    return me;
  }

  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>('/api/auth/logout', {}));
    } finally {
      this.current.set(null);
    }
  }

  /** Called when any request comes back 401: the session has ended on the server. */
  expired(): void {
    this.current.set(null);
  }
}

/** Where each role lands after signing in. */
export function homeFor(role: Role): string {
  switch (role) {
    case 'caseworker':
      return '/caseload';
    case 'team-manager':
      return '/queue';
    case 'board':
      return '/board';
    case 'admin':
      return '/admin';
  }
}
