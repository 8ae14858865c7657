import { useLayoutEffect, useRef } from 'preact/hooks';
import {
  addressAt,
  type ReplayTimeline,
  type TimelineMarker,
} from '../../../shared/replay/replay-timeline';
import { clockReading } from '../../state/clock-reading';
import { formatClock } from '../../state/format-clock';
import { SPEEDS, type PlayerStore } from '../../state/player-store';
import { Timeline } from '../timeline/timeline';
import type { ReplayNetwork } from '../../replay/replay-frame-document';
import { useReplayFrameUrl } from '../../replay/use-replay-frame-url';

export function Player({
  player,
  timeline,
  addresses,
  onMarker,
  onCopyLink,
  network,
}: {
  player: PlayerStore;
  /** `none`: the replayed page loads nothing from the network (imported sessions, by default). */
  network: ReplayNetwork;
  /** Null while the session is still being read: the frame loads meanwhile. */
  timeline: ReplayTimeline | null;
  addresses: ReadonlyArray<{ t: number; url: string }>;
  onMarker: (marker: TimelineMarker) => void;
  onCopyLink: () => void;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const frameUrl = useReplayFrameUrl(network);
  // A new frame document (the network choice changed) is a new frame to the store.
  // In the commit that gives the frame its document: its `ready` must not come before the listener.
  useLayoutEffect(() => player.attach(frame.current!), [player, frameUrl.url]);
  const address = timeline ? addressAt(addresses, timeline.origin + player.at.value) : '';
  const playing = player.playing.value;
  return (
    <section class="player" aria-label="Replay">
      <div class="address-bar" title={address}>
        <span class="address-lock" aria-hidden="true">
          ⟳
        </span>
        <span class="address" data-testid="replay-address">
          {address}
        </span>
        {player.skipping.value && <span class="skipping">Skipping inactivity…</span>}
        {/* The first frame shows from the first chunks; moves wait until the rest is in. */}
        {player.status.value === 'ready' && player.streaming.value && (
          <span class="streaming" role="status" data-testid="replay-streaming">
            Loading the rest of the session…
          </span>
        )}
      </div>
      <div class="replay-viewport">
        {/* No sandbox attribute: its flags would pass to rrweb's own (script-less) child frame
            and cut it off from the replayer. The data: origin is the isolation. */}
        <iframe
          ref={frame}
          class="replay-frame"
          title="Session replay"
          src={frameUrl.url ?? undefined}
        />
        {player.status.value === 'loading' && <div class="replay-state">Preparing replay…</div>}
        {frameUrl.error && (
          <div class="replay-state error">The replay frame could not load: {frameUrl.error}</div>
        )}
        {player.status.value === 'error' && (
          <div class="replay-state error">The replay failed: {player.error.value}</div>
        )}
      </div>
      <div class="controls">
        <button
          type="button"
          class="play"
          aria-label={playing ? 'Pause' : 'Play'}
          title={playing ? 'Pause (space)' : 'Play (space)'}
          onClick={() => player.toggle()}
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <span class="clock" data-testid="replay-clock">
          {/* While the rest streams in, the frame knows only the first chunks' length. */}
          {player.streaming.value
            ? `${formatClock(player.at.value)} / …`
            : clockReading(player.at.value, player.totalMs.value || (timeline?.totalMs ?? 0))}
        </span>
        {timeline && <Timeline timeline={timeline} player={player} onMarker={onMarker} />}
        <div class="speeds" role="group" aria-label="Speed">
          {SPEEDS.map((speed) => (
            <button
              key={speed}
              type="button"
              aria-pressed={player.speed.value === speed}
              onClick={() => player.setSpeed(speed)}
            >
              {speed}×
            </button>
          ))}
        </div>
        <label class="toggle" title="Fast-forward through idle periods (shaded on the timeline)">
          <input
            type="checkbox"
            checked={player.skipInactive.value}
            onChange={(event) => player.setSkipInactive((event.target as HTMLInputElement).checked)}
          />
          Skip inactivity
        </label>
        <button
          type="button"
          class="link-button"
          onClick={onCopyLink}
          title="Copy a link to this moment"
        >
          Copy link
        </button>
      </div>
    </section>
  );
}
