import { randomUUID } from 'node:crypto';
import { EVENT_FIELDS } from '@ehc/workflow';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';

/**
 * The case API over HTTP against the real api and database: a caseworker takes a case from request to final
 * plan, and every wrong command is refused with the right status and stores nothing.
 */
describe('case API (e2e)', () => {
  let h: ApiHarness;
  let cw: string; // cw-north-1
  let other: string; // cw-south-1
  let manager: string; // manager-north

  const call = (
    cookie: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) => h.app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR, ...headers } });

  const openCase = async (date = '2025-03-03') => {
    const res = await call(cw, 'POST', '/api/cases', {
      teamId: 'north',
      child: { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '2015-03-02', postcode: 'CV34 4RL' },
      request: { date, source: 'parent' },
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  const append = async (
    cookie: string,
    id: string,
    version: number,
    event: Record<string, unknown>,
    eventId?: string,
  ) => call(cookie, 'POST', `/api/cases/${id}/events`, { expectedVersion: version, eventId, event });

  beforeAll(async () => {
    h = await startApi('casesapi');
    [cw, other, manager] = await Promise.all([h.login('cw-north-1'), h.login('cw-south-1'), h.login('manager-north')]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('opens a case from a request: stage, the statutory deadlines of docs/law.md#counting-days and the events allowed now', async () => {
    const c = await openCase();
    expect(c).toMatchObject({
      stage: 'awaiting-decision-to-assess',
      caseworker: 'cw-north-1',
      receivedOn: '2025-03-03',
      version: 2,
    });
    expect(c.reference).toMatch(/^EHC-2025-[A-Z2-9]{6}$/);
    const due = Object.fromEntries(c.deadlines.map((d: any) => [d.kind, d.due]));
    expect(due).toMatchObject({ 'decision-to-assess': '2025-04-14', 'final-plan': '2025-07-21' }); // reg 5(1), reg 13(2)
    expect(c.allowedEvents.map((a: any) => a.type)).toEqual(
      expect.arrayContaining(['DecidedToAssess', 'DecidedNotToAssess', 'RequestWithdrawn']),
    );
    expect(c.allowedEvents.map((a: any) => a.type)).not.toContain('DeadlineMissed');
    // The forms' fields are the domain vocabulary's own (libs/workflow EVENT_FIELDS), `many` included: the web
    // builds its checkboxes from it rather than a list of its own.
    // (The server leaves out what cannot apply to this case — fields, enum options — and changes nothing else.)
    const exception = c.allowedEvents.find((a: any) => a.type === 'ExceptionRecorded');
    for (const f of exception.fields) {
      const { options, ...spec } = JSON.parse(
        JSON.stringify(EVENT_FIELDS.ExceptionRecorded.find((x) => x.name === f.name)),
      );
      const { options: served, ...rest } = f;
      expect(rest).toEqual(spec);
      if (served) expect(options).toEqual(expect.arrayContaining(served));
    }
    expect(exception.fields.find((f: any) => f.name === 'appliesTo')).toMatchObject({ many: true });
    expect(c.allowedEvents.find((a: any) => a.type === 'DecidedNotToAssess').fields).toEqual(
      JSON.parse(JSON.stringify(EVENT_FIELDS.DecidedNotToAssess)),
    );
  });

  it('takes a case from request to final plan, and the timeline shows every step', async () => {
    let c = await openCase();
    // Moving the clock days ahead ends the session (idle timeout), so sign in again at each new date.
    const at = async (clockDate: string) => {
      h.clock.set(`${clockDate}T10:00:00Z`);
      cw = await h.login('cw-north-1');
    };
    const step = async (clockDate: string, event: Record<string, unknown>) => {
      await at(clockDate);
      const res = await append(cw, c.id, c.version, { date: clockDate, ...event });
      expect({ status: res.statusCode, body: res.statusCode === 200 ? 'ok' : res.json() }).toEqual({
        status: 200,
        body: 'ok',
      });
      c = res.json();
    };
    await step('2025-04-01', { type: 'DecidedToAssess' });
    await step('2025-04-02', { type: 'AdviceRequested', adviceId: 'ep', provider: 'psychology' });
    expect(c.deadlines.find((d: any) => d.id === 'advice-ep')).toMatchObject({ due: '2025-05-14', status: 'pending' }); // reg 8(1)
    await step('2025-05-10', { type: 'AdviceReceived', adviceId: 'ep' });
    // reg 6(1): the LA cannot decide whether to issue before it has sought (a)-(e)
    await at('2025-06-10');
    const tooSoon = await append(cw, c.id, c.version, { type: 'DecidedToIssue', date: '2025-06-10' });
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.json()).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      message: expect.stringMatching(/reg 6\(1\) \(a\), \(b\), \(c\), \(e\)/),
    });
    for (const provider of ['parent', 'education', 'health', 'social-care'])
      await step('2025-06-10', { type: 'AdviceRequested', adviceId: provider, provider });
    await step('2025-06-10', { type: 'DecidedToIssue' });
    await step('2025-06-23', { type: 'DraftPlanIssued' });
    // reg 13(1): 15 days beginning with the day of service; finalising on 2025-07-07 is refused with a reason.
    await at('2025-07-07');
    const early = await append(cw, c.id, c.version, {
      type: 'FinalPlanIssued',
      date: '2025-07-07',
      placement: 'mainstream',
    });
    expect([409, 422]).toContain(early.statusCode);
    expect(early.json().message).toMatch(/2025-07-08|15/);
    await step('2025-07-08', { type: 'FinalPlanIssued', placement: 'mainstream' });
    expect(c.stage).toBe('plan-issued');
    expect(c.deadlines.find((d: any) => d.kind === 'final-plan')).toMatchObject({ status: 'met', metOn: '2025-07-08' });
    const tl = await call(cw, 'GET', `/api/cases/${c.id}/events`);
    expect(tl.statusCode).toBe(200);
    expect(tl.json().map((e: any) => e.type)).toEqual([
      'FinalPlanIssued',
      'DraftPlanIssued',
      'DecidedToIssue',
      'AdviceRequested',
      'AdviceRequested',
      'AdviceRequested',
      'AdviceRequested',
      'AdviceReceived',
      'AdviceRequested',
      'DecidedToAssess',
      'CaseworkerAssigned',
      'RequestReceived',
    ]);
    h.clock.set('2025-03-03T09:00:00Z');
    cw = await h.login('cw-north-1');
  });

  it('s36(1), regs 63-64: POST /cases refuses who the law does not allow to ask, naming the field, never the date of birth', async () => {
    const open = (child: Record<string, unknown>, request: Record<string, unknown>) =>
      call(cw, 'POST', '/api/cases', {
        teamId: 'north',
        child: { givenName: 'Ada', familyName: 'Lovelace', ...child },
        request: { date: '2025-03-03', ...request },
      });
    const child = await open({ dateOfBirth: '2015-03-02' }, { source: 'young-person' });
    expect(child.statusCode).toBe(400);
    expect(child.json()).toMatchObject({
      code: 'INVALID_EVENT',
      errors: [expect.objectContaining({ field: 'request.source' })],
    });
    const unborn = await open({ dateOfBirth: '2025-04-01' }, { source: 'parent' });
    expect(unborn.statusCode).toBe(422);
    expect(JSON.stringify(unborn.json())).not.toContain('2025-04-01');
    const forYoungPerson = await open({ dateOfBirth: '2007-01-02' }, { source: 'parent' });
    expect(forYoungPerson.json()).toMatchObject({
      errors: [expect.objectContaining({ field: 'request.parentActsAs' })],
    });
    const asAlternative = await open(
      { dateOfBirth: '2007-01-02' },
      { source: 'parent', parentActsAs: 'alternative-person' },
    );
    expect(asAlternative.statusCode).toBe(201);
    const rows = await h.sql(`SELECT data FROM case_event WHERE case_id = $1 AND type = 'RequestReceived'`, [
      asAlternative.json().id,
    ]);
    expect(rows[0].data).toMatchObject({ parentActsAs: 'alternative-person', year9From: '2020-09-01' });
    // s24(1): who brought a child to the council's attention, kept on the request; refused with any other source
    const byHealth = await open({ dateOfBirth: '2022-05-02' }, { source: 'brought-to-attention', broughtBy: 'health' });
    expect(byHealth.statusCode).toBe(201);
    const broughtRows = await h.sql(`SELECT data FROM case_event WHERE case_id = $1 AND type = 'RequestReceived'`, [
      byHealth.json().id,
    ]);
    expect(broughtRows[0].data).toMatchObject({ source: 'brought-to-attention', broughtBy: 'health' });
    const byParentWithReferrer = await open({ dateOfBirth: '2015-05-02' }, { source: 'parent', broughtBy: 'health' });
    expect(byParentWithReferrer.statusCode).toBe(400);
    expect(byParentWithReferrer.json()).toMatchObject({
      errors: [expect.objectContaining({ field: 'request.broughtBy' })],
    });
    const unknownReferrer = await open(
      { dateOfBirth: '2022-05-02' },
      { source: 'brought-to-attention', broughtBy: 'gp' },
    );
    expect(unknownReferrer.statusCode).toBe(400);
    expect(JSON.stringify(unknownReferrer.json())).toContain('broughtBy must be one of: education-setting, health');
  });

  it('reg 45: an unopposed appeal over HTTP — its own clocks from the day the LA told the Tribunal; the 20 weeks superseded; the notice met on the day sent', async () => {
    const c0 = await openCase('2025-01-06');
    let c = c0;
    const step = async (event: Record<string, unknown>) => {
      const res = await append(cw, c.id, c.version, event);
      expect({ status: res.statusCode, body: res.statusCode === 200 ? 'ok' : res.json() }).toEqual({
        status: 200,
        body: 'ok',
      });
      c = res.json();
    };
    await step({ type: 'DecidedNotToAssess', date: '2025-02-03', reasons: 'needs met at SEN support' });
    await step({
      type: 'NoticeSent',
      date: '2025-02-05',
      notice: 'decision-not-to-assess',
      sentTo: 'parent',
      appealInformation: 'included',
    });
    await step({ type: 'TribunalAppealRegistered', date: '2025-02-10', against: 'refusal-to-assess' });
    expect(
      c.allowedEvents.find((a: any) => a.type === 'AppealNotOpposed')?.fields.find((f: any) => f.name === 'against')
        ?.options,
    ).toEqual(['refusal-to-assess']);
    await step({ type: 'AppealNotOpposed', date: '2025-02-20', against: 'refusal-to-assess' });
    expect(c.stage).toBe('awaiting-decision-to-assess');
    const byId = Object.fromEntries(c.deadlines.map((d: any) => [d.id, d]));
    expect(byId['decision-to-assess']).toMatchObject({ status: 'met', metOn: '2025-02-05' }); // met on the day the notice was sent
    expect(byId['unopposed-notify-assess']).toMatchObject({ due: '2025-03-06', regulation: 'reg 45(3)' });
    expect(byId['unopposed-final-plan']).toMatchObject({ due: '2025-05-29', regulation: 'reg 45(3A)(b)' });
    expect(byId['final-plan']).toMatchObject({ status: 'not-applicable' });
    const refuse = await append(cw, c.id, c.version, {
      type: 'DecidedNotToAssess',
      date: '2025-02-21',
      reasons: 'again',
    });
    expect(refuse.statusCode).toBe(409);
  });

  it('409 with the allowed events when an event is not allowed in this state; nothing stored', async () => {
    const c = await openCase();
    const res = await append(cw, c.id, c.version, { type: 'DraftPlanIssued', date: '2025-03-03' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      allowed: expect.arrayContaining(['DecidedToAssess']),
    });
    expect((await h.sql(`SELECT version FROM ehc_case WHERE id = $1`, [c.id]))[0].version).toBe(c.version);
  });

  it('422 when a date breaks the law’s order (before the request; in the future)', async () => {
    const c = await openCase();
    const before = await append(cw, c.id, c.version, { type: 'DecidedToAssess', date: '2025-03-01' });
    expect(before.statusCode).toBe(422);
    expect(before.json().code).toBe('DATE_ORDER');
    const future = await append(cw, c.id, c.version, { type: 'DecidedToAssess', date: '2025-03-04' });
    expect(future.statusCode).toBe(422);
    expect(future.json().code).toBe('DATE_IN_FUTURE');
  });

  it('400 with field messages for a malformed event: unknown field, bad date, bad enum, missing expectedVersion', async () => {
    const c = await openCase();
    const extra = await append(cw, c.id, c.version, { type: 'DecidedToAssess', date: '2025-03-03', colour: 'red' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'event.colour' })]));
    const badDate = await append(cw, c.id, c.version, { type: 'DecidedToAssess', date: '2025-02-30' });
    expect(badDate.json().errors[0]).toMatchObject({
      field: 'event.date',
      message: expect.stringMatching(/YYYY-MM-DD/),
    });
    const badEnum = await append(cw, c.id, c.version, {
      type: 'AdviceRequested',
      date: '2025-03-03',
      adviceId: 'x',
      provider: 'astrology',
    });
    expect(badEnum.json().errors[0].message).toMatch(/provider must be one of: parent, education/);
    const unknownType = await append(cw, c.id, c.version, { type: 'DeadlineMissed', date: '2025-03-03' });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json().message).toMatch(/recorded by the system/);
    const noVersion = await call(cw, 'POST', `/api/cases/${c.id}/events`, {
      event: { type: 'DecidedToAssess', date: '2025-03-03' },
    });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().errors.map((e: any) => e.field)).toContain('expectedVersion');
  });

  it('409 VERSION_CONFLICT for a stale version; a retry with the same eventId is applied once', async () => {
    const c = await openCase();
    const eventId = randomUUID();
    const first = await append(cw, c.id, c.version, { type: 'DecidedToAssess', date: '2025-03-03' }, eventId);
    expect(first.statusCode).toBe(200);
    const retry = await append(cw, c.id, c.version, { type: 'DecidedToAssess', date: '2025-03-03' }, eventId);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().version).toBe(c.version + 1);
    const stale = await append(cw, c.id, c.version, {
      type: 'AdviceRequested',
      date: '2025-03-03',
      adviceId: 'ep',
      provider: 'psychology',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: c.version + 1 });
  });

  it('another team’s case is not found (no existence leak); a bad id is a 400', async () => {
    const c = await openCase();
    expect((await call(other, 'GET', `/api/cases/${c.id}`)).statusCode).toBe(404);
    expect((await append(other, c.id, c.version, { type: 'DecidedToAssess', date: '2025-03-03' })).statusCode).toBe(
      404,
    );
    expect((await call(cw, 'GET', `/api/cases/not-a-uuid`)).statusCode).toBe(400);
  });

  it('reassignment: a manager assigns any caseworker of the team; a caseworker only themselves; unknown users are refused', async () => {
    const c = await openCase();
    const ok = await append(manager, c.id, c.version, {
      type: 'CaseworkerAssigned',
      date: '2025-03-03',
      caseworker: 'cw-north-2',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      caseworker: 'cw-north-2',
      caseworkerName: expect.stringMatching(/caseworker 2/),
    });
    const notSelf = await append(cw, c.id, ok.json().version, {
      type: 'CaseworkerAssigned',
      date: '2025-03-03',
      caseworker: 'cw-north-3',
    });
    expect(notSelf.statusCode).toBe(403);
    const otherTeam = await append(manager, c.id, ok.json().version, {
      type: 'CaseworkerAssigned',
      date: '2025-03-03',
      caseworker: 'cw-south-1',
    });
    expect(otherTeam.statusCode).toBe(422);
  });

  it('lists my open cases by next deadline with cursor paging, filters, and names only my team', async () => {
    for (let i = 0; i < 5; i++) await openCase(`2025-0${i < 3 ? 1 : 2}-0${i + 1}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(cw, 'GET', `/api/cases?caseworker=me&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json();
      seen.push(...page.items.map((i: any) => i.nextDeadline?.due ?? '9999'));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect([...seen].sort()).toEqual(seen);
    const overdue = (await call(cw, 'GET', '/api/cases?overdue=true')).json();
    expect(overdue.items.every((i: any) => i.nextDeadline.due < '2025-03-03')).toBe(true);
    const south = (await call(other, 'GET', '/api/cases')).json();
    expect(south.items).toEqual([]);
    const bad = await call(cw, 'GET', '/api/cases?sort=name&limit=9999');
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: any) => e.field)
        .sort(),
    ).toEqual(['limit', 'sort']);
  });

  it('searches my team’s cases by the child’s name, date of birth, UPN and reference, sent in the body (POST), never in the URL', async () => {
    const make = async (child: Record<string, unknown>) => {
      const res = await call(cw, 'POST', '/api/cases', {
        teamId: 'north',
        child,
        request: { date: '2025-03-03', source: 'parent' },
      });
      expect(res.statusCode).toBe(201);
      return res.json();
    };
    const wright = await make({
      givenName: 'Noah',
      familyName: 'Wright',
      dateOfBirth: '2014-06-09',
      upn: 'A123456789012',
    });
    const double = await make({ givenName: 'Mia', familyName: 'Carter-Wrighton', dateOfBirth: '2016-01-20' });
    await make({ givenName: 'Wrigley', familyName: 'Jones', dateOfBirth: '2013-02-02' });
    const search = async (cookie: string, body: Record<string, unknown>) =>
      call(cookie, 'POST', '/api/cases/search', body);
    const ids = async (body: Record<string, unknown>) => {
      const r = await search(cw, body);
      expect(r.statusCode).toBe(200);
      return r
        .json()
        .items.map((i: any) => i.id)
        .sort();
    };
    expect(await ids({ name: 'Wright' })).toEqual([double.id, wright.id].sort()); // family name, or a part of a double-barrelled one
    expect(await ids({ name: 'wright' })).toEqual([double.id, wright.id].sort());
    expect(await ids({ name: 'noah WRI' })).toEqual([wright.id]);
    expect(await ids({ name: 'Wrig' })).toHaveLength(3); // also the given name Wrigley
    expect(await ids({ dateOfBirth: '2014-06-09' })).toEqual([wright.id]);
    expect(await ids({ upn: 'a123456789012' })).toEqual([wright.id]);
    expect(await ids({ reference: wright.reference.slice(0, -1) })).toContain(wright.id);
    expect(await ids({ name: 'Wright', dateOfBirth: '2016-01-20' })).toEqual([double.id]);
    expect(await ids({ name: '%' + 'right' })).toEqual([]); // a LIKE wildcard is matched literally
    // Only my team's cases; the list's own filters still apply; bad input names the field.
    expect((await search(other, { name: 'Wright' })).json().items).toEqual([]);
    expect((await search(cw, { name: 'Wright', stage: 'not-a-stage' })).statusCode).toBe(400);
    const bad = await search(cw, { dateOfBirth: '9 June 2014', upn: '123' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: any) => e.field)
        .sort(),
    ).toEqual(['dateOfBirth', 'upn']);
    expect(JSON.stringify(bad.json())).not.toContain('9 June 2014');
    // The audit row records that a search was made, not what was searched for.
    const audit = await h.sql(`SELECT detail::text AS d FROM audit_event WHERE action = 'case.search'`);
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.map((a: any) => a.d).join(' ')).not.toMatch(/Wright|2014-06-09|A123456789012/i);
  });

  it('imports NDJSON for the manager’s team: accepted, rejected with line/reference/reason, identical re-import unchanged', async () => {
    const line = (ref: string, final: string) =>
      JSON.stringify({
        reference: ref,
        child: { givenName: 'Bo', familyName: 'Peep', dateOfBirth: '2016-01-01' },
        events: [
          { type: 'RequestReceived', date: '2024-01-08', source: 'parent' },
          { type: 'DecidedToAssess', date: '2024-02-12' },
          ...['parent', 'education', 'health', 'psychology', 'social-care'].map((provider) => ({
            type: 'AdviceRequested',
            date: '2024-02-13',
            adviceId: provider,
            provider,
          })),
          { type: 'DecidedToIssue', date: '2024-04-15' },
          { type: 'DraftPlanIssued', date: '2024-04-22' },
          { type: 'FinalPlanIssued', date: final, placement: 'mainstream' },
        ],
      });
    const body = [line('HIST-1', '2024-05-20'), line('HIST-2', '2024-04-25'), ''].join('\n');
    const res = await call(manager, 'POST', '/api/imports', body, { 'content-type': 'application/x-ndjson' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 1, unchanged: 0, rejected: [{ line: 2, reference: 'HIST-2' }] });
    const again = await call(manager, 'POST', '/api/imports', body, { 'content-type': 'application/x-ndjson' });
    expect(again.json()).toMatchObject({ accepted: 0, unchanged: 1 });
    expect((await call(cw, 'POST', '/api/imports', body, { 'content-type': 'application/x-ndjson' })).statusCode).toBe(
      403,
    );
    const json = await call(manager, 'POST', '/api/imports', { a: 1 });
    expect(json.statusCode).toBe(415);
  });
});
