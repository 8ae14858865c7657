import type { SessionAnalysis } from '../../../shared/analysis/analyze-session';
import type { SessionRow } from '../../../shared/db/schema';
import type { EndReason } from '../../../shared/session/session-types';
import { formatDuration } from '../../../shared/format/format-duration';
import { formatClock } from '../../state/format-clock';

// Sentences for the details panel; the short names for lists and charts: shared/session/end-reasons.ts.
const END_REASON_SENTENCES: Record<EndReason, string> = {
  inactivity: 'No activity for the inactivity timeout',
  'max-duration': 'Reached the maximum session length',
  'tab-closed': 'The tab was closed',
  manual: 'A new session was started by hand',
  campaign: 'A new campaign (UTM) began',
  paused: 'Recording was paused',
  'excluded-site': 'Its site was excluded from recording',
  'not-listed': 'Its site was taken off the recorded sites',
  incognito: 'Recording in incognito windows was turned off',
  'storage-full': 'The disk was full: recording stopped',
};

const PRIVACY_LABELS: Record<SessionRow['privacy']['level'], string> = {
  'mask-inputs': 'inputs masked',
  'mask-all-text': 'all text masked',
  unknown: 'not known (a plain rrweb recording)',
};

/** ` — why it ended`, when known (an imported session may not say). */
function endReasonOf(session: SessionRow): string {
  const reason = session.endReason;
  // A newer version's reason, from an imported bundle, is shown as it is.
  if (reason) return ` — ${(END_REASON_SENTENCES as Record<string, string>)[reason] ?? reason}`;
  return session.imported ? ' — the end of the imported recording' : '';
}

/** Duration (wall, active, idle periods), start and end, and how the session was recorded. */
export function DetailsPanel({
  session,
  analysis,
  origin,
  onSeek,
}: {
  session: SessionRow;
  analysis: SessionAnalysis;
  origin: number;
  onSeek: (timestamp: number) => void;
}) {
  const { duration } = analysis;
  return (
    <div>
      <dl class="facts">
        <div>
          <dt>Started</dt>
          <dd>{new Date(duration.startedAt).toLocaleString()}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>
            {session.endedAt === null
              ? 'Still recording'
              : `${new Date(duration.endedAt).toLocaleString()}${endReasonOf(session)}`}
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd data-testid="duration">
            {formatDuration(duration.wallMs)} wall · {formatDuration(duration.activeMs)} active ·{' '}
            {formatDuration(duration.idleMs)} idle
          </dd>
        </div>
        <div>
          <dt>Health</dt>
          <dd>
            {analysis.health.status === 'abnormal'
              ? `Abnormal: ${analysis.health.reasons.join('; ')}`
              : 'Tolerable'}
          </dd>
        </div>
        <div>
          <dt>Recorded</dt>
          <dd>
            {session.eventCount.toLocaleString()} events · {(session.storedBytes / 1024).toFixed(1)}{' '}
            KB stored · privacy: {PRIVACY_LABELS[session.privacy.level]}
          </dd>
        </div>
        {session.imported && (
          <div>
            <dt>Imported</dt>
            <dd>
              From “{session.imported.from}” on {new Date(session.imported.at).toLocaleString()} ·
              made by {session.imported.producer} · its id there: {session.imported.originalId}.
              Failures, flow and health were worked out again here, from its events.
            </dd>
          </div>
        )}
      </dl>
      <h3 class="panel-subtitle">Idle periods ({duration.idlePeriods.length})</h3>
      {duration.idlePeriods.length === 0 ? (
        <p class="panel-empty">None: the person was active throughout.</p>
      ) : (
        <ol class="entries">
          {duration.idlePeriods.map((period) => (
            <li key={period.start}>
              <button type="button" class="entry" onClick={() => onSeek(period.start)}>
                <span class="entry-time">{formatClock(period.start - origin)}</span>
                <span class="entry-main">Idle for {formatDuration(period.end - period.start)}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
