import { scaleLinear } from 'd3-scale';

export interface SplitPart {
  key: string;
  label: string;
  count: number;
  color: string;
  href: string | null;
}

/** One horizontal bar split into parts by share (good / needs improvement / poor, …). */
export function SplitBar({ parts, label }: { parts: readonly SplitPart[]; label: string }) {
  const total = parts.reduce((sum, p) => sum + p.count, 0);
  const x = scaleLinear()
    .domain([0, Math.max(1, total)])
    .range([0, 100]);
  let offset = 0;
  return (
    <svg
      class="split-bar"
      viewBox="0 0 100 8"
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      {parts.map((part) => {
        const start = offset;
        offset += part.count;
        if (part.count === 0) return null;
        const text = `${part.label}: ${part.count.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`;
        const rect = (
          <rect x={x(start)} width={x(part.count)} y={0} height={8} fill={part.color}>
            <title>{text}</title>
          </rect>
        );
        return part.href ? (
          <a key={part.key} href={part.href} aria-label={text}>
            {rect}
          </a>
        ) : (
          <g key={part.key}>{rect}</g>
        );
      })}
    </svg>
  );
}
