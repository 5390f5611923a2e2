import { CASE_EVENT_TYPES, EVENT_FIELDS, validateEventShape } from './events.js';

describe('the case-event vocabulary (docs/events.md: keep these names)', () => {
  it("has every event type of docs/events.md plus TribunalOrderMade and the importer's HistoryMigrated", () => {
    expect([...CASE_EVENT_TYPES].sort()).toEqual(
      [
        'RequestReceived',
        'TransferredPlanReceived', // reg 15: a plan transferred in opens its own case
        'DecidedToAssess',
        'DecidedNotToAssess',
        'AdviceRequested',
        'AdviceReceived',
        'DecidedToIssue',
        'DecidedNotToIssue',
        'DraftPlanIssued',
        'SettingRequested',
        'SettingConsulted',
        'SettingResponded',
        'FinalPlanIssued',
        'ExceptionRecorded',
        'ExceptionWithdrawn',
        'MediationStarted',
        'TribunalAppealRegistered',
        'TribunalOrderMade',
        'RequestWithdrawn',
        'MovedOutOfArea',
        'CaseworkerAssigned',
        'DeadlineMissed',
        'EventCorrected',
        'EventRetracted',
        'HistoryMigrated',
        // added for the law: reg 45 unopposed appeals and amended plans
        'AppealNotOpposed',
        'AmendedPlanIssued',
        'InformationRequested',
        'ExistingAdviceAgreed',
        'AdviceAskedByFamily',
        'AdviceAskRefused',
        'NoticeSent',
        'AmendedDraftServed',
        'TribunalAppealConcluded',
        'PlanEnded',
        'MediationAgreementReached',
        'AgreedActionDone',
        // reg 45(1): the response to the appeal, after which a concession is a consent order
        'TribunalResponseSubmitted',
        // after the final plan, the maintained plan's events (docs/plan-life.md#one-log)
        'ReviewMeetingHeld',
        'ReviewReportSent',
        'ReviewDecisionNotified',
        'AmendmentsProposed',
        'PlanAmended',
        'AmendmentsDropped',
        'PhaseTransferDue',
        'PlacementNamed',
        'PlacementStarted',
        'PlacementEnded',
        'ReassessmentRequested',
        'ReassessmentDecided',
        'ReassessmentNoAmendment',
        'CeasingConsidered',
        'CeaseDecided',
        'CeaseAppealRegistered',
        'CeaseAppealDecided',
        'CeaseWithdrawn',
        'PlanCeased',
        'MoveNotified',
        'TransferredOut',
        // personal budgets on the plan (s49)
        'PersonalBudgetRequested',
        'PersonalBudgetDecided',
        'PersonalBudgetEnded',
        // reg 12(1)(a) section B: the plan's needs (SEN2 module 5c)
        'SenNeedsRecorded',
      ].sort(),
    );
  });

  it('every event needs a date first', () => {
    for (const t of CASE_EVENT_TYPES)
      expect(EVENT_FIELDS[t][0]).toMatchObject({ name: 'date', kind: 'date', required: true });
  });
});

describe('validateEventShape', () => {
  it('accepts a well-formed event and returns a clean copy', () => {
    const r = validateEventShape({
      type: 'AdviceRequested',
      date: '2025-04-11',
      adviceId: 'ep',
      provider: 'psychology',
      receivedByProvider: '2025-04-14',
    });
    expect(r).toEqual({
      ok: true,
      event: {
        type: 'AdviceRequested',
        date: '2025-04-11',
        adviceId: 'ep',
        provider: 'psychology',
        receivedByProvider: '2025-04-14',
      },
    });
    expect(validateEventShape({ type: 'MovedOutOfArea', date: '2025-04-11' }).ok).toBe(true);
  });

  it('rejects a non-object and an unknown type, listing the allowed types', () => {
    expect(validateEventShape(null).ok).toBe(false);
    // PlanIssued is the plan's own beginning, read from FinalPlanIssued: a case never records it
    const r = validateEventShape({ type: 'PlanIssued', date: '2025-01-01' });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toMatchObject({ field: 'type', message: expect.stringContaining('RequestReceived') });
  });

  it('requires required fields and says what they are', () => {
    const r = validateEventShape({ type: 'AdviceReceived', date: '2025-04-11' });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        { field: 'adviceId', message: expect.stringContaining('adviceId is required for AdviceReceived') },
      ]);
  });

  it('rejects dates that are not real YYYY-MM-DD calendar dates', () => {
    for (const date of ['2025-02-29', '03/03/2025', '2025-03-03T10:00:00Z', 20250303]) {
      const r = validateEventShape({ type: 'DecidedToAssess', date });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]).toMatchObject({ field: 'date', message: expect.stringContaining('YYYY-MM-DD') });
    }
  });

  it('rejects enum values not allowed, listing the allowed ones and not echoing the value', () => {
    const r = validateEventShape({ type: 'RequestReceived', date: '2025-03-03', source: 'Mrs Jones' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]!.message).toContain('parent, young-person, school, post-16-institution, brought-to-attention');
      expect(JSON.stringify(r.errors)).not.toContain('Jones');
    }
  });

  it('checks appliesTo is a non-empty list of deadline kinds without repeats', () => {
    const base = {
      type: 'ExceptionRecorded',
      date: '2025-04-01',
      exceptionId: 'x',
      kind: 'absent-from-area',
      from: '2025-04-01',
      to: '2025-05-01',
      evidence: 'e',
    };
    expect(validateEventShape({ ...base, appliesTo: ['final-plan'] }).ok).toBe(true);
    expect(validateEventShape({ ...base, appliesTo: [] }).ok).toBe(false);
    expect(validateEventShape({ ...base, appliesTo: 'final-plan' }).ok).toBe(false);
    expect(validateEventShape({ ...base, appliesTo: ['final-plan', 'final-plan'] }).ok).toBe(false);
    expect(validateEventShape({ ...base, appliesTo: ['week-20'] }).ok).toBe(false);
  });

  it('rejects unknown fields (child details are not part of events), naming only safe field names', () => {
    const r = validateEventShape({
      type: 'RequestReceived',
      date: '2025-03-03',
      source: 'parent',
      child: { givenName: 'Ada' },
      'Ada Smith 2015-03-02': 1,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.field)).toEqual(['child', '(unrecognised field)']);
      expect(JSON.stringify(r.errors)).not.toContain('Ada');
    }
  });

  it('references are short codes (no ":" so deadline ids compose), free text must be non-empty', () => {
    expect(validateEventShape({ type: 'AdviceReceived', date: '2025-04-11', adviceId: 'a:b' }).ok).toBe(false);
    expect(validateEventShape({ type: 'DecidedNotToAssess', date: '2025-04-11', reasons: '   ' }).ok).toBe(false);
  });

  // One vocabulary at the edge: the api validates with this, so its stricter rules now live here.
  it('references are 1-40 letters, digits, - or _ (no "@" or "." so an email address cannot be a reference)', () => {
    expect(validateEventShape({ type: 'AdviceReceived', date: '2025-04-11', adviceId: 'ep_2-b' }).ok).toBe(true);
    for (const adviceId of ['a@b', 'a.b', 'x'.repeat(41)]) {
      const r = validateEventShape({ type: 'AdviceReceived', date: '2025-04-11', adviceId });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]).toEqual({ field: 'adviceId', message: expect.stringContaining('1-40 letters') });
    }
  });

  it('a setting is at most 200 characters, a withdrawal reason 2000, other text 4000', () => {
    expect(validateEventShape({ type: 'SettingRequested', date: '2025-04-11', setting: 'x'.repeat(200) }).ok).toBe(
      true,
    );
    const r = validateEventShape({ type: 'SettingRequested', date: '2025-04-11', setting: 'x'.repeat(201) });
    expect(r.ok ? null : r.errors[0]).toEqual({ field: 'setting', message: 'setting must be 1 to 200 characters.' });
    expect(validateEventShape({ type: 'RequestWithdrawn', date: '2025-04-11', reason: 'x'.repeat(2001) }).ok).toBe(
      false,
    );
    expect(validateEventShape({ type: 'DecidedNotToAssess', date: '2025-04-11', reasons: 'x'.repeat(4000) }).ok).toBe(
      true,
    );
  });

  it('a caseworker is named by a username; enum messages list what is allowed', () => {
    expect(validateEventShape({ type: 'CaseworkerAssigned', date: '2025-04-11', caseworker: 'cw-north.1' }).ok).toBe(
      true,
    );
    expect(validateEventShape({ type: 'CaseworkerAssigned', date: '2025-04-11', caseworker: 'CW North' }).ok).toBe(
      false,
    );
    const r = validateEventShape({ type: 'TribunalOrderMade', date: '2025-04-11', order: 'costs' });
    expect(r.ok ? null : r.errors[0]).toEqual({
      field: 'order',
      message: 'order must be one of: assess, make-plan, amend-plan, amend-provision, amend-school.',
    });
  });
});
