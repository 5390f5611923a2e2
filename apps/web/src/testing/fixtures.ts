import type { CaseDetail, TimelineEntry } from '@ehc/contracts';

/** A case just after the council decided to assess: advice can be requested, and an exception recorded. */
export function caseDetail(over: Partial<CaseDetail> = {}): CaseDetail {
  return {
    id: 'case-1',
    reference: 'EHC-2026-0001',
    teamId: 'team-1',
    child: { givenName: 'Sam', familyName: 'Taylor', dateOfBirth: '2016-05-04' },
    caseworker: 'u1',
    caseworkerName: 'Casey Worker',
    stage: 'assessing',
    stageLabel: 'Assessing needs',
    closed: false,
    version: 3,
    receivedOn: '2026-01-05',
    today: '2026-03-01',
    deadlines: [
      {
        id: 'd1',
        kind: 'decide-assess',
        label: 'Decide whether to assess',
        due: '2026-02-16',
        from: '2026-01-05',
        measuredFrom: 'request',
        regulation: 'reg 5(1)',
        statutory: true,
        status: 'met',
        metOn: '2026-02-10',
        exceptionIds: [],
      },
      {
        id: 'd2',
        kind: 'final-plan',
        label: 'Issue the final plan',
        due: '2026-05-25',
        from: '2026-01-05',
        measuredFrom: 'request',
        regulation: 'reg 13(2)',
        statutory: true,
        status: 'pending',
        daysLeft: 85,
        rag: 'green',
        exceptionIds: [],
      },
    ],
    allowedEvents: [
      {
        type: 'AdviceRequested',
        label: 'Request advice',
        fields: [
          { name: 'adviceId', kind: 'ref', required: true, label: 'Advice id' },
          {
            name: 'provider',
            kind: 'enum',
            required: true,
            label: 'Who the advice is from',
            options: ['education', 'health', 'psychology', 'social-care'],
          },
          {
            name: 'receivedByProvider',
            kind: 'date',
            required: false,
            label: 'Date the provider received the request',
          },
        ],
      },
      {
        type: 'DecidedNotToIssue',
        label: 'Decide not to issue a plan',
        earliest: '2026-02-10',
        fields: [{ name: 'reasons', kind: 'text', required: true, label: 'Reasons' }],
      },
    ],
    flags: {},
    advice: [],
    consultations: [],
    exceptions: [],
    ...over,
  };
}

export function timeline(): TimelineEntry[] {
  return [
    {
      eventId: 'e1',
      version: 1,
      type: 'RequestReceived',
      label: 'Request received',
      date: '2026-01-05',
      recordedAt: '2026-01-05T10:00:00Z',
      actor: 'u1',
      actorName: 'Casey Worker',
      data: { source: 'parent' },
    },
    {
      eventId: 'e2',
      version: 2,
      type: 'DecidedToAssess',
      label: 'Decided to assess',
      date: '2026-02-10',
      recordedAt: '2026-02-10T11:00:00Z',
      actor: 'u1',
      actorName: 'Casey Worker',
      data: {},
    },
  ];
}
