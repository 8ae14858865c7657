import type { Signal } from '@preact/signals';
import type { RequestPayload } from '../../../shared/signals/signal-events';
import { isBrowserProbe, isPageFailure } from '../../../shared/analysis/is-page-failure';
import { formatClock } from '../../state/format-clock';
import { sitePath } from '../../../shared/format/url-parts';
import { activeIndex } from '../../state/session-view';
import { useFollowActive } from '../../state/use-follow-active';

type Request = RequestPayload & { timestamp: number };

const BROWSER_PROBE_NOTE =
  'The browser’s own favicon request, not the page’s: not counted as failed.';

/**
 * Requests as a waterfall, failures highlighted. Bars are scaled to the span of the requests shown,
 * so a burst of requests stays readable in a long session.
 */
export function NetworkPanel({
  requests,
  origin,
  now,
  onSeek,
}: {
  requests: readonly Request[];
  origin: number;
  now: Signal<number>;
  onSeek: (timestamp: number) => void;
}) {
  const active = activeIndex(requests, origin + now.value, (r) => r.startedAt);
  const list = useFollowActive(active);
  if (requests.length === 0) return <p class="panel-empty">No requests were recorded.</p>;
  const first = requests[0]!.startedAt;
  const last = Math.max(...requests.map((r) => r.startedAt + r.durationMs));
  const span = Math.max(1, last - first);
  // Counted as the analysis counts (the failures panel, the list's failed requests).
  const failed = requests.filter(isPageFailure).length;
  return (
    <div>
      <p class="panel-note">
        {requests.length} requests{failed > 0 ? `, ${failed} failed` : ''}
      </p>
      <ol class="entries waterfall" ref={list} aria-label="Requests">
        {requests.map((request, i) => (
          <li key={i} data-active={i === active}>
            <button
              type="button"
              class={`entry request${isPageFailure(request) ? ' failed' : ''}`}
              title={[
                request.url,
                request.frame ? `from the frame ${request.frame}` : '',
                isBrowserProbe(request) ? BROWSER_PROBE_NOTE : '',
              ]
                .filter(Boolean)
                .join('\n')}
              onClick={() => onSeek(request.startedAt)}
            >
              <span class="entry-time">{formatClock(request.startedAt - origin)}</span>
              <span
                class={request.method ? 'method' : 'method resource-type'}
                title={request.method ?? request.initiatorType}
              >
                {request.method ?? request.initiatorType}
              </span>
              <span class="request-url">{sitePath(request.url)}</span>
              <span class="status">
                {request.failure === 'network' || request.failure === 'timeout'
                  ? request.failure
                  : request.failure === 'abort'
                    ? 'aborted'
                    : request.status || '—'}
              </span>
              <span class="duration">{Math.round(request.durationMs)} ms</span>
              <span class="bar-track" aria-hidden="true">
                <span
                  class="bar"
                  style={{
                    left: `${((request.startedAt - first) / span) * 100}%`,
                    width: `max(2px, ${(request.durationMs / span) * 100}%)`,
                  }}
                />
              </span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
