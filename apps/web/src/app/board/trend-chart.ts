import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { percentText, periodLabel } from './figures';

export interface TrendPoint {
  period: string;
  issued: number;
  within20Weeks: number;
  percent: number | null;
}

const W = 640, H = 260, LEFT = 44, RIGHT = 16, TOP = 16, BOTTOM = 36;
const PLOT_W = W - LEFT - RIGHT, PLOT_H = H - TOP - BOTTOM;

/**
 * Monthly "% issued within 20 weeks" as an inline SVG line, with the national figure as a dashed line.
 * The SVG has a text title and summary; the same numbers are in a table underneath, so nothing depends
 * on seeing the chart.
 */
@Component({
  selector: 'cw-trend-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="govuk-!-margin-0">
      <svg class="cw-chart" [attr.viewBox]="'0 0 ' + width + ' ' + height" role="img" aria-labelledby="trend-title trend-desc" focusable="false">
        <title id="trend-title">{{ caption() }}</title>
        <desc id="trend-desc">{{ summary() }}</desc>
        @for (t of yTicks; track t) {
          <line [attr.x1]="left" [attr.x2]="width - right" [attr.y1]="y(t)" [attr.y2]="y(t)" stroke="#b1b4b6" stroke-width="1" />
          <text [attr.x]="left - 6" [attr.y]="y(t) + 4" text-anchor="end">{{ t }}%</text>
        }
        @for (p of plotted(); track p.period; let i = $index) {
          @if (showLabel(i)) { <text [attr.x]="p.x" [attr.y]="height - 12" text-anchor="middle">{{ p.label }}</text> }
        }
        @if (national() !== null) {
          <line class="cw-chart__national" [attr.x1]="left" [attr.x2]="width - right" [attr.y1]="y(national()!)" [attr.y2]="y(national()!)"
                stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4" />
          <text [attr.x]="width - right" [attr.y]="y(national()!) - 6" text-anchor="end">{{ nationalLabel() }}</text>
        }
        <polyline [attr.points]="line()" fill="none" stroke="#1d70b8" stroke-width="3" />
        @for (p of plotted(); track p.period) {
          @if (p.y !== null) { <circle [attr.cx]="p.x" [attr.cy]="p.y" r="4" fill="#1d70b8" /> }
        }
      </svg>
      <figcaption class="govuk-body-s">Solid line: this council, month by month. Dashed line: {{ nationalLabel() }}.</figcaption>
    </figure>
    <details class="govuk-details" open>
      <summary class="govuk-details__summary"><span class="govuk-details__summary-text">The chart’s figures as a table</span></summary>
      <div class="govuk-details__text">
        <table class="govuk-table cw-trend-table">
          <caption class="govuk-table__caption govuk-table__caption--s">{{ caption() }}</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th class="govuk-table__header" scope="col">Month</th>
            <th class="govuk-table__header govuk-table__header--numeric" scope="col">Plans issued</th>
            <th class="govuk-table__header govuk-table__header--numeric" scope="col">Within 20 weeks</th>
            <th class="govuk-table__header govuk-table__header--numeric" scope="col">Percentage</th>
          </tr></thead>
          <tbody class="govuk-table__body">
            @for (p of series(); track p.period) {
              <tr class="govuk-table__row">
                <th class="govuk-table__header" scope="row">{{ label(p.period) }}</th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ p.issued }}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ p.within20Weeks }}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(p.percent) }}</td>
              </tr>
            } @empty {
              <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="4">No plans were issued in this period.</td></tr>
            }
          </tbody>
        </table>
      </div>
    </details>
  `,
})
export class TrendChart {
  readonly series = input.required<TrendPoint[]>();
  readonly national = input<number | null>(null);
  readonly nationalLabel = input('England');
  readonly caption = input('Percentage of new EHC plans issued within 20 weeks, by month');

  protected readonly width = W;
  protected readonly height = H;
  protected readonly left = LEFT;
  protected readonly right = RIGHT;
  protected readonly yTicks = [0, 25, 50, 75, 100];
  protected readonly label = periodLabel;
  protected readonly pct = percentText;

  protected y(percent: number): number {
    return TOP + PLOT_H * (1 - Math.max(0, Math.min(100, percent)) / 100);
  }

  protected readonly plotted = computed(() => {
    const s = this.series();
    const step = s.length > 1 ? PLOT_W / (s.length - 1) : 0;
    return s.map((p, i) => ({
      period: p.period,
      label: periodLabel(p.period),
      x: s.length > 1 ? LEFT + i * step : LEFT + PLOT_W / 2,
      y: p.percent === null ? null : this.y(p.percent),
    }));
  });

  /** A month with no plans issued has no percentage: the line skips it rather than dropping to zero. */
  protected readonly line = computed(() =>
    this.plotted()
      .filter((p) => p.y !== null)
      .map((p) => `${p.x.toFixed(1)},${p.y!.toFixed(1)}`)
      .join(' '),
  );

  protected showLabel(i: number): boolean {
    const n = this.series().length;
    const every = Math.max(1, Math.ceil(n / 6));
    return i % every === 0 || i === n - 1;
  }

  protected readonly summary = computed(() => {
    const s = this.series().filter((p) => p.percent !== null);
    if (!s.length) return 'No plans were issued in this period.';
    const values = s.map((p) => p.percent!);
    const first = s[0], last = s[s.length - 1];
    const national = this.national() === null ? '' : ` Dashed line: ${this.nationalLabel()}.`;
    return `From ${periodLabel(first.period)} (${percentText(first.percent)}) to ${periodLabel(last.period)} (${percentText(last.percent)}); lowest ${percentText(Math.min(...values))}, highest ${percentText(Math.max(...values))}.${national}`;
  });
}
