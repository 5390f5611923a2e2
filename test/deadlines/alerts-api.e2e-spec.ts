// Alerts, the manager's deadline queue and school-closure exception proposals over HTTP, on the real api with
// real sign-in. Alerts are raised by the worker's own handler (no hand-made rows).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleDeadlineJob, intendedAt, ManualClock } from '@ehc/deadlines';
import type { CaseEvent } from '@ehc/workflow';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';
import { openCase } from './support/fixtures.js';

let h: ApiHarness;
const wclock = new ManualClock(new Date('2025-03-03T09:00:00Z'));
let deps: Parameters<typeof handleDeadlineJob>[0];
let caseNorth: string;
let caseSouth: string;
const cookies: Record<string, string> = {};

const get = async (who: string, url: string) => {
  const r = await h.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });
  return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined };
};
const post = async (who: string, url: string, payload?: unknown) => {
  const r = await h.app.inject({
    method: 'POST',
    url,
    headers: { ...XHR, cookie: cookies[who]! },
    payload: payload as any,
  });
  return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : undefined };
};
const gen = async (caseId: string, d: string) =>
  (await h.sql(`SELECT generation FROM case_deadline WHERE case_id = $1 AND deadline_id = $2`, [caseId, d]))[0]
    .generation;

beforeAll(async () => {
  h = await startApi('alertsapi');
  deps = { ds: h.db.dataSource, clock: wclock, leadDays: h.config.alertLeadDays, finalPlanDays: 140 };
  for (const u of ['cw-north-1', 'cw-north-2', 'manager-north', 'manager-south']) cookies[u] = await h.login(u);
  caseNorth = await openCase(h.db.dataSource, {
    teamId: 'north',
    caseworker: 'cw-north-1',
    d0: '2025-01-06',
    today: '2025-01-06',
    reference: 'EHC-2025-NORTH1',
  });
  caseSouth = await openCase(h.db.dataSource, {
    teamId: 'south',
    caseworker: 'cw-south-1',
    d0: '2025-01-06',
    today: '2025-01-06',
    reference: 'EHC-2025-SOUTH1',
  });
  // The 7-day warning, then the miss, of each case's decision whether to assess (due 2025-02-17).
  for (const c of [caseNorth, caseSouth]) {
    const g = await gen(c, 'decision-to-assess');
    wclock.set(intendedAt('warn7', '2025-02-17'));
    await handleDeadlineJob(deps, { caseId: c, deadlineId: 'decision-to-assess', generation: g, alert: 'warn7' });
    wclock.set(new Date(intendedAt('due', '2025-02-17').getTime() + 2 * 86_400_000));
    await handleDeadlineJob(deps, { caseId: c, deadlineId: 'decision-to-assess', generation: g, alert: 'due' });
  }
}, 60_000);
afterAll(async () => h?.close());

describe('GET /api/alerts', () => {
  it('the caseworker sees the alerts of their case, unread first and newest first, with the reference and the child’s name (the message itself names no child)', async () => {
    const r = await get('cw-north-1', '/api/alerts');
    expect(r.status).toBe(200);
    expect(r.body.map((a: any) => [a.reference, a.kind, a.daysBefore])).toEqual([
      ['EHC-2025-NORTH1', 'missed', null],
      ['EHC-2025-NORTH1', 'warning', 7],
    ]);
    expect(r.body[0]).toMatchObject({
      caseId: caseNorth,
      deadlineId: 'decision-to-assess',
      deadlineKind: 'decision-to-assess',
      due: '2025-02-17',
      lateByDays: 2,
      readAt: null,
    });
    expect(r.body[0].message).toContain('EHC-2025-NORTH1');
    expect(r.body[0].message).toMatch(/2 days late/);
    // The team that holds the case may see the child ("the child's name for staff who may see it").
    expect(r.body[0].childName).toBe('Secret Childname');
    expect(r.body.map((a: any) => a.message).join(' ')).not.toMatch(/Secret|Childname/);
  });
  it('another caseworker of the team does not see them; the team manager does; another team’s manager does not', async () => {
    expect((await get('cw-north-2', '/api/alerts')).body).toEqual([]);
    expect((await get('manager-north', '/api/alerts')).body.map((a: any) => a.reference)).toEqual([
      'EHC-2025-NORTH1',
      'EHC-2025-NORTH1',
    ]);
    expect((await get('manager-south', '/api/alerts')).body.every((a: any) => a.reference === 'EHC-2025-SOUTH1')).toBe(
      true,
    );
  });
  it('acknowledging marks it read for me only; unread=true then leaves it out; others’ alerts are not found', async () => {
    const [first] = (await get('cw-north-1', '/api/alerts')).body;
    const ack = await post('cw-north-1', `/api/alerts/${first.id}/ack`);
    expect(ack.status).toBe(200);
    expect(ack.body.readAt).not.toBeNull();
    const unread = (await get('cw-north-1', '/api/alerts?unread=true')).body;
    expect(unread.map((a: any) => a.id)).not.toContain(first.id);
    const all = (await get('cw-north-1', '/api/alerts')).body;
    expect(all[all.length - 1].id).toBe(first.id); // read ones last
    expect((await get('manager-north', '/api/alerts?unread=true')).body.map((a: any) => a.id)).toContain(first.id);
    expect((await post('cw-north-2', `/api/alerts/${first.id}/ack`)).status).toBe(404);
    expect((await post('manager-south', `/api/alerts/${first.id}/ack`)).status).toBe(404);
    expect((await get('cw-north-1', '/api/alerts?unread=maybe')).status).toBe(400);
  });
});

describe('POST /api/alerts/ack-all', () => {
  it('marks every alert I can see read, for me only, and answers how many were unread', async () => {
    const before = (await get('manager-north', '/api/alerts?unread=true')).body.length;
    expect(before).toBeGreaterThan(0);
    const r = await post('manager-north', '/api/alerts/ack-all');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ marked: before });
    expect((await get('manager-north', '/api/alerts?unread=true')).body).toEqual([]);
    expect((await post('manager-north', '/api/alerts/ack-all')).body).toEqual({ marked: 0 });
    // The caseworker's own read state is untouched, and another team's alerts were not marked.
    expect((await get('cw-north-1', '/api/alerts?unread=true')).body.length).toBeGreaterThan(0);
    expect((await get('manager-south', '/api/alerts?unread=true')).body.length).toBeGreaterThan(0);
  });
});

describe('GET /api/alerts/stream', () => {
  it('pushes a new alert to the open browser of its caseworker (LISTEN/NOTIFY) and not to others', async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = h.app.getHttpServer().address() as AddressInfo;
    const open = (who: string) =>
      new Promise<{ chunks: string[]; req: http.ClientRequest; res: http.IncomingMessage }>((resolve, reject) => {
        const chunks: string[] = [];
        const req = http.get(
          {
            host: '127.0.0.1',
            port,
            path: '/api/alerts/stream',
            headers: { cookie: cookies[who]!, accept: 'text/event-stream' },
          },
          (res) => {
            res.setEncoding('utf8');
            res.on('data', (c: string) => chunks.push(c));
            resolve({ chunks, req, res });
          },
        );
        req.on('error', reject);
      });
    const mine = await open('cw-north-1');
    const other = await open('cw-north-2');
    expect(mine.res.statusCode).toBe(200);
    expect(mine.res.headers['content-type']).toMatch(/text\/event-stream/);
    await new Promise((r) => setTimeout(r, 200));
    // The final plan's 14-day warning (due 2025-05-26) is raised now.
    wclock.set(intendedAt('warn14', '2025-05-26'));
    await handleDeadlineJob(deps, {
      caseId: caseNorth,
      deadlineId: 'final-plan',
      generation: await gen(caseNorth, 'final-plan'),
      alert: 'warn14',
    });
    const until = Date.now() + 5000;
    while (!mine.chunks.join('').includes('event: alert') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    const text = mine.chunks.join('');
    expect(text).toContain(': connected');
    const data = JSON.parse(/data: (.*)\n/.exec(text)![1]!);
    expect(data).toMatchObject({
      caseId: caseNorth,
      deadlineId: 'final-plan',
      kind: 'warning',
      daysBefore: 14,
      reference: 'EHC-2025-NORTH1',
    });
    expect(other.chunks.join('')).not.toContain('event: alert');
    mine.req.destroy();
    other.req.destroy();
  });
  it('refuses a user who is not signed in', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/api/alerts/stream' });
    expect(r.statusCode).toBe(401);
  });
});

describe('GET /api/queues/deadlines', () => {
  it('lists every open deadline of my team, overdue first (a missed, unmet deadline stays in the queue), keyset-paged', async () => {
    h.clock.set('2025-03-03T09:00:00Z');
    for (let i = 0; i < 4; i++)
      await openCase(h.db.dataSource, {
        teamId: 'north',
        caseworker: `cw-north-${(i % 2) + 1}`,
        d0: `2025-02-1${i}`,
        today: '2025-03-03',
      });
    const first = await get('manager-north', '/api/queues/deadlines?limit=50');
    expect(first.status).toBe(200);
    const items = first.body.items;
    expect(items[0]).toMatchObject({
      caseId: caseNorth,
      deadlineId: 'decision-to-assess',
      bucket: 'overdue',
      status: 'missed',
      daysLeft: -14,
      caseworker: 'cw-north-1',
    });
    expect(items.every((x: any) => x.caseId !== caseSouth)).toBe(true);
    const dues = items.map((x: any) => x.due);
    expect([...dues].sort()).toEqual(dues);
    // Paging one at a time returns the same rows, each once.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const r: any = await get('manager-north', `/api/queues/deadlines?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...r.body.items.map((x: any) => `${x.caseId}/${x.deadlineId}`));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(items.map((x: any) => `${x.caseId}/${x.deadlineId}`));
    const overdue = (await get('manager-north', '/api/queues/deadlines?bucket=overdue')).body.items;
    expect(overdue.map((x: any) => x.bucket)).toEqual(overdue.map(() => 'overdue'));
    expect(
      (await get('manager-north', '/api/queues/deadlines?caseworker=cw-north-2')).body.items.every(
        (x: any) => x.caseworker === 'cw-north-2',
      ),
    ).toBe(true);
  });
  it('counts the whole filtered queue by bucket (not the page), pages by number, and gives each caseworker’s caseload', async () => {
    h.clock.set('2025-03-03T09:00:00Z');
    const all = (await get('manager-north', '/api/queues/deadlines?limit=200')).body;
    const byBucket = (b: string) => all.items.filter((x: any) => x.bucket === b).length;
    expect(all.items.length).toBeGreaterThan(3);
    // One row a page: the counts are still those of the whole queue.
    const one = (await get('manager-north', '/api/queues/deadlines?limit=1')).body;
    expect(one.items).toHaveLength(1);
    expect(one.counts).toEqual({
      overdue: byBucket('overdue'),
      within7: byBucket('within-7'),
      within14: byBucket('within-14'),
      later: byBucket('later'),
      total: all.items.length,
    });
    expect(one.page).toBe(1);
    expect(one.pageCount).toBe(all.items.length);
    // Page numbers: page 2 of 2-a-page is the third and fourth rows.
    const p2 = (await get('manager-north', '/api/queues/deadlines?limit=2&page=2')).body;
    expect(p2.items.map((x: any) => x.deadlineId + x.caseId)).toEqual(
      all.items.slice(2, 4).map((x: any) => x.deadlineId + x.caseId),
    );
    expect(p2.page).toBe(2);
    // A bucket filter: total is that bucket's size; the other buckets' counts stay (offered as filters).
    const overdue = (await get('manager-north', '/api/queues/deadlines?bucket=overdue&limit=1')).body;
    expect(overdue.counts.total).toBe(byBucket('overdue'));
    expect(overdue.counts.later).toBe(byBucket('later'));
    // A caseworker filter narrows the counts too.
    const cw2 = (await get('manager-north', '/api/queues/deadlines?caseworker=cw-north-2&limit=1')).body;
    expect(cw2.counts.total).toBe(all.items.filter((x: any) => x.caseworker === 'cw-north-2').length);
    // Caseloads: every open case of the team once, and every plan it maintains, by caseworker.
    const open = await h.sql(
      `SELECT caseworker, count(*) FILTER (WHERE NOT closed)::int AS n, count(*) FILTER (WHERE closed)::int AS plans
         FROM case_summary WHERE team_id = 'north' AND (NOT closed OR stage = 'plan-issued') GROUP BY caseworker`,
    );
    const expected = Object.fromEntries(open.map((r: any) => [r.caseworker, [r.n, r.plans]]));
    expect(Object.fromEntries(all.caseloads.map((c: any) => [c.caseworker, [c.openCases, c.maintainedPlans]]))).toEqual(
      expected,
    );
    expect(all.caseloads.find((c: any) => c.caseworker === 'cw-north-1')).toMatchObject({
      caseworkerName: expect.any(String),
      overdueCases: 1,
    });
    expect((await get('manager-north', `/api/queues/deadlines?page=2&cursor=${all.nextCursor ?? 'abc'}`)).status).toBe(
      400,
    );
    expect((await get('manager-north', '/api/queues/deadlines?page=0')).status).toBe(400);
  });
  it('my work: the open deadlines of my own cases, overdue or due within 14 days, soonest first', async () => {
    h.clock.set('2025-03-03T09:00:00Z');
    cookies['cw-north-1'] = await h.login('cw-north-1');
    const r = await get('cw-north-1', '/api/queues/my-work');
    expect(r.status).toBe(200);
    const expected = await h.sql(
      `SELECT d.case_id, d.deadline_id FROM case_deadline d JOIN case_summary s ON s.case_id = d.case_id
        WHERE s.caseworker = 'cw-north-1' AND NOT s.closed AND d.met_on IS NULL AND d.status IN ('pending', 'missed', 'excepted')
          AND d.due <= '2025-03-17' ORDER BY d.due, s.reference, d.deadline_id`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(r.body.map((w: any) => `${w.caseId}/${w.deadlineId}`)).toEqual(
      expected.map((e: any) => `${e.case_id}/${e.deadline_id}`),
    );
    expect(r.body[0]).toMatchObject({
      caseId: caseNorth,
      deadlineId: 'decision-to-assess',
      daysLeft: -14,
      childName: 'Secret Childname',
      today: '2025-03-03',
    });
    expect(r.body.every((w: any) => w.daysLeft <= 14)).toBe(true);
    // Another caseworker's list holds none of these cases.
    const ids = new Set(r.body.map((w: any) => w.caseId));
    expect((await get('cw-north-2', '/api/queues/my-work')).body.some((w: any) => ids.has(w.caseId))).toBe(false);
  });
  it('is for team managers only, and checks its filters', async () => {
    expect((await get('cw-north-1', '/api/queues/deadlines')).status).toBe(403);
    expect((await get('manager-north', '/api/queues/deadlines?bucket=soon')).status).toBe(400);
    expect((await get('manager-north', '/api/queues/deadlines?cursor=bogus')).status).toBe(400);
  });
});

describe('GET /api/cases/:id/exception-proposals', () => {
  it('proposes the school-closure exception for advice asked of a head teacher a week before a 6-week closure (reg 10(4)(a), 13(3)), and it records in one click', async () => {
    h.clock.set('2025-07-22T09:00:00Z');
    for (const u of ['cw-north-1', 'manager-south']) cookies[u] = await h.login(u); // the March sessions have expired
    await h.sql(
      `INSERT INTO school_closure (setting_id, closed_from, reopens_on, description) VALUES (NULL, '2025-07-21', '2025-09-03', 'Summer holiday')`,
    );
    const more = [
      { type: 'DecidedToAssess', date: '2025-06-20' },
      { type: 'AdviceRequested', date: '2025-07-16', adviceId: 'edu1', provider: 'education' },
      { type: 'AdviceRequested', date: '2025-07-16', adviceId: 'ep1', provider: 'psychology' },
    ] as CaseEvent[];
    const id = await openCase(h.db.dataSource, {
      teamId: 'north',
      caseworker: 'cw-north-1',
      d0: '2025-06-02',
      today: '2025-07-22',
      more,
    });
    const r = await get('cw-north-1', `/api/cases/${id}/exception-proposals`);
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(1);
    expect(r.body[0]).toMatchObject({
      kind: 'school-closure',
      from: '2025-07-21',
      to: '2025-09-03',
      adviceId: 'edu1',
      appliesTo: ['no-plan-notice', 'final-plan'], // the 6-week decision period (to 2025-07-14) ended before the closure
      closure: {
        closedFrom: '2025-07-21',
        reopensOn: '2025-09-03',
        adviceWindow: { from: '2025-07-14', to: '2025-08-27' },
      },
    });
    expect((await get('manager-south', `/api/cases/${id}/exception-proposals`)).status).toBe(404);
    const detail = await get('cw-north-1', `/api/cases/${id}`);
    const rec = await post('cw-north-1', `/api/cases/${id}/events`, {
      expectedVersion: detail.body.version,
      event: { ...r.body[0].event, familyInformedOn: '2025-07-22' },
    });
    expect(rec.status).toBe(200);
    expect((await get('cw-north-1', `/api/cases/${id}/exception-proposals`)).body).toEqual([]);
  });

  it('uses the child’s own school’s term dates when the school has a calendar, else the LA-wide default', async () => {
    h.clock.set('2025-07-22T09:00:00Z');
    // the LA default (2025-07-21 to 2025-09-03) is already there; this school breaks up two days later
    await h.sql(
      `INSERT INTO school_closure (setting_id, closed_from, reopens_on, description) VALUES ('URN-140001', '2025-07-23', '2025-09-05', 'Summer holiday (Oakfield)')`,
    );
    const more = [
      { type: 'DecidedToAssess', date: '2025-06-20' },
      { type: 'AdviceRequested', date: '2025-07-16', adviceId: 'edu1', provider: 'education' },
    ] as CaseEvent[];
    const own = await openCase(h.db.dataSource, {
      teamId: 'north',
      caseworker: 'cw-north-1',
      d0: '2025-06-02',
      today: '2025-07-22',
      more,
      school: 'urn-140001',
    });
    const other = await openCase(h.db.dataSource, {
      teamId: 'north',
      caseworker: 'cw-north-1',
      d0: '2025-06-02',
      today: '2025-07-22',
      more,
      school: 'URN-999999',
    });
    const a = await get('cw-north-1', `/api/cases/${own}/exception-proposals`);
    expect(a.body).toHaveLength(1);
    expect(a.body[0]).toMatchObject({
      from: '2025-07-23',
      to: '2025-09-05',
      closure: { settingId: 'URN-140001', adviceWindow: { from: '2025-07-16', to: '2025-08-29' } },
    });
    const b = await get('cw-north-1', `/api/cases/${other}/exception-proposals`);
    expect(b.body).toHaveLength(1);
    expect(b.body[0]).toMatchObject({ from: '2025-07-21', to: '2025-09-03', closure: { settingId: null } });
  });
});
