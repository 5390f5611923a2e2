import { stageSteps } from './stage-progress';

const states = (types: string[], closed = false) => stageSteps(types, closed).map((s) => `${s.label}:${s.state}`);

describe('stage progress (where the case is in the 20-week process)', () => {
  it('makes the decision to assess current straight after the request', () => {
    expect(states(['RequestReceived'])).toEqual([
      'Request:done',
      'Decision to assess:current',
      'Advice:todo',
      'Decision to issue:todo',
      'Draft plan:todo',
      'Final plan:todo',
    ]);
  });

  it('is gathering advice once the council has decided to assess', () => {
    expect(states(['RequestReceived', 'DecidedToAssess', 'AdviceRequested'])[2]).toBe('Advice:current');
  });

  it('completes advice and the decision when the council decides to issue', () => {
    expect(states(['RequestReceived', 'DecidedToAssess', 'DecidedToIssue']).slice(2, 5)).toEqual([
      'Advice:done',
      'Decision to issue:done',
      'Draft plan:current',
    ]);
  });

  it('has no current step on a closed case', () => {
    expect(states(['RequestReceived', 'DecidedNotToAssess'], true).filter((s) => s.endsWith(':current'))).toEqual([]);
  });
});
