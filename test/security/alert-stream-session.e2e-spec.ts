import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleDeadlineJob, intendedAt, ManualClock } from '@ehc/deadlines';
import { startApi, XHR, type ApiHarness } from './api-harness.js';
import { openCase } from '../deadlines/support/fixtures.js';

/**
 * The alert stream lives only as long as its session, as the same user in the same role and team.
 * It re-checks before every alert and every SESSION_RECHECK_SECONDS, and closes with `event: session-ended`.
 */
interface Stream {
  text: () => string;
  ended: Promise<void>;
  req: http.ClientRequest;
}

async function openStream(h: ApiHarness, cookie: string): Promise<Stream> {
  const { port } = h.app.getHttpServer().address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const chunks: string[] = [];
    const req = http.get(
      { host: '127.0.0.1', port, path: '/api/alerts/stream', headers: { cookie, accept: 'text/event-stream' } },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (c: string) => chunks.push(c));
        const ended = new Promise<void>((r) => {
          res.on('end', () => r());
          res.on('close', () => r());
        });
        const until = Date.now() + 3000;
        const ready = () =>
          chunks.join('').includes(': connected') || Date.now() > until
            ? resolve({ text: () => chunks.join(''), ended, req })
            : setTimeout(ready, 20);
        ready();
      },
    );
    req.on('error', reject);
  });
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('alert stream: re-checked on every alert', () => {
  let h: ApiHarness;
  const wclock = new ManualClock(new Date('2025-03-03T09:00:00Z'));
  beforeAll(async () => {
    h = await startApi('streamevt'); // the default re-check every 60 s: only the per-alert check can act here
    await h.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('an alert raised after sign-out is not sent; the stream ends', async () => {
    const cookie = await h.login('cw-north-1');
    const caseId = await openCase(h.db.dataSource, {
      teamId: 'north',
      caseworker: 'cw-north-1',
      d0: '2025-01-06',
      today: '2025-03-03',
      reference: 'STREAM-1',
    });
    const s = await openStream(h, cookie);
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...XHR, cookie } })).statusCode,
    ).toBe(204);
    const [{ generation }] = await h.sql(
      `SELECT generation FROM case_deadline WHERE case_id = $1 AND deadline_id = 'final-plan'`,
      [caseId],
    );
    wclock.set(intendedAt('warn14', '2025-05-26'));
    await handleDeadlineJob(
      { ds: h.db.dataSource, clock: wclock, leadDays: h.config.alertLeadDays, finalPlanDays: 140 },
      { caseId, deadlineId: 'final-plan', generation, alert: 'warn14' },
    );
    expect(await within(s.ended, 5000)).toBe(true);
    expect(s.text()).not.toContain('event: alert');
    expect(s.text()).toContain('event: session-ended');
  });
});

describe('alert stream: re-checked every SESSION_RECHECK_SECONDS', () => {
  let h: ApiHarness;
  let admin: string;
  beforeAll(async () => {
    h = await startApi('streamtick', { SESSION_RECHECK_SECONDS: '1' });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await h.login('admin');
  });
  afterAll(async () => {
    await h?.close();
  });

  const userId = async (username: string) =>
    (await h.sql(`SELECT id FROM app_user WHERE username = $1`, [username]))[0].id;
  const patchUser = async (username: string, payload: object) => {
    const r = await h.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${await userId(username)}`,
      headers: { ...XHR, cookie: admin },
      payload,
    });
    expect(r.statusCode).toBe(200);
  };

  it('stays open while the session lives', async () => {
    const s = await openStream(h, await h.login('cw-north-2'));
    expect(await within(s.ended, 2500)).toBe(false);
    s.req.destroy();
  });

  it('closes after sign-out', async () => {
    const cookie = await h.login('cw-north-3');
    const s = await openStream(h, cookie);
    await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...XHR, cookie } });
    expect(await within(s.ended, 3000)).toBe(true);
    expect(s.text()).toContain('event: session-ended');
  });

  it('closes when the account is disabled', async () => {
    const s = await openStream(h, await h.login('cw-east-1'));
    await patchUser('cw-east-1', { disabled: true });
    expect(await within(s.ended, 3000)).toBe(true);
  });

  it('closes on a role change and on a team change', async () => {
    const a = await openStream(h, await h.login('cw-east-2'));
    await patchUser('cw-east-2', { role: 'team-manager' });
    expect(await within(a.ended, 3000)).toBe(true);
    const b = await openStream(h, await h.login('cw-east-3'));
    await patchUser('cw-east-3', { teamId: 'north' });
    expect(await within(b.ended, 3000)).toBe(true);
  });

  it('closes past the idle limit (the stream itself does not keep a session alive)', async () => {
    const s = await openStream(h, await h.login('cw-south-2'));
    h.clock.set(new Date(h.clock.now().getTime() + (h.config.sessionIdleMinutes + 1) * 60_000));
    expect(await within(s.ended, 3000)).toBe(true);
  });

  it('closes past the absolute limit', async () => {
    const cookie = await h.login('cw-south-3');
    const s = await openStream(h, cookie);
    // Active all along (a request every 20 minutes), until the absolute limit passes.
    const end = h.clock.now().getTime() + h.config.sessionAbsoluteHours * 3_600_000;
    for (let t = h.clock.now().getTime() + 20 * 60_000; t < end; t += 20 * 60_000) {
      h.clock.set(new Date(t));
      await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    }
    expect(await within(s.ended, 1500)).toBe(false);
    h.clock.set(new Date(end + 1000));
    expect(await within(s.ended, 3000)).toBe(true);
  });
});
