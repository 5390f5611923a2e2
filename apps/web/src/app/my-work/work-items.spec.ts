import type { WorkItem } from '@ehc/contracts';
import { dueWhen, groupWork, taskFor, weekday } from './work-items';

const today = '2026-03-04'; // a Wednesday
const item = (over: Partial<WorkItem>): WorkItem => ({
  caseId: 'c',
  reference: 'R',
  childName: null,
  stage: 's',
  stageLabel: 'S',
  deadlineId: 'd',
  kind: 'final-plan',
  label: 'L',
  due: today,
  daysLeft: 0,
  status: 'pending',
  provider: null,
  today,
  ...over,
});

describe('my work', () => {
  it('says when, as a person would: today, tomorrow, by Friday, a date, or how long ago', () => {
    expect(weekday('2026-03-06')).toBe('Friday');
    expect(dueWhen({ due: today, daysLeft: 0 })).toBe('today');
    expect(dueWhen({ due: '2026-03-05', daysLeft: 1 })).toBe('tomorrow');
    expect(dueWhen({ due: '2026-03-06', daysLeft: 2 })).toBe('by Friday (6 March 2026)');
    expect(dueWhen({ due: '2026-03-12', daysLeft: 8 })).toBe('by 12 March 2026');
    expect(dueWhen({ due: '2026-03-01', daysLeft: -3 })).toBe('was due 3 days ago, on 1 March 2026');
  });

  it("names a maintained plan's task by its deadline, and the plan event that does it", () => {
    expect(
      taskFor(
        item({
          kind: 'annual-review',
          label: 'Annual review (s44(1))',
          stage: 'plan-issued',
          due: '2026-03-12',
          daysLeft: 8,
        }),
      ),
    ).toEqual({
      text: 'Annual review (s44(1)): due by 12 March 2026',
      event: 'ReviewMeetingHeld',
      action: 'Record an annual review meeting',
    });
    expect(taskFor(item({ kind: 'review-decision', label: 'L', daysLeft: -2, due: '2026-03-02' })).event).toBe(
      'ReviewDecisionNotified',
    );
  });

  it('names the task and the action that does it', () => {
    expect(taskFor(item({ kind: 'advice', provider: 'psychology', due: '2026-03-07', daysLeft: 3 }))).toEqual({
      text: 'Chase the educational psychology advice: due in 3 days',
      event: 'AdviceReceived',
      action: 'Record advice received',
    });
    expect(taskFor(item({ kind: 'decision-to-assess', due: '2026-03-06', daysLeft: 2 }))).toEqual({
      text: 'Decide whether to assess by Friday (6 March 2026)',
      event: 'DecidedToAssess',
      action: 'Record the decision to assess',
    });
    expect(taskFor(item({ kind: 'draft-period', due: '2026-03-05', daysLeft: 1 })).text).toBe(
      'The family’s 15 days on the draft plan end tomorrow',
    );
    // A late final plan on a case still being assessed: the action is the step the stage waits for, not "issue".
    expect(taskFor(item({ kind: 'final-plan', stage: 'assessing', due: '2026-03-01', daysLeft: -3 }))).toEqual({
      text: 'The final plan was due 3 days ago, on 1 March 2026: record the decision to issue a plan',
      event: 'DecidedToIssue',
      action: 'Record the decision to issue a plan',
    });
  });

  it('groups overdue, today, this week and next week, soonest first', () => {
    const groups = groupWork([
      item({ daysLeft: -2 }),
      item({ daysLeft: 0 }),
      item({ daysLeft: 3 }),
      item({ daysLeft: 6 }),
      item({ daysLeft: 9 }),
    ]);
    expect(groups.map((g) => [g.heading, g.items.map((i) => i.daysLeft)])).toEqual([
      ['Overdue', [-2]],
      ['Today', [0]],
      ['This week', [3, 6]],
      ['Next week', [9]],
    ]);
  });
});
