import { nice, ticks } from 'd3-array';
import { useId } from 'react';
import { formatDay } from './formatDay';
import './stats.css';

export interface DayCount {
  readonly day: string;
  readonly views: number;
  readonly visitors: number;
}

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 20, bottom: 28, left: 40 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;
/** One date label every this many days, counted back from the last (today is always labelled). */
const LABEL_EVERY = 7;

/**
 * Views (bars) and unique visitors (a line with dots) per day, drawn as plain SVG: a few
 * rectangles and one path need no charting library (docs/adr/0023-post-stats-chart.md); the
 * y-axis ticks come from d3-array. The SVG is one image with a text summary for assistive
 * technology; the same numbers are in the table the page shows beside it.
 */
export function DailyChart({ days, summary }: { days: readonly DayCount[]; summary: string }) {
  const ids = useId();
  const highest = Math.max(1, ...days.map((d) => Math.max(d.views, d.visitors)));
  const [, top] = nice(0, highest, 4);
  const yTicks = ticks(0, top, 4).filter(Number.isInteger);
  const slot = PLOT_W / Math.max(days.length, 1);
  const x = (index: number) => MARGIN.left + index * slot;
  const y = (value: number) => MARGIN.top + PLOT_H - (value / top) * PLOT_H;
  const centre = (index: number) => x(index) + slot / 2;
  const line = days.map((d, i) => `${i === 0 ? 'M' : 'L'}${centre(i).toFixed(1)},${y(d.visitors).toFixed(1)}`).join('');

  return (
    <svg
      className="daily-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${ids}-title`}
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={`${ids}-title`}>{summary}</title>
      <g className="daily-chart__grid" aria-hidden="true">
        {yTicks.map((tick) => (
          <g key={tick}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {tick}
            </text>
          </g>
        ))}
      </g>
      <g className="daily-chart__views" aria-hidden="true">
        {days.map((d, i) => (
          <rect
            key={d.day}
            data-day={d.day}
            x={x(i) + slot * 0.15}
            width={slot * 0.7}
            y={y(d.views)}
            height={Math.max(0, y(0) - y(d.views))}
          />
        ))}
      </g>
      <g className="daily-chart__visitors" aria-hidden="true">
        <path d={line} />
        {days.map((d, i) => (
          <circle key={d.day} cx={centre(i)} cy={y(d.visitors)} r={2.5} />
        ))}
      </g>
      <g className="daily-chart__days" aria-hidden="true">
        {days.map((d, i) =>
          (days.length - 1 - i) % LABEL_EVERY === 0 ? (
            <text key={d.day} x={centre(i)} y={HEIGHT - 8} textAnchor="middle">
              {formatDay(d.day)}
            </text>
          ) : null,
        )}
      </g>
    </svg>
  );
}
