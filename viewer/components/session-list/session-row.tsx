import { memo } from 'preact/compat';
import type { FailureKind } from '../../../shared/analysis/failed-action';
import type { SessionRow } from '../../../shared/db/schema';
import { formatDuration } from '../../../shared/format/format-duration';
import { endReasonLabel } from '../../../shared/session/end-reasons';
import { FAILURE_LABELS } from '../../../shared/replay/replay-timeline';
import { formatVital } from '../../../shared/signals/vital-thresholds';
import { hashOf } from '../../state/hash-route';
import { sitePath } from '../../../shared/format/url-parts';
import { nameOf, wallMsOf } from '../../state/sort-sessions';
import { Icon } from './icons';
import { SiteAvatar } from './site-avatar';

/** Failed actions as a chip names them; the chip's tooltip has the full label. */
const SHORT_LABELS: Partial<Record<FailureKind, string>> = {
  'dead-click': 'dead',
  'rage-click': 'rage',
  'error-click': 'error',
  'failed-request-click': 'request',
  'invalid-submit': 'invalid',
};
const ACTION_KINDS = Object.keys(SHORT_LABELS) as FailureKind[];

/** Chips shown before the rest fold into "+N". */
const MAX_FAILURE_CHIPS = 2;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const dayYearFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

function startedParts(startedAt: number, now: number): { day: string; time: string } {
  const date = new Date(startedAt);
  const today = new Date(now);
  const daysAgo = Math.round(
    (new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime() -
      new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime()) /
      86_400_000,
  );
  const day =
    daysAgo === 0
      ? 'Today'
      : daysAgo === 1
        ? 'Yesterday'
        : date.getFullYear() === today.getFullYear()
          ? dayFormat.format(date)
          : dayYearFormat.format(date);
  return { day, time: timeFormat.format(date) };
}

function FailureChips({ session }: { session: SessionRow }) {
  const summary = session.summary;
  if (!summary) return <span class="muted">—</span>;
  const kinds = ACTION_KINDS.map((kind) => ({ kind, count: summary.failuresByKind[kind] ?? 0 }))
    .filter((k) => k.count > 0)
    .sort((a, b) => b.count - a.count);
  if (kinds.length === 0) return <span class="muted">none</span>;
  const title = kinds.map((k) => `${FAILURE_LABELS[k.kind]}: ${k.count}`).join('\n');
  const shown = kinds.slice(0, MAX_FAILURE_CHIPS);
  const rest = kinds.slice(MAX_FAILURE_CHIPS).reduce((sum, k) => sum + k.count, 0);
  return (
    <span class="failure-chips" title={title}>
      {shown.map((k) => (
        <span key={k.kind} class={`failure-chip kind-${k.kind}`}>
          {k.count} {SHORT_LABELS[k.kind]}
        </span>
      ))}
      {rest > 0 && <span class="failure-chip more">+{rest}</span>}
    </span>
  );
}

/** When and why the session ended, as the duration's tooltip says it. */
function endOf(session: SessionRow): string {
  if (session.endedAt === null) return 'Still recording';
  const reason = session.endReason ? ` · ${endReasonLabel(session.endReason)}` : '';
  return `Ended ${fullFormat.format(session.endedAt)}${reason}`;
}

function HealthBadge({ session }: { session: SessionRow }) {
  if (session.endedAt === null)
    return (
      <span class="health-badge recording" title="Still recording: analysed when it ends">
        <span class="live-dot" aria-hidden="true" />
        Recording
      </span>
    );
  const summary = session.summary;
  if (!summary || !session.health)
    return (
      <span class="health-badge pending" title="Analysing…">
        Analysing
      </span>
    );
  const reasons = summary.healthReasons;
  return (
    <span
      class={`health-badge health-${session.health}`}
      title={reasons.length > 0 ? reasons.join('\n') : 'No errors, failed requests or poor vitals'}
    >
      {session.health === 'abnormal' ? 'Abnormal' : 'Tolerable'}
    </span>
  );
}

/** Imported sessions say so, and from which file: they never pass for this browser's recordings. */
export function ImportedMark({ session }: { session: SessionRow }) {
  const imported = session.imported;
  if (!imported) return null;
  return (
    <span
      class="imported-mark"
      data-testid="imported-mark"
      title={`Imported from “${imported.from}” on ${fullFormat.format(imported.at)}\nMade by ${imported.producer}`}
    >
      <Icon name="file" />
      <span class="imported-text">Imported · {imported.from}</span>
    </span>
  );
}

function WorstVital({ session }: { session: SessionRow }) {
  const vital = session.summary?.worstVital;
  if (!vital) return <span class="muted">—</span>;
  return (
    <span class={`vital-chip rating-${vital.rating}`} title={`${vital.rating} on ${vital.url}`}>
      {vital.name} {formatVital(vital.name, vital.value)}
    </span>
  );
}

export interface SessionRowProps {
  session: SessionRow;
  /** 1-based, among all rows shown (for aria-rowindex). */
  index: number;
  top: number;
  selected: boolean;
  now: number;
  onToggle: (id: string, on: boolean) => void;
  onPin: (id: string, pinned: boolean) => void;
  onEdit: (id: string) => void;
}

export const SessionRowView = memo(function SessionRowView({
  session,
  index,
  top,
  selected,
  now,
  onToggle,
  onPin,
  onEdit,
}: SessionRowProps) {
  const name = nameOf(session);
  const href = hashOf({ name: 'session', id: session.id, t: null });
  const started = startedParts(session.startedAt, now);
  const recording = session.endedAt === null;
  const pinned = session.pinned === 1;
  const activeMs = session.summary?.activeMs;
  const subtitle = session.label
    ? `${session.title || sitePath(session.firstUrl)}`
    : sitePath(session.firstUrl);
  return (
    <div
      role="row"
      class={`session-row${selected ? ' is-selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      aria-rowindex={index + 1}
      data-session-id={session.id}
      onClick={(event) => {
        // The whole row opens the session; its controls keep their own clicks.
        if ((event.target as HTMLElement).closest('a, button, input, label')) return;
        location.hash = href;
      }}
    >
      <div role="cell" class="cell-select">
        <input
          type="checkbox"
          checked={selected}
          aria-label={`Select “${name}”`}
          onChange={(event) => onToggle(session.id, event.currentTarget.checked)}
        />
      </div>
      <div role="cell" class="cell-started" title={fullFormat.format(session.startedAt)}>
        <span class="primary">{started.day}</span>
        <span class="secondary">{started.time}</span>
      </div>
      <div role="cell" class="cell-site">
        <SiteAvatar host={session.host} />
        <span class="host" title={session.host}>
          {session.host}
        </span>
      </div>
      <div role="cell" class="cell-title">
        <a class="session-link primary" href={href} title={session.firstUrl}>
          {name}
        </a>
        <span class="secondary">
          <ImportedMark session={session} />
          {session.note && (
            <span class="note-mark" title={session.note} aria-label={`Note: ${session.note}`}>
              <Icon name="note" />
            </span>
          )}
          {session.tags?.map((tag) => (
            <span key={tag} class="tag-chip row-tag" title={tag}>
              <span class="tag-text">{tag}</span>
            </span>
          ))}
          <span class="path">{subtitle}</span>
        </span>
      </div>
      <div role="cell" class="cell-num" title={endOf(session)}>
        {recording ? (
          <span class="recording-text">{formatDuration(wallMsOf(session))}</span>
        ) : (
          formatDuration(wallMsOf(session))
        )}
      </div>
      <div role="cell" class="cell-num">
        {activeMs === undefined ? <span class="muted">—</span> : formatDuration(activeMs)}
      </div>
      <div role="cell" class="cell-num">
        {session.summary?.pages ?? session.pageCount}
      </div>
      <div role="cell" class="cell-failed">
        <FailureChips session={session} />
      </div>
      <div role="cell" class="cell-health">
        <HealthBadge session={session} />
      </div>
      <div role="cell" class="cell-vital">
        <WorstVital session={session} />
      </div>
      <div role="cell" class="cell-actions">
        <button
          type="button"
          class={`icon-button pin-button${pinned ? ' is-pinned' : ''}`}
          aria-pressed={pinned}
          aria-label={pinned ? `Unpin “${name}”` : `Pin “${name}”`}
          title={pinned ? 'Pinned: never evicted. Click to unpin.' : 'Pin: never evict'}
          onClick={() => onPin(session.id, !pinned)}
        >
          <Icon name="pin" filled={pinned} />
        </button>
        <button
          type="button"
          class="icon-button"
          aria-label={`Edit “${name}”`}
          title="Rename, tag, add a note"
          onClick={() => onEdit(session.id)}
        >
          <Icon name="edit" />
        </button>
      </div>
    </div>
  );
});
