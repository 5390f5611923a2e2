import { TestBed } from '@angular/core/testing';
import { TrendChart, type TrendPoint } from './trend-chart';

const series: TrendPoint[] = [
  { period: '2025-01', issued: 10, within20Weeks: 4, percent: 40 },
  { period: '2025-02', issued: 0, within20Weeks: 0, percent: null },
  { period: '2025-03', issued: 20, within20Weeks: 11, percent: 55 },
];

async function render(national: number | null) {
  const fixture = TestBed.createComponent(TrendChart);
  fixture.componentRef.setInput('series', series);
  fixture.componentRef.setInput('national', national);
  fixture.componentRef.setInput('nationalLabel', 'England 2024 45.9%');
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('trend chart', () => {
  it('gives the same numbers as a table, month by month', async () => {
    const el = await render(45.9);
    const rows = [...el.querySelectorAll('.cw-trend-table tbody tr')].map((r) =>
      [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim()),
    );
    expect(rows).toEqual([
      ['January 2025', '10', '4', '40.0%'],
      ['February 2025', '0', '0', '–'],
      ['March 2025', '20', '11', '55.0%'],
    ]);
  });

  it('is an image with a text summary, so it is not only visual', async () => {
    const el = await render(45.9);
    const svg = el.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.querySelector('desc')?.textContent).toBe(
      'Including exceptions, from January 2025 (40.0%) to March 2025 (55.0%); lowest 40.0%, highest 55.0%. Dashed line: England 2024 45.9%.',
    );
  });

  it('draws the national figure as a dashed line at its height, and skips months with no plans', async () => {
    const el = await render(50);
    const national = el.querySelector('.cw-chart__national')!;
    expect(national.getAttribute('stroke-dasharray')).toBe('6 4');
    // 50% sits halfway down the 222px plot that starts 16px from the top.
    expect(national.getAttribute('y1')).toBe('127');
    expect(el.querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(2);
  });

  it('draws the "excluding exceptions" line too, marks a part month hollow, and moves end labels apart', async () => {
    const fixture = TestBed.createComponent(TrendChart);
    fixture.componentRef.setInput('series', series);
    fixture.componentRef.setInput(
      'excluding',
      series.map((p) => ({ ...p, percent: p.percent === null ? null : p.percent + 1 })),
    );
    fixture.componentRef.setInput('national', 55);
    fixture.componentRef.setInput('partMonths', new Map([['2025-03', '1 to 4 March only']]));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('.cw-chart__excluding')?.getAttribute('points')?.split(' ')).toHaveLength(2);
    expect(el.querySelector('figcaption')?.textContent).toContain('March 2025 is a part month (1 to 4 March only).');
    expect(el.querySelector('circle:last-of-type')?.getAttribute('fill')).toBe('#ffffff');
    const ys = [...el.querySelectorAll('.cw-chart__end-label')]
      .map((t) => Number(t.getAttribute('y')))
      .sort((a, b) => a - b);
    expect(ys).toHaveLength(3);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(15);
  });

  it('has no national line when there is no national figure', async () => {
    const el = await render(null);
    expect(el.querySelector('.cw-chart__national')).toBeNull();
  });
});
