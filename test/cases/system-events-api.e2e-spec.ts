import { handleDeadlineJob, ManualClock } from '@ehc/deadlines';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';

/**
 * Over HTTP, with the api's case cache in play: the worker records DeadlineMissed on a case the caseworker has open;
 * the caseworker's next command, sent at the version they loaded, is applied (decided again on the newer case), not
 * refused with "someone else changed this case". A person's change in between is still a 409.
 */
describe('system events never block a person (e2e)', () => {
  let h: ApiHarness;
  let cw: string;
  let manager: string;
  const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR } });

  beforeAll(async () => {
    h = await startApi('sysevents');
    [cw, manager] = await Promise.all([h.login('cw-north-1'), h.login('manager-north')]);
  });
  afterAll(async () => {
    await h.close();
  });

  const missedCase = async () => {
    const c = (
      await call(cw, 'POST', '/api/cases', {
        teamId: 'north',
        child: { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-03-02' },
        request: { date: '2025-01-06', source: 'parent' },
      })
    ).json();
    await call(cw, 'GET', `/api/cases/${c.id}`); // the api now holds the case at this version
    const [{ generation }] = await h.sql(
      `SELECT generation FROM case_deadline WHERE case_id = $1 AND deadline_id = 'decision-to-assess'`,
      [c.id],
    );
    const deps = {
      ds: h.db.dataSource,
      clock: new ManualClock(h.clock.now()),
      leadDays: { default: [14, 7] },
      finalPlanDays: h.config.finalPlanDays,
    };
    expect(
      await handleDeadlineJob(deps, { caseId: c.id, deadlineId: 'decision-to-assess', generation, alert: 'due' }),
    ).toMatchObject({ kind: 'raised', missed: 'recorded' });
    return c;
  };

  it('the caseworker’s command at the version before the miss is applied', async () => {
    const c = await missedCase();
    const res = await call(cw, 'POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: { type: 'DecidedToAssess', date: '2025-03-03' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ stage: 'assessing', version: c.version + 2 });
  });

  it('a person’s event in between is a 409', async () => {
    const c = await missedCase();
    expect(
      (
        await call(manager, 'POST', `/api/cases/${c.id}/events`, {
          expectedVersion: c.version + 1,
          event: { type: 'CaseworkerAssigned', date: '2025-03-03', caseworker: 'cw-north-2' },
        })
      ).statusCode,
    ).toBe(200);
    const res = await call(cw, 'POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: { type: 'DecidedToAssess', date: '2025-03-03' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: c.version + 2 });
  });
});
