import type { DeadlineQueueItem } from '@ehc/contracts';
import { groupQueue } from './deadline-queue.page';

const item = (deadlineId: string, bucket: DeadlineQueueItem['bucket']): DeadlineQueueItem => ({
  caseId: 'c',
  reference: 'EHC',
  childName: null,
  caseworker: null,
  caseworkerName: null,
  stage: 's',
  stageLabel: 'S',
  deadlineId,
  kind: 'k',
  label: 'L',
  due: '2026-03-01',
  daysLeft: 0,
  bucket,
  provider: null,
  status: 'pending',
});

describe('deadline queue groups', () => {
  it('always shows overdue, within 7 and within 14 days, in that order, keeping the server order inside each', () => {
    const groups = groupQueue([item('a', 'within-14'), item('b', 'overdue'), item('c', 'overdue')]);
    expect(groups.map((g) => [g.heading, g.items.map((i) => i.deadlineId)])).toEqual([
      ['Overdue', ['b', 'c']],
      ['Due within 7 days', []],
      ['Due within 14 days', ['a']],
    ]);
  });

  it('never drops an item from a bucket it does not expect to see', () => {
    expect(groupQueue([item('x', 'later')]).flatMap((g) => g.items.map((i) => i.deadlineId))).toEqual(['x']);
  });
});
