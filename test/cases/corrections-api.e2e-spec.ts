import { randomUUID } from 'node:crypto';
import { rebuildProjections } from '@ehc/persistence';
import { withRequiredAdvice, type CaseEvent } from '@ehc/workflow';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';

/**
 * Corrections over HTTP (docs/corrections.md): a final plan entered with the wrong date is corrected after the plan;
 * the case, its deadlines and its wake-up jobs follow the corrected history in the same commit; an unlawful correction
 * is refused with the statechart's reason and stores nothing; the importer takes corrections in a line.
 */
describe('corrections (e2e)', () => {
  let h: ApiHarness;
  let cw: string;
  let manager: string;
  let other: string;
  const call = (
    cookie: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) => h.app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR, ...headers } });
  const D0 = '2024-01-08';
  const history = (final: string) => [
    { type: 'RequestReceived', date: D0, source: 'parent' },
    { type: 'DecidedToAssess', date: '2024-02-12' },
    { type: 'DecidedToIssue', date: '2024-04-15' },
    { type: 'DraftPlanIssued', date: '2024-04-22' },
    { type: 'FinalPlanIssued', date: final, placement: 'mainstream' },
  ];
  // Every advice reg 6(1) requires is sought before the decision to issue (withRequiredAdvice adds what a history lacks).
  const line = (ref: string, events: unknown[]) =>
    JSON.stringify({
      reference: ref,
      child: { givenName: 'Bo', familyName: 'Peep', dateOfBirth: '2016-01-01' },
      events: withRequiredAdvice(events as CaseEvent[]),
    });
  const importLines = (...lines: string[]) =>
    call(manager, 'POST', '/api/imports', lines.join('\n'), { 'content-type': 'application/x-ndjson' });
  const caseOf = async (ref: string) => {
    const [row] = await h.sql(`SELECT id FROM ehc_case WHERE reference = $1`, [ref]);
    return (await call(cw, 'GET', `/api/cases/${row.id}`)).json();
  };
  const timeline = async (id: string) => (await call(cw, 'GET', `/api/cases/${id}/events`)).json();
  const finalPlan = (c: any) => c.deadlines.find((d: any) => d.kind === 'final-plan');

  beforeAll(async () => {
    h = await startApi('corrections');
    [cw, manager, other] = await Promise.all([h.login('cw-north-1'), h.login('manager-north'), h.login('cw-south-1')]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('a final plan’s date corrected after the plan: 200, the 20-week deadline is met, the projections and jobs follow', async () => {
    expect((await importLines(line('CORR-1', history('2024-06-10')))).json()).toMatchObject({ accepted: 1 }); // day 154: late
    let c = await caseOf('CORR-1');
    expect(finalPlan(c)).toMatchObject({ due: '2024-05-27', status: 'missed' });
    const plan = (await timeline(c.id)).find((e: any) => e.type === 'FinalPlanIssued');
    const res = await call(cw, 'POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: {
        type: 'EventCorrected',
        date: '2025-03-03',
        corrects: plan.eventId,
        reason: 'The plan was sent on 20 May; 10 June was the copy to the school',
        correction: { date: '2024-05-20' },
      },
    });
    expect(res.statusCode).toBe(200);
    c = res.json();
    expect(c).toMatchObject({ stage: 'plan-issued', version: 11 }); // 5 events of the line, 5 advice requests (reg 6(1)), the correction
    expect(finalPlan(c)).toMatchObject({ status: 'met', metOn: '2024-05-20' });
    const [summary] = await h.sql(`SELECT final_issued_on::text AS f, version FROM case_summary WHERE case_id = $1`, [
      c.id,
    ]);
    expect(summary).toEqual({ f: '2024-05-20', version: 11 });
    const [dl] = await h.sql(
      `SELECT status, met_on::text AS met_on FROM case_deadline WHERE case_id = $1 AND deadline_id = 'final-plan'`,
      [c.id],
    );
    expect(dl).toEqual({ status: 'met', met_on: '2024-05-20' });
    // The log is append-only: the original entry is still there, with its correction after it.
    const tl = await timeline(c.id);
    expect(tl.slice(0, 2).map((e: any) => e.type)).toEqual(['EventCorrected', 'FinalPlanIssued']);
    // The timeline shows the entry as corrected, beside its correction: who, when, why and what changed.
    expect(tl[1]).toMatchObject({
      eventId: plan.eventId,
      date: '2024-06-10',
      correctionStatus: 'corrected',
      corrections: [
        {
          type: 'EventCorrected',
          date: '2025-03-03',
          actorName: expect.stringMatching(/caseworker 1/),
          reason: expect.stringMatching(/20 May/),
          correction: { date: '2024-05-20' },
        },
      ],
    });
    expect(tl[0]).toMatchObject({
      correctsEventId: plan.eventId,
      about: 'Final plan issued of 2024-06-10',
      label: 'Entry corrected',
    });
  });

  it('each timeline entry names what it is about: which adviser’s advice, which setting', async () => {
    await importLines(
      line('CORR-8', [
        ...history('2024-05-20').slice(0, 2),
        { type: 'AdviceRequested', date: '2024-02-13', adviceId: 'ep', provider: 'psychology' },
        { type: 'AdviceReceived', date: '2024-03-01', adviceId: 'ep' },
        ...history('2024-05-20').slice(2, 4),
        { type: 'SettingConsulted', date: '2024-04-23', consultationId: 'c1', setting: 'Castle High School' },
        { type: 'SettingResponded', date: '2024-04-30', consultationId: 'c1', outcome: 'can-meet-needs' },
      ]),
    );
    // (the advice the line gains for reg 6(1), reg6-*, is left aside: the ep advice and the setting are what is asked about)
    const about = Object.fromEntries(
      (await timeline((await caseOf('CORR-8')).id))
        .filter((e: any) => !/reg6-/.test(e.about ?? ''))
        .map((e: any) => [e.type, e.about]),
    );
    expect(about).toMatchObject({
      AdviceRequested: 'Educational psychology advice (ep)',
      AdviceReceived: 'Educational psychology advice (ep)',
      SettingConsulted: 'Castle High School',
      SettingResponded: 'Castle High School',
    });
  });

  it('a correction that makes the history unlawful is refused with the statechart’s reason (422) and stores nothing', async () => {
    await importLines(line('CORR-2', history('2024-06-10')));
    const c = await caseOf('CORR-2');
    const plan = (await timeline(c.id)).find((e: any) => e.type === 'FinalPlanIssued');
    const res = await call(cw, 'POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: {
        type: 'EventCorrected',
        date: '2025-03-03',
        corrects: plan.eventId,
        reason: 'Wrong date',
        correction: { date: '2024-04-30' },
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'DATE_ORDER',
      message: expect.stringMatching(/history would not be lawful.*2024-05-07/),
    });
    expect((await h.sql(`SELECT version FROM ehc_case WHERE id = $1`, [c.id]))[0].version).toBe(c.version);
  });

  it('400 naming the field when the reason is missing; 404 for another team; an unknown entry is 422', async () => {
    await importLines(line('CORR-3', history('2024-05-20')));
    const c = await caseOf('CORR-3');
    const noReason = await call(cw, 'POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: { type: 'EventRetracted', date: '2025-03-03', retracts: randomUUID() },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([expect.objectContaining({ field: 'event.reason' })]);
    const south = await call(other, 'POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: { type: 'EventRetracted', date: '2025-03-03', retracts: randomUUID(), reason: 'x' },
    });
    expect(south.statusCode).toBe(404);
    const unknown = await call(cw, 'POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: { type: 'EventRetracted', date: '2025-03-03', retracts: randomUUID(), reason: 'x' },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_REFERENCE', errors: [{ field: 'event.retracts' }] });
  });

  it('a retraction after the final plan puts the case back in its draft period, with the 20-week clock open again', async () => {
    await importLines(line('CORR-4', history('2024-05-20')));
    const c = await caseOf('CORR-4');
    const plan = (await timeline(c.id)).find((e: any) => e.type === 'FinalPlanIssued');
    const res = await call(manager, 'POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: {
        type: 'EventRetracted',
        date: '2025-03-03',
        retracts: plan.eventId,
        reason: 'Recorded on the wrong case',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().stage).toBe('draft-period');
    expect(finalPlan(res.json())).toMatchObject({ status: 'missed' });
    expect(res.json().allowedEvents.map((a: any) => a.type)).toContain('FinalPlanIssued');
    const outbox = await h.sql(
      `SELECT deadline_id FROM deadline_outbox WHERE case_id = $1 AND deadline_id = 'final-plan'`,
      [c.id],
    );
    expect(outbox.length).toBeGreaterThan(0); // the reopened deadline is scheduled again
  });

  it('the importer accepts corrections in a line, and a line re-exported with a correction appended', async () => {
    const planId = randomUUID();
    const events = history('2024-06-10');
    (events[4] as any).eventId = planId;
    const correction = {
      type: 'EventCorrected',
      date: '2024-07-01',
      corrects: planId,
      reason: 'Date typed wrongly',
      correction: { date: '2024-05-20' },
    };
    const r5 = (await importLines(line('CORR-5', [...events, correction]))).json();
    expect(r5).toMatchObject({ accepted: 1, rejected: [] });
    expect(finalPlan(await caseOf('CORR-5'))).toMatchObject({ status: 'met', metOn: '2024-05-20' });
    // A case imported before, re-exported with its correction appended: the correction is added, nothing else changes.
    // (event ids are unique across cases: this line's plan gets its own)
    const plan6 = randomUUID();
    const events6 = events.map((e: any) => (e.eventId ? { ...e, eventId: plan6 } : e));
    const correction6 = { ...correction, corrects: plan6 };
    expect((await importLines(line('CORR-6', events6))).json()).toMatchObject({ accepted: 1 });
    expect((await importLines(line('CORR-6', [...events6, correction6]))).json()).toMatchObject({
      accepted: 1,
      rejected: [],
    });
    const c6 = await caseOf('CORR-6');
    expect(c6.version).toBe(11);
    expect(finalPlan(c6)).toMatchObject({ status: 'met' });
    expect((await importLines(line('CORR-6', [...events6, correction6]))).json()).toMatchObject({ unchanged: 1 });
    const plan7 = randomUUID();
    const bad = await importLines(
      line('CORR-7', [
        ...events.map((e: any) => (e.eventId ? { ...e, eventId: plan7 } : e)),
        { ...correction, corrects: plan7, correction: { date: '2024-04-30' } },
      ]),
    );
    expect(bad.json().rejected[0].reason).toMatch(/events\[10\] \(EventCorrected\).*not be lawful/);
  });

  it('an exception can be recorded after a withdrawal, and the case page offers it', async () => {
    await importLines(
      line('CORR-9', [
        { type: 'RequestReceived', date: D0, source: 'parent' },
        { type: 'DecidedToAssess', date: '2024-02-12' },
        { type: 'RequestWithdrawn', date: '2024-06-10', reason: 'Family moved school' },
      ]),
    );
    const c = await caseOf('CORR-9');
    expect(c.allowedEvents.map((a: any) => a.type)).toEqual(['ExceptionRecorded']);
    const res = await call(cw, 'POST', `/api/cases/${c.id}/events`, {
      expectedVersion: c.version,
      event: {
        type: 'ExceptionRecorded',
        date: '2025-03-03',
        exceptionId: 'x1',
        kind: 'exceptional-personal-circumstances',
        from: '2024-03-01',
        to: '2024-04-15',
        appliesTo: ['final-plan'],
        evidence: 'Parent in hospital',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().exceptions.map((x: any) => x.exceptionId)).toEqual(['x1']);
  });

  it('a projection rebuild from the event log gives the same rows as the live projections, corrections included', async () => {
    const rows = () =>
      h.sql(`SELECT d.case_id, d.deadline_id, d.due::text, d.status, d.met_on::text, d.exception_ids FROM case_deadline d
      JOIN ehc_case c ON c.id = d.case_id WHERE c.reference LIKE 'CORR-%' ORDER BY 1, 2`);
    const summaries = () =>
      h.sql(
        `SELECT case_id, stage, final_issued_on::text, next_due::text FROM case_summary WHERE reference LIKE 'CORR-%' ORDER BY 1`,
      );
    const [live, liveSummaries] = [await rows(), await summaries()];
    await rebuildProjections(h.db.dataSource, { today: '2025-03-03', fromScratch: true });
    expect(await rows()).toEqual(live);
    expect(await summaries()).toEqual(liveSummaries);
  });

  it('a corrected assignment must still name an active caseworker of the team', async () => {
    await importLines(
      line('CORR-10', [
        { type: 'RequestReceived', date: D0, source: 'parent' },
        { type: 'CaseworkerAssigned', date: D0, caseworker: 'cw-north-1' },
      ]),
    );
    const c = await caseOf('CORR-10');
    const assigned = (await timeline(c.id)).find((e: any) => e.type === 'CaseworkerAssigned');
    const fix = (caseworker: string) =>
      call(manager, 'POST', `/api/cases/${c.id}/events`, {
        expectedVersion: c.version,
        event: {
          type: 'EventCorrected',
          date: '2025-03-03',
          corrects: assigned.eventId,
          reason: 'Assigned to the wrong person',
          correction: { caseworker },
        },
      });
    expect((await fix('cw-south-1')).statusCode).toBe(422);
    const ok = await fix('cw-north-2');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().caseworker).toBe('cw-north-2');
  });

  it('a re-exported line whose correction names an id the stored case does not have is rejected, and the case is untouched', async () => {
    const events = history('2024-06-10');
    expect((await importLines(line('CORR-11', events))).json()).toMatchObject({ accepted: 1 });
    const other = randomUUID(); // the stored plan has the id the first import derived, not this one
    const res = (
      await importLines(
        line('CORR-11', [
          ...events.slice(0, 4),
          { ...events[4], eventId: other },
          {
            type: 'EventCorrected',
            date: '2024-07-01',
            corrects: other,
            reason: 'Date typed wrongly',
            correction: { date: '2024-05-20' },
          },
        ]),
      )
    ).json();
    expect(res.rejected[0].reason).toMatch(/events\[10\] \(EventCorrected\).*corrects/);
    const c = await caseOf('CORR-11');
    expect(c.version).toBe(10);
  });
});
