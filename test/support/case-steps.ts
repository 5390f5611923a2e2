import type { ApiHarness } from '../security/api-harness.js';
import { XHR } from '../security/api-harness.js';

/**
 * One case recorded step by step over HTTP, as a caseworker would (the e2e tests of the plan's events): each step moves
 * the fixed clock to its date, signs in again (a clock moved days ahead ends the session) and posts the event with the
 * case version last seen; a step that is not accepted fails the test with the problem the api answered.
 */
export class CaseSteps {
  cookie = '';
  /** The case as the api last answered it (its id, version, plan …). */
  case: any;

  constructor(
    private readonly h: ApiHarness,
    private readonly user = 'cw-north-1',
  ) {}

  call(method: 'GET' | 'POST', url: string, payload?: unknown) {
    return this.h.app.inject({ method, url, payload: payload as any, headers: { cookie: this.cookie, ...XHR } });
  }

  append(event: Record<string, unknown>) {
    return this.call('POST', `/api/cases/${this.case.id}/events`, { expectedVersion: this.case.version, event });
  }

  async at(clockDate: string): Promise<void> {
    this.h.clock.set(`${clockDate}T10:00:00Z`);
    this.cookie = await this.h.login(this.user);
  }

  async step(clockDate: string, event: Record<string, unknown>): Promise<void> {
    await this.at(clockDate);
    const res = await this.append({ date: clockDate, ...event });
    expect({ status: res.statusCode, body: res.statusCode === 200 ? 'ok' : res.json() }).toEqual({
      status: 200,
      body: 'ok',
    });
    this.case = res.json();
  }
}
