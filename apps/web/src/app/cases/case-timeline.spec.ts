import { describeEventData } from './case-timeline';

describe('the case timeline describes each event’s fields for a person', () => {
  it('names the caseworker by display name when known, instead of a prettified username', () => {
    expect(describeEventData({ caseworker: 'cw-north-1' }, { 'cw-north-1': 'North caseworker 1' })).toEqual([
      'Caseworker: North caseworker 1',
    ]);
  });

  it('leaves an unknown username as it is (never "Cw north 1")', () => {
    expect(describeEventData({ caseworker: 'cw-north-2' })).toEqual(['Caseworker: cw-north-2']);
  });

  it('still turns codes and dates into words, and leaves ids out', () => {
    expect(describeEventData({ provider: 'psychology', receivedByProvider: '2026-02-17', adviceId: 'x' })).toEqual([
      'Provider: Educational psychology',
      'Received by provider: 17 February 2026',
    ]);
  });

  it('reads the SEN types of the plan’s needs (DfE’s upper-case codes) as their names, in rank order', () => {
    expect(describeEventData({ primaryNeed: 'ASD', otherNeeds: ['SLCN', 'SEMH'] })).toEqual([
      'Primary need: Autistic spectrum disorder',
      'Other needs: Speech, language and communication needs, Social, emotional and mental health',
    ]);
  });
});
