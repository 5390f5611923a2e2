import { previousPeriod } from './timeliness-breakdown.js';

describe('the period before, for the board sentence "up from …"', () => {
  it('is the same number of whole months when the period is whole months, whatever the leap days', () => {
    expect(previousPeriod('2023-01-01', '2024-12-31')).toEqual({ from: '2021-01-01', to: '2022-12-31' });
    expect(previousPeriod('2025-03-05', '2026-03-04')).toEqual({ from: '2024-03-05', to: '2025-03-04' });
    expect(previousPeriod('2024-03-01', '2024-03-31')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });

  it('is the same number of days otherwise', () => {
    expect(previousPeriod('2025-01-10', '2025-01-19')).toEqual({ from: '2024-12-31', to: '2025-01-09' });
  });
});
