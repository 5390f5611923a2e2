import { Readable } from 'node:stream';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JobName, QueueName } from '@ehc/deadlines';
import { createAppDataSource, demoHistory, importCases, rebuildProjections } from '@ehc/persistence';
import { foldCase, inspectState, isDueForErasure, type CaseEvent } from '@ehc/workflow';
import { startWorker, type RunningWorker } from '../../apps/worker/src/worker.js';
import { DEMO_TEAMS } from '../../apps/api/src/auth/demo-teams.js';
import { ERASED_TEXT } from '../../migrations/1764000000080-retention-erasure.js';
import { ERASABLE_EVENT_TEXT } from '../../migrations/1764000000120-personal-budget-text-erasure.js';
import { startApi, XHR, type ApiHarness } from '../security/api-harness.js';
import { flushPrefix, waitFor, workerConfig } from '../deadlines/support/fixtures.js';
import { testRedisPrefix, testRedisUrl } from '../support/test-database.js';

/**
 * Retention and erasure end to end (docs/operations.md#retention-and-erasure), on real PostgreSQL and Redis: closed
 * cases of 2014-2017 and a person made through the api with contacts, notes, a document, a letter and a corrected
 * detail; the worker's nightly listing job (through BullMQ) lists who is due; an admin approves through the api (a
 * caseworker is refused, and that is audited); the worker's erasure job erases. Afterwards no table holds the erased
 * people's details, every event is still there with only its free text erased, the board's figures are byte for byte
 * what they were, and each case has its audit row and says "personal data erased on …".
 */
describe('retention review and erasure (e2e)', () => {
  let h: ApiHarness;
  let worker: RunningWorker;
  let admin: string;
  let cw: string;
  let board: string;
  const prefix = testRedisPrefix('retention');
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue(QueueName.Deadlines, { connection: redis, prefix });
  const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    h.app.inject({ method, url, payload: payload as any, headers: { cookie, ...XHR } });
  const period = 'from=2014-09-01&to=2017-12-31';
  let apiPerson: string;
  let apiCase: string;
  let youngPersonCase: string;
  let lonePerson: string;

  /** Runs a retention job through the worker's BullMQ queue and waits for it to complete. */
  const runJob = async (name: JobName.ListRetentionDue | JobName.EraseApproved) => {
    const id = await worker.engine.runRetentionJob(name);
    return waitFor(
      async () => {
        const job = await queue.getJob(id);
        const state = await job?.getState();
        if (state === 'failed') throw new Error(`${name} failed: ${job!.failedReason}`);
        return state === 'completed' && job!.returnvalue;
      },
      30_000,
      `${name} to complete`,
    );
  };

  /** The board's figures as the api serves them (bodies compared byte for byte). */
  const boardFigures = async () =>
    Promise.all(
      [
        `/api/measures/timeliness?${period}&groupBy=quarter`,
        `/api/measures/timeliness/breakdown?${period}`,
        `/api/measures/timeliness/cases?${period}`,
        `/api/measures/timeliness/cases?${period}&format=csv`,
      ].map(async (url) => {
        const res = await call(board, 'GET', url);
        expect(res.statusCode).toBe(200);
        return res.body;
      }),
    );

  const allEvents = () =>
    h.sql(`SELECT position::text, event_id, case_id, version, type, business_date::text, data, actor, recorded_at, schema_version, transaction_id::text
    FROM case_event ORDER BY position`);

  beforeAll(async () => {
    h = await startApi('retention');
    // Closed cases only, so that no deadline of an open case fires while the log is compared; and a plan ended on its
    // last day on record (a maintained plan's reviews would fall due and be recorded missed today: docs/plan-life.md#one-log).
    // The one plan left maintained (RET-LEAP-1) has its misses recorded before the log is compared (below).
    const today = '2017-09-01';
    const ended = (events: CaseEvent[]): CaseEvent[] => {
      const view = inspectState(foldCase(events, { finalPlanDays: 140 }), { finalPlanDays: 140, today }).view;
      return view.stage === 'plan-issued'
        ? [...events, { type: 'PlanEnded', date: events.at(-1)!.date, reason: 'ceased-other' }]
        : events;
    };
    const closed = [
      ...demoHistory({
        from: '2014-09-01',
        today,
        requestsPerMonth: 3,
        teams: DEMO_TEAMS,
        seed: 11,
        referencePrefix: 'RET',
      }),
    ]
      .filter(
        (l) =>
          inspectState(foldCase(l.events as CaseEvent[], { finalPlanDays: 140 }), { finalPlanDays: 140, today }).view
            .closed,
      )
      .map((l) => ({ ...l, events: ended(l.events as CaseEvent[]) }));
    // A young person born on 29 February with a plan (summary history): 25th birthday 2017-03-01.
    const leap = {
      reference: 'RET-LEAP-1',
      team: 'north',
      mode: 'summary',
      source: 'Old SEN system',
      child: { givenName: 'Leopold', familyName: 'Leapington', dateOfBirth: '1992-02-29' },
      events: [
        { type: 'RequestReceived', date: '2015-01-05', source: 'young-person' },
        { type: 'DecidedToAssess', date: '2015-02-10' },
        { type: 'FinalPlanIssued', date: '2015-05-18', placement: 'mainstream', setting: 'Riverside College' },
      ],
    };
    const lines = [...closed, leap].map((l) => JSON.stringify(l));
    const s = await importCases(h.db.dataSource, Readable.from(lines), {
      actor: 'import',
      today,
      finalPlanDays: 140,
      defaultTeam: 'north',
    });
    expect(s.rejected).toEqual([]);
    expect(s.accepted).toBeGreaterThan(40);
    [admin, cw, board] = await Promise.all([h.login('admin'), h.login('cw-north-1'), h.login('board')]);
    youngPersonCase = (await h.sql(`SELECT id FROM ehc_case WHERE reference = 'RET-LEAP-1'`))[0].id;

    // A person made through the api in 2015 (the api's clock), with a parent and a professional, a case withdrawn, a note, a correction of a detail.
    h.clock.set('2015-03-20T10:00:00Z');
    const p = await call(cw, 'POST', '/api/persons', {
      givenName: 'Zebedee',
      familyName: 'Quillfeather',
      dateOfBirth: '2012-06-01',
      upn: 'Z123456789012',
      postcode: 'CV34 9ZZ',
      address: '7 Quill Lane, Warwick',
      homeLanguage: 'Welsh',
      // SEN2 module 1 (ethnicity is special category data): erased with the rest
      sex: 'M',
      ethnicity: 'WIRT',
    });
    expect(p.statusCode).toBe(201);
    apiPerson = p.json().id;
    expect(p.json()).toMatchObject({ sex: 'M', ethnicity: 'WIRT' });
    for (const contact of [
      { kind: 'parent-carer', name: 'Marigold Quillfeather', relationship: 'mother', phone: '01926 000111' },
      { kind: 'professional', name: 'Dr Ottoline Finch', relationship: 'health', organisation: 'Warwick Hospital' },
    ]) {
      expect((await call(cw, 'POST', `/api/persons/${apiPerson}/contacts`, contact)).statusCode).toBe(201);
    }
    const c = await call(cw, 'POST', '/api/cases', {
      teamId: 'north',
      personId: apiPerson,
      request: { date: '2015-03-02', source: 'parent' },
    });
    expect(c.statusCode).toBe(201);
    apiCase = c.json().id;
    expect(
      (
        await call(cw, 'POST', `/api/cases/${apiCase}/notes`, {
          kind: 'call',
          occurredOn: '2015-03-03',
          withWhom: 'Marigold Quillfeather',
          summary: 'Zebedee is in Warwick Hospital until Friday',
        })
      ).statusCode,
    ).toBe(201);
    // A record made for a request that was never opened, in 2015.
    const lone = await call(cw, 'POST', '/api/persons', {
      givenName: 'Ignatius',
      familyName: 'Nocase',
      dateOfBirth: '2011-04-04',
    });
    expect(lone.statusCode).toBe(201);
    lonePerson = lone.json().id;
    await h.sql(`UPDATE person SET created_at = '2015-01-05T12:00:00Z' WHERE id = $1`, [lonePerson]);
    // A duplicate record of the same child, merged into it (the merged record keeps its own details until erased).
    const dup = await call(cw, 'POST', '/api/persons', {
      givenName: 'Zebedy',
      familyName: 'Quillfether',
      dateOfBirth: '2012-06-01',
      postcode: 'CV34 7ZZ',
    });
    expect(dup.statusCode).toBe(201);
    // Changes of the details made from the person's record (no case): on the duplicate before it is merged, and on the child's own record.
    const patch = (id: string, body: Record<string, unknown>) =>
      h.app.inject({
        method: 'PATCH',
        url: `/api/persons/${id}`,
        payload: body as any,
        headers: { cookie: cw, ...XHR },
      });
    expect(
      (
        await patch(dup.json().id, {
          givenName: 'Zebedy',
          familyName: 'Quillfether',
          dateOfBirth: '2012-06-01',
          postcode: 'CV34 7ZZ',
          schoolName: 'Quillbrook Academy',
          reason: 'Zebedy started at Quillbrook Academy',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await patch(apiPerson, {
          givenName: 'Zebedee',
          familyName: 'Quillfeather',
          dateOfBirth: '2012-06-01',
          upn: 'Z123456789012',
          postcode: 'CV34 9ZZ',
          address: '7 Quill Lane, Warwick',
          homeLanguage: 'Welsh',
          schoolName: 'Thistledown Primary',
          reason: 'Marigold said Zebedee moved to Thistledown Primary',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      await h.sql(
        `SELECT count(*)::int AS n FROM child_detail_change WHERE case_id IS NULL AND person_id = ANY($1::uuid[])`,
        [[apiPerson, dup.json().id]],
      ),
    ).toEqual([{ n: 2 }]);
    const manager = await h.login('manager-north');
    expect(
      (await call(manager, 'POST', `/api/persons/${apiPerson}/merge`, { duplicateId: dup.json().id })).statusCode,
    ).toBe(200);
    expect(
      (
        await call(cw, 'POST', `/api/cases/${apiCase}/child-corrections`, {
          child: { postcode: 'CV34 8ZZ' },
          reason: 'Zebedee moved house',
        })
      ).statusCode,
    ).toBe(200);
    const w = await call(cw, 'POST', `/api/cases/${apiCase}/events`, {
      expectedVersion: c.json().version,
      event: { type: 'RequestWithdrawn', date: '2015-03-20', reason: 'Marigold Quillfeather withdrew the request' },
    });
    expect(w.statusCode).toBe(200);
    h.clock.set('2025-03-03T09:00:00Z');
    // A document and a letter on that case (the upload and letter paths have their own tests; here only what erasure must remove).
    const [doc] = await h.sql(
      `INSERT INTO case_document (case_id, kind, title, media_type, size_bytes, sha256, uploaded_by)
      VALUES ($1, 'letter', 'Letter to Marigold Quillfeather', 'application/pdf', 9, 'x', 'cw-north-1') RETURNING id`,
      [apiCase],
    );
    await h.sql(
      `INSERT INTO case_document_chunk (document_id, seq, data) VALUES ($1, 0, convert_to('Zebedee Q', 'UTF8'))`,
      [doc.id],
    );
    await h.sql(
      `INSERT INTO case_letter (case_id, notice, sent_on, event_id, document_id, template_version, recorded_by)
      SELECT $1, 'decision-to-assess', '2015-03-10', event_id, $2, 1, 'cw-north-1' FROM case_event WHERE case_id = $1 AND version = 1`,
      [apiCase, doc.id],
    );

    worker = await startWorker(
      workerConfig(h.db.url, testRedisUrl(), prefix, {
        RETENTION_YEARS_AFTER_25: '1',
        RETENTION_YEARS_AFTER_CLOSE: '6',
      }),
      {
        dataSource: createAppDataSource({ databaseUrl: h.db.url, databaseAppUrl: null }, { poolSize: 8 }),
        relayIntervalMs: 50,
      },
    );
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await queue.close();
    redis.disconnect();
    await flushPrefix(testRedisUrl(), prefix);
    await h?.close();
  });

  it('lists, approves (admins only), erases; the log and the board are unchanged, the personal data is gone everywhere', async () => {
    // Let the deadline engine finish with the imported cases (closed: nothing of theirs should fire, but wait for the relay).
    await waitFor(
      async () => (await h.sql(`SELECT count(*)::int AS n FROM deadline_outbox WHERE relayed_at IS NULL`))[0].n === 0,
      30_000,
      'the outbox relayed',
    );
    // The plans' clocks (annual reviews of plans issued years ago) are all past: the worker records their misses at once.
    // Wait until it has and the log stands still, so that what is compared below is only what erasure changes.
    let events = -1;
    await waitFor(
      async () => {
        await new Promise((r) => setTimeout(r, 1000));
        const c = await queue.getJobCounts('waiting', 'active', 'prioritized');
        const [{ n, unrelayed }] = await h.sql(`SELECT (SELECT count(*)::int FROM case_event) AS n,
        (SELECT count(*)::int FROM deadline_outbox WHERE relayed_at IS NULL) AS unrelayed`);
        const still = n === events && unrelayed === 0 && c.waiting + c.active + c.prioritized === 0;
        events = n;
        return still;
      },
      90_000,
      "the worker to record the plans' past misses",
    );

    const listed = await runJob(JobName.ListRetentionDue);
    expect(listed).toMatchObject({ added: expect.any(Number), withdrawn: 0 });
    const reviews = await h.sql(
      `SELECT person_id, case_ids, case_references, due_on::text, reason, status FROM retention_review ORDER BY due_on`,
    );
    // Every closed case is due by now (the database's today, after 2023) but a plan of a child born after 2000 (25 + 1 years).
    const youngPerson = reviews.find((r) => r.case_references.includes('RET-LEAP-1'));
    // 25th birthday 2017-03-01 + 1 year = 2018-03-01, later than the last event + 6 years? 2015-05-18 + 6 = 2021-05-18: that one.
    expect(youngPerson).toMatchObject({ due_on: '2021-05-18', reason: 'plan-kept-until-25', status: 'due' });
    const apiReview = reviews.find((r) => r.person_id === apiPerson);
    expect(apiReview).toMatchObject({ due_on: '2021-03-20', reason: 'closed-without-plan', case_ids: [apiCase] });
    // Exactly the people the rule (libs/workflow retentionDue, unit-tested on its own) makes due on the database's today.
    const [{ today: dbToday }] = await h.sql(`SELECT (now() AT TIME ZONE 'Europe/London')::date::text AS today`);
    const people =
      await h.sql(`SELECT p.id, p.date_of_birth::text AS dob, (p.created_at AT TIME ZONE 'Europe/London')::date::text AS recorded_on,
        coalesce(json_agg(json_build_object('caseId', c.id,
        'outcome', CASE WHEN NOT s.closed THEN 'open' WHEN s.final_issued_on IS NOT NULL THEN 'plan' ELSE 'no-plan' END,
        'lastEventOn', (SELECT max(business_date)::text FROM case_event e WHERE e.case_id = c.id))) FILTER (WHERE c.id IS NOT NULL), '[]') AS cases
      FROM person p LEFT JOIN ehc_case c ON c.person_id = p.id LEFT JOIN case_summary s ON s.case_id = c.id WHERE p.merged_into IS NULL GROUP BY p.id`);
    const policy = { yearsAfter25: 1, yearsAfterClosedWithoutPlan: 6 };
    const dueNow = people
      .filter((p) =>
        isDueForErasure({ dateOfBirth: p.dob, cases: p.cases, recordedOn: p.recorded_on }, policy, dbToday),
      )
      .map((p) => p.id)
      .sort();
    expect(reviews.find((r) => r.person_id === lonePerson)).toMatchObject({
      due_on: '2021-01-05',
      reason: 'record-without-request',
      case_ids: [],
    });
    expect(reviews.map((r) => r.person_id).sort()).toEqual(dueNow);
    expect(people.length - dueNow.length).toBeGreaterThan(5); // some plans of younger people are not due yet
    expect(reviews.length).toBeGreaterThan(10);
    // The listing job is safe to run again: nothing new.
    expect(await runJob(JobName.ListRetentionDue)).toMatchObject({ added: 0, due: reviews.length });

    // The admin's list: references, due dates and reasons; no name.
    const list = await call(admin, 'GET', '/api/admin/retention');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toHaveLength(reviews.length);
    expect(list.body).not.toMatch(/Zebedee|Quillfeather|Leopold|1992-02-29/);

    // A caseworker may neither see nor approve: 403, audited.
    expect((await call(cw, 'GET', '/api/admin/retention')).statusCode).toBe(403);
    expect((await call(cw, 'POST', `/api/admin/retention/${apiPerson}/approve`)).statusCode).toBe(403);
    const denied = await h.sql(
      `SELECT detail->>'route' AS route FROM audit_event WHERE action = 'access.denied' ORDER BY id`,
    );
    expect(denied.map((d) => d.route)).toEqual(['/api/admin/retention', '/api/admin/retention/:personId/approve']);
    expect((await h.sql(`SELECT status FROM retention_review WHERE person_id = $1`, [apiPerson]))[0].status).toBe(
      'due',
    );

    // One person is postponed, with a reason; a postponement must be to a later day.
    const kept = reviews.find((r) => r.person_id !== apiPerson && r !== youngPerson && r.person_id !== lonePerson)!;
    const badDate = await call(admin, 'POST', `/api/admin/retention/${kept.person_id}/postpone`, {
      until: '2020-01-01',
      reason: 'Complaint open',
    });
    expect(badDate.statusCode).toBe(400);
    const postponed = await call(admin, 'POST', `/api/admin/retention/${kept.person_id}/postpone`, {
      until: '2030-01-01',
      reason: 'Complaint to the ombudsman open',
    });
    expect(postponed.statusCode).toBe(200);
    expect(postponed.json()).toMatchObject({
      status: 'postponed',
      postponedUntil: '2030-01-01',
      decidedBy: expect.any(String),
    });

    const eventsBefore = await allEvents();
    const figuresBefore = await boardFigures();
    const keptChildBefore = await h.sql(`SELECT child FROM ehc_case WHERE id = ANY($1::uuid[]) ORDER BY id`, [
      kept.case_ids,
    ]);

    // The admin approves the others.
    const approve = reviews.filter((r) => r.person_id !== kept.person_id);
    for (const r of approve) {
      const res = await call(admin, 'POST', `/api/admin/retention/${r.person_id}/approve`);
      expect({ status: res.statusCode, body: res.json().status }).toEqual({ status: 200, body: 'approved' });
    }
    expect((await call(admin, 'POST', `/api/admin/retention/${apiPerson}/approve`)).statusCode).toBe(409); // already approved
    const approvals = await h.sql(
      `SELECT case_id, detail FROM audit_event WHERE action = 'retention.approve' AND detail->>'personId' = $1`,
      [apiPerson],
    );
    expect(approvals).toEqual([{ case_id: apiCase, detail: { personId: apiPerson, caseIds: [apiCase] } }]);

    const erased = await runJob(JobName.EraseApproved);
    const erasedCases: string[] = approve.flatMap((r) => r.case_ids);
    expect(erased).toEqual({
      erased: approve.length,
      cases: erasedCases.length,
      failed: 0,
      objectsDeleted: 0,
      objectsLeft: 0,
    });

    // The log: the same rows, in the same order, with the same ids, types, dates and enumerated values; only the free text erased.
    const eventsAfter = await allEvents();
    expect(eventsAfter.length).toBe(eventsBefore.length);
    const typeOf = new Map(eventsBefore.map((e) => [e.event_id, e.type]));
    const eraseText = (type: string, data: Record<string, unknown>) => {
      const out: Record<string, any> = { ...data };
      for (const f of ERASABLE_EVENT_TEXT[type] ?? []) if (typeof out[f] === 'string') out[f] = ERASED_TEXT;
      if (type === 'EventCorrected' && out.correction) {
        out.correction = { ...out.correction };
        for (const f of ERASABLE_EVENT_TEXT[typeOf.get(out.corrects)!] ?? [])
          if (typeof out.correction[f] === 'string') out.correction[f] = ERASED_TEXT;
      }
      return out;
    };
    const expected = eventsBefore.map((e) =>
      erasedCases.includes(e.case_id) ? { ...e, data: eraseText(e.type, e.data) } : e,
    );
    expect(eventsAfter).toEqual(expected);
    const changedTexts = eventsAfter.filter((e, i) => JSON.stringify(e.data) !== JSON.stringify(eventsBefore[i].data));
    expect(changedTexts.length).toBeGreaterThan(5); // reasons, evidence, settings of the erased cases really were erased
    expect(JSON.stringify(eventsAfter.filter((e) => erasedCases.includes(e.case_id)))).not.toMatch(
      /Quillfeather|Riverside College|bereavement/,
    );

    // The board's figures, byte for byte; and the projections rebuilt from the redacted log are the ones kept (invariant 3).
    expect(await boardFigures()).toEqual(figuresBefore);
    const projections = () =>
      h.sql(`SELECT s.*, (SELECT json_agg(d ORDER BY d.deadline_id) FROM (SELECT deadline_id, kind, due, from_date, regulation, status, met_on, provider, subject, exception_ids
        FROM case_deadline WHERE case_id = s.case_id) d) AS deadlines FROM case_summary s ORDER BY s.case_id`);
    const live = await projections();
    await rebuildProjections(h.db.dataSource, { today: '2025-03-03', fromScratch: true });
    expect(await projections()).toEqual(live);

    // No table holds the erased people's details any more: every column of every table, as text.
    const tables: { table_name: string }[] = await h.sql(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(15);
    for (const word of [
      'Zebedee',
      'Quillfeather',
      'Zebedy',
      'Quillfether',
      'CV34 7ZZ',
      'Ignatius',
      'Nocase',
      'Ottoline',
      'Z123456789012',
      'CV34 9ZZ',
      'CV34 8ZZ',
      'Quill Lane',
      'Leapington',
      'Riverside College',
      '1992-02-29',
      'Quillbrook',
      'Thistledown',
    ]) {
      for (const { table_name } of tables) {
        const [{ n }] = await h.sql(
          `SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text ILIKE '%' || $1 || '%'`,
          [word],
        );
        expect({ table_name, word, n }).toEqual({ table_name, word, n: 0 });
      }
    }
    // Each table that held them, by its rows.
    expect(
      await h.sql(
        `SELECT given_name, family_name, date_of_birth, upn, uln, address, postcode, school_urn, school_name, home_language FROM person WHERE id = $1`,
        [apiPerson],
      ),
    ).toEqual([
      {
        given_name: '',
        family_name: '',
        date_of_birth: null,
        upn: null,
        uln: null,
        address: null,
        postcode: null,
        school_urn: null,
        school_name: null,
        home_language: null,
      },
    ]);
    expect(await h.sql(`SELECT sex, ethnicity FROM person WHERE id = $1`, [apiPerson])).toEqual([
      { sex: null, ethnicity: null },
    ]);
    const left = await h.sql(
      `SELECT
        (SELECT count(*)::int FROM person_contact WHERE person_id IN (SELECT person_id FROM ehc_case WHERE id = ANY($1::uuid[]))) AS contacts,
        (SELECT count(*)::int FROM ehc_case WHERE id = ANY($1::uuid[]) AND child <> '{}'::jsonb) AS children,
        (SELECT count(*)::int FROM child_detail_change WHERE case_id = ANY($1::uuid[])
            OR person_id IN (SELECT id FROM person WHERE id = $2 OR merged_into = $2)) AS corrections,
        (SELECT count(*)::int FROM case_note WHERE case_id = ANY($1::uuid[])) AS notes,
        (SELECT count(*)::int FROM case_document WHERE case_id = ANY($1::uuid[])) AS documents,
        (SELECT count(*)::int FROM case_document_chunk) AS chunks,
        (SELECT count(*)::int FROM case_letter WHERE case_id = ANY($1::uuid[])) AS letters,
        (SELECT count(*)::int FROM person p JOIN ehc_case c ON c.person_id = p.id WHERE c.id = ANY($1::uuid[]) AND (p.given_name <> '' OR p.date_of_birth IS NOT NULL)) AS people`,
      [erasedCases, apiPerson],
    );
    expect(left).toEqual([
      { contacts: 0, children: 0, corrections: 0, notes: 0, documents: 0, chunks: 0, letters: 0, people: 0 },
    ]);
    // The postponed person is untouched.
    expect(await h.sql(`SELECT child FROM ehc_case WHERE id = ANY($1::uuid[]) ORDER BY id`, [kept.case_ids])).toEqual(
      keptChildBefore,
    );
    expect((await h.sql(`SELECT status FROM retention_review WHERE person_id = $1`, [kept.person_id]))[0].status).toBe(
      'postponed',
    );

    // The audit: one row per erased case, naming who approved and the cases, with no personal data.
    const [{ today }] = await h.sql(`SELECT (now() AT TIME ZONE 'Europe/London')::date::text AS today`);
    const audit = await h.sql(
      `SELECT a.case_id, a.detail, u.username FROM audit_event a JOIN app_user u ON u.id = a.user_id WHERE a.action = 'retention.erase'`,
    );
    expect(
      audit
        .filter((a) => a.case_id)
        .map((a) => a.case_id)
        .sort(),
    ).toEqual([...erasedCases].sort());
    expect(audit.filter((a) => !a.case_id)).toEqual([
      { case_id: null, username: 'admin', detail: expect.objectContaining({ personId: lonePerson, caseIds: [] }) },
    ]);
    expect(audit.find((a) => a.case_id === apiCase)).toMatchObject({
      username: 'admin',
      detail: { personId: apiPerson, caseIds: [apiCase], erasedOn: today, approvedAt: expect.any(String) },
    });
    expect(JSON.stringify(audit)).not.toMatch(/Zebedee|Quillfeather|Leopold/);
    expect((await h.sql(`SELECT status FROM retention_review WHERE person_id = $1`, [apiPerson]))[0].status).toBe(
      'erased',
    );

    // The case page says so; the history is still readable.
    const page = await call(cw, 'GET', `/api/cases/${apiCase}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      personalDataErasedOn: today,
      child: null,
      stage: 'withdrawn',
      allowedEvents: [],
    });
    // Nothing more is recorded on it.
    const more = await call(cw, 'POST', `/api/cases/${apiCase}/events`, {
      expectedVersion: page.json().version,
      event: { type: 'ExceptionWithdrawn', date: '2016-01-04', exceptionId: 'x1', reason: 'Recorded in error' },
    });
    expect({ status: more.statusCode, code: more.json().code }).toEqual({ status: 409, code: 'CASE_ERASED' });
    const timeline = await call(cw, 'GET', `/api/cases/${apiCase}/events`);
    expect(timeline.statusCode).toBe(200);
    expect(timeline.body).not.toContain('Quillfeather');
    expect((await call(cw, 'GET', `/api/cases/${youngPersonCase}`)).json()).toMatchObject({
      personalDataErasedOn: today,
      child: null,
    });

    // An erased person is never listed again; the erasure cannot be run twice.
    expect(await runJob(JobName.ListRetentionDue)).toMatchObject({ added: 0, due: 0 });
    expect(await runJob(JobName.EraseApproved)).toEqual({
      erased: 0,
      cases: 0,
      failed: 0,
      objectsDeleted: 0,
      objectsLeft: 0,
    });
  }, 180_000);

  it('the runtime role cannot erase by itself: no UPDATE on the log, no DELETE of notes, no erasure without an approval', async () => {
    const app = createAppDataSource({ databaseUrl: h.db.url, databaseAppUrl: null }, { poolSize: 1 });
    await app.initialize();
    try {
      const [c] = await h.sql(
        `SELECT c.id, c.person_id FROM ehc_case c JOIN retention_review r ON r.person_id = c.person_id WHERE r.status = 'postponed' LIMIT 1`,
      );
      await h.sql(
        `INSERT INTO case_note (case_id, kind, occurred_on, summary, author) VALUES ($1, 'note', '2016-01-01', 'kept', 'cw-north-1')`,
        [c.id],
      );
      await expect(app.query(`UPDATE case_event SET data = data WHERE case_id = $1`, [c.id])).rejects.toThrow(
        /permission denied/,
      );
      // Even with the erasure flag set, the runtime role is not the tables' owner: the trigger refuses.
      await expect(
        app.transaction(async (tx) => {
          await tx.query(`SELECT set_config('ehc.erasing_case', $1, true)`, [c.id]);
          await tx.query(`DELETE FROM case_note WHERE case_id = $1`, [c.id]);
        }),
      ).rejects.toThrow(/append-only/);
      await expect(app.query(`SELECT erase_personal_data($1, '2026-01-01')`, [c.person_id])).rejects.toThrow(
        /not approved for erasure/,
      );
      // Nor queue objects of the store for deletion: only the erasure function writes that queue.
      await expect(
        app.query(`INSERT INTO document_object_erasure (object_key, person_id) VALUES ('x', $1)`, [c.person_id]),
      ).rejects.toThrow(/permission denied/);
      // The owner, without the flag, cannot rewrite the log either.
      await expect(
        h.sql(`UPDATE case_event SET data = erase_event_text(type, data) WHERE case_id = $1`, [c.id]),
      ).rejects.toThrow(/append-only/);
      expect(await h.sql(`SELECT count(*)::int AS n FROM case_note WHERE case_id = $1`, [c.id])).toEqual([{ n: 1 }]);
    } finally {
      await app.destroy();
    }
  });
});
