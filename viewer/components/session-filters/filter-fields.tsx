import type { HealthStatus } from '../../../shared/analysis/classify-health';
import { localDateOf, localDayStart, nextLocalDay } from '../../state/local-day';

// The filter fields the session list and the Overview share, so both read and set them alike.

/** Start time range, ms since the epoch: `from` inclusive, `to` exclusive (whole local days). */
export function DateRangeFields({
  from,
  to,
  onChange,
}: {
  from: number | null;
  to: number | null;
  onChange: (range: { from?: number | null; to?: number | null }) => void;
}) {
  return (
    <div class="date-range" role="group" aria-label="Started between">
      <label>
        <span class="visually-hidden">From</span>
        <input
          type="date"
          value={from === null ? '' : localDateOf(from)}
          onChange={(event) => onChange({ from: localDayStart(event.currentTarget.value) })}
        />
      </label>
      <span class="range-dash" aria-hidden="true">
        –
      </span>
      <label>
        <span class="visually-hidden">To</span>
        <input
          type="date"
          value={to === null ? '' : localDateOf(to - 1)}
          onChange={(event) => onChange({ to: nextLocalDay(event.currentTarget.value) })}
        />
      </label>
    </div>
  );
}

export function SiteSelect({
  host,
  hosts,
  onChange,
}: {
  host: string | null;
  hosts: readonly string[];
  onChange: (host: string | null) => void;
}) {
  return (
    <select
      aria-label="Site"
      value={host ?? ''}
      onChange={(event) => onChange(event.currentTarget.value || null)}
    >
      <option value="">All sites</option>
      {hosts.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </select>
  );
}

const HEALTH_OPTIONS: ReadonlyArray<{ value: HealthStatus | ''; label: string }> = [
  { value: '', label: 'Any health' },
  { value: 'abnormal', label: 'Abnormal' },
  { value: 'tolerable', label: 'Tolerable' },
];

export function HealthSelect({
  health,
  onChange,
}: {
  health: HealthStatus | null;
  onChange: (health: HealthStatus | null) => void;
}) {
  return (
    <select
      aria-label="Health"
      value={health ?? ''}
      onChange={(event) => onChange((event.currentTarget.value || null) as HealthStatus | null)}
    >
      {HEALTH_OPTIONS.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
