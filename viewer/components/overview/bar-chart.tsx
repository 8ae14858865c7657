import { scaleBand, scaleLinear } from 'd3-scale';
import { stack } from 'd3-shape';

export interface Bar {
  key: string;
  label: string;
  /** One value per series (a plain bar chart has one series). */
  values: Record<string, number>;
  /** Where each series' part of the bar links to (the sessions behind it); null: no link. */
  hrefs: Record<string, string | null>;
}

export interface Series {
  key: string;
  label: string;
  color: string;
}

const WIDTH = 640;
const HEIGHT = 180;
const MARGIN = { top: 8, right: 8, bottom: 40, left: 40 };

/**
 * Vertical bars (stacked when there are several series), each part a link. d3-scale places the
 * bands and heights, d3-shape stacks the series; Preact draws the SVG.
 */
export function BarChart({
  bars,
  series,
  label,
  unit,
}: {
  bars: readonly Bar[];
  series: readonly Series[];
  label: string;
  /** What one unit of a bar is, for the readable labels: `sessions`, `failed actions`. */
  unit: string;
}) {
  const x = scaleBand<string>()
    .domain(bars.map((b) => b.key))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.15);
  const layers = stack<Bar, string>()
    .keys(series.map((s) => s.key))
    .value((bar, key) => bar.values[key] ?? 0)(bars as Bar[]);
  const max = Math.max(1, ...layers.flatMap((layer) => layer.map(([, top]) => top)));
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const labelEvery = Math.max(1, Math.ceil(bars.length / 12));
  // Long labels under narrow bars are turned, so they do not run into each other.
  const turned = bars.some((b) => b.label.length * 5.5 > x.step() * labelEvery);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        {y
          .ticks(4)
          .filter(Number.isInteger)
          .map((tick) => (
            <g key={tick} class="grid">
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
              <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" text-anchor="end">
                {tick.toLocaleString('en-US')}
              </text>
            </g>
          ))}
        {layers.map((layer, li) => {
          const s = series[li]!;
          return (
            <g key={s.key} fill={s.color}>
              {layer.map(([bottom, top], i) => {
                const bar = bars[i]!;
                const value = top - bottom;
                if (value <= 0) return null;
                const text = `${bar.label}${series.length > 1 ? ` · ${s.label}` : ''}: ${value.toLocaleString('en-US')} ${unit}`;
                const rect = (
                  <rect
                    x={x(bar.key)}
                    width={x.bandwidth()}
                    y={y(top)}
                    height={Math.max(1, y(bottom) - y(top))}
                  >
                    <title>{text}</title>
                  </rect>
                );
                const href = bar.hrefs[s.key];
                return href ? (
                  <a key={bar.key} href={href} aria-label={text} class="bar-link">
                    {rect}
                  </a>
                ) : (
                  <g key={bar.key}>{rect}</g>
                );
              })}
            </g>
          );
        })}
        {bars.map((bar, i) =>
          i % labelEvery === 0 ? (
            <text
              key={bar.key}
              class="axis-label"
              x={(x(bar.key) ?? 0) + x.bandwidth() / 2}
              y={HEIGHT - MARGIN.bottom + 12}
              text-anchor={turned ? 'end' : 'middle'}
              transform={
                turned
                  ? `rotate(-30 ${(x(bar.key) ?? 0) + x.bandwidth() / 2} ${HEIGHT - MARGIN.bottom + 12})`
                  : undefined
              }
            >
              {bar.label}
            </text>
          ) : null,
        )}
      </svg>
      {series.length > 1 && (
        <figcaption class="legend">
          {series.map((s) => (
            <span key={s.key}>
              <i style={{ background: s.color }} />
              {s.label}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}
