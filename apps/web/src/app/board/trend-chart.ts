import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MONTHS, percentText, periodLabel } from './figures';

export interface TrendPoint {
  period: string;
  issued: number;
  within20Weeks: number;
  percent: number | null;
}

// The right-hand gutter holds each line's name beside its end (direct labels, no legend to match up by colour).
const W = 720,
  H = 300,
  LEFT = 44,
  RIGHT = 190,
  TOP = 16,
  BOTTOM = 62;
const PLOT_W = W - LEFT - RIGHT,
  PLOT_H = H - TOP - BOTTOM;
/** Two labels closer than this (px) would overlap at the chart's 12px type: they are moved apart. */
const LABEL_GAP = 15;

const INCLUDING = '#1d70b8';
const EXCLUDING = '#4c2c92';

interface EndLabel {
  key: string;
  text: string;
  y: number;
  lineY: number;
  colour: string;
}

/**
 * Monthly "% issued within 20 weeks": including exceptions (solid, circles) and excluding them (dotted, squares),
 * with the England figure as a labelled dashed reference line. Each line is named at its right-hand end, the names
 * moved apart so none overlaps another. A month the period covers only in part is drawn hollow and named as such.
 * The SVG has a text title and summary, and the same numbers are in a table underneath, so nothing depends on
 * seeing the chart.
 */
@Component({
  selector: 'cw-trend-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="govuk-!-margin-0 cw-chart-figure">
      <svg class="cw-chart" [attr.viewBox]="'0 0 ' + width + ' ' + height" role="img" aria-labelledby="trend-title trend-desc" focusable="false">
        <title id="trend-title">{{ caption() }}</title>
        <desc id="trend-desc">{{ summary() }}</desc>
        @for (t of yTicks; track t) {
          <line [attr.x1]="left" [attr.x2]="plotRight" [attr.y1]="y(t)" [attr.y2]="y(t)" stroke="#b1b4b6" stroke-width="1" />
          <text [attr.x]="left - 6" [attr.y]="y(t) + 4" text-anchor="end">{{ t }}%</text>
        }
        @for (p of plotted(); track p.period; let i = $index) {
          @if (showLabel(i)) {
            <text class="cw-chart__month" [attr.x]="p.x" [attr.y]="monthY" text-anchor="middle">
              <tspan [attr.x]="p.x">{{ p.month }}</tspan>
              @if (p.showYear) { <tspan [attr.x]="p.x" dy="14">{{ p.year }}</tspan> }
              @if (p.part) { <tspan [attr.x]="p.x" [attr.dy]="p.showYear ? 14 : 28">(part month)</tspan> }
            </text>
          }
        }
        @if (national() !== null) {
          <line class="cw-chart__national" [attr.x1]="left" [attr.x2]="plotRight" [attr.y1]="y(national()!)" [attr.y2]="y(national()!)"
                stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4" />
        }
        @if (excluding().length) {
          <polyline class="cw-chart__excluding" [attr.points]="lineOf(plottedExcluding())" fill="none" [attr.stroke]="excludingColour" stroke-width="3" stroke-dasharray="2 3" />
          @for (p of plottedExcluding(); track p.period) {
            @if (p.y !== null) {
              <rect [attr.x]="p.x - 4" [attr.y]="p.y - 4" width="8" height="8" [attr.fill]="p.part ? '#ffffff' : excludingColour" [attr.stroke]="excludingColour" stroke-width="2" />
            }
          }
        }
        <polyline class="cw-chart__including" [attr.points]="lineOf(plotted())" fill="none" [attr.stroke]="includingColour" stroke-width="3" />
        @for (p of plotted(); track p.period) {
          @if (p.y !== null) { <circle [attr.cx]="p.x" [attr.cy]="p.y" r="4" [attr.fill]="p.part ? '#ffffff' : includingColour" [attr.stroke]="includingColour" stroke-width="2" /> }
        }
        @for (l of endLabels(); track l.key) {
          <line [attr.x1]="plotRight + 2" [attr.x2]="plotRight + 10" [attr.y1]="l.lineY" [attr.y2]="l.y - 4" [attr.stroke]="l.colour" stroke-width="1" />
          <text class="cw-chart__end-label" [attr.data-line]="l.key" [attr.x]="plotRight + 14" [attr.y]="l.y" text-anchor="start">{{ l.text }}</text>
        }
      </svg>
      <figcaption class="govuk-body-s">
        Solid line with circles: including exceptions. Dotted line with squares: excluding exceptions.
        @if (national() !== null) { Dashed line: {{ nationalLabel() }}. }
        @for (p of partList(); track p.period) { {{ label(p.period) }} is a part month ({{ p.text }}). }
      </figcaption>
    </figure>
    <details class="govuk-details cw-trend-details" open>
      <summary class="govuk-details__summary"><span class="govuk-details__summary-text">The chart’s figures as a table</span></summary>
      <div class="govuk-details__text">
        <table class="govuk-table cw-trend-table">
          <caption class="govuk-table__caption govuk-table__caption--s">{{ caption() }}</caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th class="govuk-table__header" scope="col">Month</th>
            <th class="govuk-table__header govuk-table__header--numeric" scope="col">Plans issued</th>
            <th class="govuk-table__header govuk-table__header--numeric" scope="col">Within 20 weeks</th>
            <th class="govuk-table__header govuk-table__header--numeric" scope="col">Including exceptions</th>
            @if (excluding().length) { <th class="govuk-table__header govuk-table__header--numeric" scope="col">Excluding exceptions</th> }
          </tr></thead>
          <tbody class="govuk-table__body">
            @for (p of series(); track p.period) {
              <tr class="govuk-table__row">
                <th class="govuk-table__header" scope="row">{{ label(p.period) }}@if (partMonths().get(p.period); as part) { <span class="govuk-body-s"> ({{ part }})</span> }</th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ p.issued }}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ p.within20Weeks }}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(p.percent) }}</td>
                @if (excluding().length) { <td class="govuk-table__cell govuk-table__cell--numeric">{{ pct(excludingOf(p.period)) }}</td> }
              </tr>
            } @empty {
              <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="5">No plans were issued in this period.</td></tr>
            }
          </tbody>
        </table>
      </div>
    </details>
  `,
})
export class TrendChart {
  /** Month by month, including exceptions. */
  readonly series = input.required<TrendPoint[]>();
  /** Month by month, excluding exceptions (the same months); empty when not known. */
  readonly excluding = input<TrendPoint[]>([]);
  readonly national = input<number | null>(null);
  readonly nationalLabel = input('England');
  /** Months the period covers only in part, with the days it covers ("1 to 4 March only"). */
  readonly partMonths = input<Map<string, string>>(new Map());
  readonly caption = input('Percentage of new EHC plans issued within 20 weeks, by month');

  protected readonly width = W;
  protected readonly height = H;
  protected readonly left = LEFT;
  protected readonly plotRight = W - RIGHT;
  /** Month names sit a line below the "0%" tick's baseline, so the first month never touches it. */
  protected readonly monthY = TOP + PLOT_H + 22;
  protected readonly yTicks = [0, 25, 50, 75, 100];
  protected readonly label = periodLabel;
  protected readonly pct = percentText;
  protected readonly includingColour = INCLUDING;
  protected readonly excludingColour = EXCLUDING;

  protected y(percent: number): number {
    return TOP + PLOT_H * (1 - Math.max(0, Math.min(100, percent)) / 100);
  }

  private points(s: TrendPoint[]) {
    const step = s.length > 1 ? PLOT_W / (s.length - 1) : 0;
    return s.map((p, i) => {
      const m = /^(\d{4})-(\d{2})$/.exec(p.period);
      return {
        period: p.period,
        month: m ? MONTHS[Number(m[2]) - 1] : p.period,
        year: m ? m[1] : '',
        // The year is written under the first month shown and under each January.
        showYear: !!m && (i === 0 || m[2] === '01'),
        part: this.partMonths().has(p.period),
        x: s.length > 1 ? LEFT + i * step : LEFT + PLOT_W / 2,
        y: p.percent === null ? null : this.y(p.percent),
        percent: p.percent,
      };
    });
  }

  protected readonly plotted = computed(() => this.points(this.series()));
  protected readonly plottedExcluding = computed(() => this.points(this.excluding()));
  protected readonly partList = computed(() => [...this.partMonths()].map(([period, text]) => ({ period, text })));

  /** A month with no plans issued has no percentage: the line skips it rather than dropping to zero. */
  protected lineOf(points: { x: number; y: number | null }[]): string {
    return points
      .filter((p) => p.y !== null)
      .map((p) => `${p.x.toFixed(1)},${p.y!.toFixed(1)}`)
      .join(' ');
  }

  protected excludingOf(period: string): number | null {
    return this.excluding().find((p) => p.period === period)?.percent ?? null;
  }

  /** Every label shown must have room for a full month name ("September" ≈ 60px at 12px). */
  protected showLabel(i: number): boolean {
    const n = this.series().length;
    const every = Math.max(1, Math.ceil(n / Math.floor(PLOT_W / 64)));
    return i % every === 0 || i === n - 1 || this.plotted()[i]?.part === true;
  }

  /**
   * Each line's name at the height where it ends, then moved apart (keeping their order) so that no two are closer
   * than one line of text, and kept inside the chart.
   */
  protected readonly endLabels = computed<EndLabel[]>(() => {
    const last = (pts: { y: number | null; percent: number | null }[]) =>
      [...pts].reverse().find((p) => p.y !== null) ?? null;
    const labels: EndLabel[] = [];
    const inc = last(this.plotted());
    if (inc)
      labels.push({
        key: 'including',
        text: `Including exceptions ${percentText(inc.percent)}`,
        y: inc.y! + 4,
        lineY: inc.y!,
        colour: INCLUDING,
      });
    const exc = last(this.plottedExcluding());
    if (exc)
      labels.push({
        key: 'excluding',
        text: `Excluding exceptions ${percentText(exc.percent)}`,
        y: exc.y! + 4,
        lineY: exc.y!,
        colour: EXCLUDING,
      });
    const n = this.national();
    if (n !== null)
      labels.push({
        key: 'national',
        text: this.nationalLabel(),
        y: this.y(n) + 4,
        lineY: this.y(n),
        colour: '#0b0c0c',
      });
    labels.sort((a, b) => a.y - b.y);
    for (let i = 1; i < labels.length; i++) labels[i].y = Math.max(labels[i].y, labels[i - 1].y + LABEL_GAP);
    const overflow = labels.length ? labels[labels.length - 1].y - (TOP + PLOT_H + 4) : 0;
    if (overflow > 0) for (const l of labels) l.y -= overflow;
    for (let i = labels.length - 2; i >= 0; i--) labels[i].y = Math.min(labels[i].y, labels[i + 1].y - LABEL_GAP);
    return labels;
  });

  protected readonly summary = computed(() => {
    const s = this.series().filter((p) => p.percent !== null);
    if (!s.length) return 'No plans were issued in this period.';
    const values = s.map((p) => p.percent!);
    const first = s[0],
      last = s[s.length - 1];
    const national = this.national() === null ? '' : ` Dashed line: ${this.nationalLabel()}.`;
    return `Including exceptions, from ${periodLabel(first.period)} (${percentText(first.percent)}) to ${periodLabel(last.period)} (${percentText(last.percent)}); lowest ${percentText(Math.min(...values))}, highest ${percentText(Math.max(...values))}.${national}`;
  });
}
