import { useState } from 'preact/hooks';
import type { ReplayTimeline, TimelineMarker } from '../../../shared/replay/replay-timeline';
import { formatClock } from '../../state/format-clock';
import type { PlayerStore } from '../../state/player-store';

const pct = (at: number, total: number) => `${total > 0 ? (at / total) * 100 : 0}%`;

/**
 * The replay's timeline: progress, idle spans shaded, a mark for every page view and failure.
 * Hovering a mark says what it is; clicking the bar or a mark seeks there.
 */
export function Timeline({
  timeline,
  player,
  onMarker,
}: {
  timeline: ReplayTimeline;
  player: PlayerStore;
  onMarker: (marker: TimelineMarker) => void;
}) {
  const [hover, setHover] = useState<{ marker: TimelineMarker; x: number } | null>(null);
  const total = player.totalMs.value || timeline.totalMs;
  const seekTo = (event: MouseEvent) => {
    const bar = event.currentTarget as HTMLElement;
    const rect = bar.getBoundingClientRect();
    player.highlight(null);
    player.seek(((event.clientX - rect.left) / rect.width) * total);
  };
  return (
    <div class="timeline" aria-label="Timeline">
      <div
        class="timeline-bar"
        role="slider"
        aria-label="Replay position"
        aria-valuemin={0}
        aria-valuemax={Math.round(total / 1000)}
        aria-valuenow={Math.round(player.at.value / 1000)}
        aria-valuetext={formatClock(player.at.value)}
        tabIndex={0}
        onClick={seekTo}
      >
        {timeline.idle.map((span) => (
          <div
            key={span.from}
            class="timeline-idle"
            title={`Idle ${formatClock(span.to - span.from)}`}
            style={{ left: pct(span.from, total), width: pct(span.to - span.from, total) }}
          />
        ))}
        <div class="timeline-progress" style={{ width: pct(player.at.value, total) }} />
        <div class="timeline-head" style={{ left: pct(player.at.value, total) }} />
      </div>
      <div class="timeline-markers">
        {timeline.markers.map((marker, i) => (
          <button
            key={i}
            type="button"
            class={`timeline-marker marker-${marker.kind}`}
            style={{ left: pct(marker.at, total) }}
            aria-label={`${formatClock(marker.at)} ${marker.label}`}
            onMouseEnter={(event) =>
              setHover({ marker, x: (event.currentTarget as HTMLElement).offsetLeft })
            }
            onMouseLeave={() => setHover(null)}
            onClick={() => onMarker(marker)}
          />
        ))}
        {hover && (
          <div class="timeline-tooltip" role="tooltip" style={{ left: `${hover.x}px` }}>
            <strong>{formatClock(hover.marker.at)}</strong> {hover.marker.label}
          </div>
        )}
      </div>
    </div>
  );
}
