// One calendar (docs/architecture.md invariant 11): the instant → London date conversion and the calendar arithmetic
// are written once, in libs/workflow/src/dates.ts, and every other part uses that module.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, daysBetween, isIsoDate, londonDate, londonInstant, londonMidnightUtcMs } from '@ehc/workflow';
import * as deadlines from '@ehc/deadlines';
import * as measures from '@ehc/measures';
import { londonDateOf } from '@ehc/platform';

const ROOT = join(import.meta.dirname, '..');

describe('one calendar module (libs/workflow/src/dates.ts)', () => {
  it('the deadline engine and the measure use its functions, not copies', () => {
    expect(deadlines.londonDate).toBe(londonDate);
    expect(deadlines.londonInstant).toBe(londonInstant);
    expect(measures.addDays).toBe(addDays);
    expect(measures.daysBetween).toBe(daysBetween);
    expect(measures.isIsoDate).toBe(isIsoDate);
    expect(measures.londonMidnightUtcMs).toBe(londonMidnightUtcMs);
  });

  it("the platform's clock gives the calendar's London date, across both clock changes (the web app's: core/dates.spec)", () => {
    for (const at of [
      '2025-03-30T00:59:59Z',
      '2025-03-30T01:00:00Z',
      '2025-03-30T23:00:00Z',
      '2025-10-25T23:00:00Z',
      '2025-10-26T23:30:00Z',
      '2025-01-15T23:59:59Z',
    ]) {
      const instant = new Date(at);
      expect(londonDateOf(instant)).toBe(londonDate(instant));
    }
  });

  it('no other source file builds its own Europe/London date formatter', () => {
    const files = execFileSync('git', ['ls-files', '-z', '--', '*.ts', '*.mjs'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    const formatters = files
      .filter((f) => !/\.spec\.ts$/.test(f))
      .filter((f) => {
        const text = readFileSync(join(ROOT, f), 'utf8');
        return /timeZone: 'Europe\/London'/.test(text) && /day: '2-digit'/.test(text);
      });
    expect(formatters).toEqual(['libs/workflow/src/dates.ts']);
  });
});
