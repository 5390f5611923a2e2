import { CASE_EVENT_TYPES, EVENT_FIELDS, validateEventShape } from './events.js';

describe('the case-event vocabulary (case-events.md: keep these names)', () => {
  it('has every event type of case-events.md plus TribunalOrderMade', () => {
    expect([...CASE_EVENT_TYPES].sort()).toEqual(
      [
        'RequestReceived', 'DecidedToAssess', 'DecidedNotToAssess', 'AdviceRequested', 'AdviceReceived', 'DecidedToIssue',
        'DecidedNotToIssue', 'DraftPlanIssued', 'SettingRequested', 'SettingConsulted', 'SettingResponded', 'FinalPlanIssued',
        'ExceptionRecorded', 'ExceptionWithdrawn', 'MediationStarted', 'TribunalAppealRegistered', 'TribunalOrderMade',
        'RequestWithdrawn', 'MovedOutOfArea', 'CaseworkerAssigned', 'DeadlineMissed',
        // added for the law (issue 14): reg 45 unopposed appeals and amended plans
        'AppealNotOpposed', 'AmendedPlanIssued', 'InformationRequested', 'ExistingAdviceAgreed', 'AdviceAskedByFamily', 'AdviceAskRefused',
        'NoticeSent', 'AmendedDraftServed', 'TribunalAppealConcluded', 'PlanEnded', 'MediationAgreementReached', 'AgreedActionDone',
      ].sort(),
    );
  });

  it('every event needs a date first', () => {
    for (const t of CASE_EVENT_TYPES) expect(EVENT_FIELDS[t][0]).toMatchObject({ name: 'date', kind: 'date', required: true });
  });
});

describe('validateEventShape', () => {
  it('accepts a well-formed event and returns a clean copy', () => {
    const r = validateEventShape({ type: 'AdviceRequested', date: '2025-04-11', adviceId: 'ep', provider: 'psychology', receivedByProvider: '2025-04-14' });
    expect(r).toEqual({ ok: true, event: { type: 'AdviceRequested', date: '2025-04-11', adviceId: 'ep', provider: 'psychology', receivedByProvider: '2025-04-14' } });
    expect(validateEventShape({ type: 'MovedOutOfArea', date: '2025-04-11' }).ok).toBe(true);
  });

  it('rejects a non-object and an unknown type, listing the allowed types', () => {
    expect(validateEventShape(null).ok).toBe(false);
    const r = validateEventShape({ type: 'PlanCeased', date: '2025-01-01' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ field: 'type', message: expect.stringContaining('RequestReceived') });
  });

  it('requires required fields and says what they are', () => {
    const r = validateEventShape({ type: 'AdviceReceived', date: '2025-04-11' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([{ field: 'adviceId', message: expect.stringContaining('adviceId is required for AdviceReceived') }]);
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
    const base = { type: 'ExceptionRecorded', date: '2025-04-01', exceptionId: 'x', kind: 'absent-from-area', from: '2025-04-01', to: '2025-05-01', evidence: 'e' };
    expect(validateEventShape({ ...base, appliesTo: ['final-plan'] }).ok).toBe(true);
    expect(validateEventShape({ ...base, appliesTo: [] }).ok).toBe(false);
    expect(validateEventShape({ ...base, appliesTo: 'final-plan' }).ok).toBe(false);
    expect(validateEventShape({ ...base, appliesTo: ['final-plan', 'final-plan'] }).ok).toBe(false);
    expect(validateEventShape({ ...base, appliesTo: ['week-20'] }).ok).toBe(false);
  });

  it('rejects unknown fields (child details are not part of events), naming only safe field names', () => {
    const r = validateEventShape({ type: 'RequestReceived', date: '2025-03-03', source: 'parent', child: { givenName: 'Ada' }, 'Ada Smith 2015-03-02': 1 });
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
});
