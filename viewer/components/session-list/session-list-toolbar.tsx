import { hasFilters, type SessionOrigin } from '../../state/filter-sessions';
import { DateRangeFields, HealthSelect, SiteSelect } from '../session-filters/filter-fields';
import type { SessionListStore } from '../../state/session-list-store';
import { Icon } from './icons';
import { describeSegment } from '../../../shared/metrics/segment';

const ORIGIN_OPTIONS: ReadonlyArray<{ value: SessionOrigin; label: string }> = [
  { value: 'all', label: 'All sessions' },
  { value: 'recorded', label: 'Recorded here' },
  { value: 'imported', label: 'Imported' },
];

export function SessionListToolbar({ store }: { store: SessionListStore }) {
  const filters = store.filters.value;
  const hosts = store.facets.value?.hosts ?? [];
  return (
    <div class="list-toolbar" role="search" aria-label="Filter sessions">
      <label class="search-field">
        <Icon name="search" />
        <span class="visually-hidden">Search sessions</span>
        <input
          type="search"
          placeholder="Search title, URL, site, name or tag"
          value={filters.text}
          onInput={(event) => store.setFilters({ text: event.currentTarget.value })}
        />
      </label>
      <DateRangeFields
        from={filters.from}
        to={filters.to}
        onChange={(range) => store.setFilters(range)}
      />
      <SiteSelect
        host={filters.host}
        hosts={hosts}
        onChange={(host) => store.setFilters({ host })}
      />
      <HealthSelect health={filters.health} onChange={(health) => store.setFilters({ health })} />
      <select
        aria-label="Recorded or imported"
        value={filters.origin}
        onChange={(event) =>
          store.setFilters({ origin: event.currentTarget.value as SessionOrigin })
        }
      >
        {ORIGIN_OPTIONS.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <label class={`toggle-chip${filters.failedOnly ? ' is-on' : ''}`}>
        <input
          type="checkbox"
          checked={filters.failedOnly}
          onChange={(event) => store.setFilters({ failedOnly: event.currentTarget.checked })}
        />
        Has failed actions
      </label>
      <label class={`toggle-chip${filters.pinnedOnly ? ' is-on' : ''}`}>
        <input
          type="checkbox"
          checked={filters.pinnedOnly}
          onChange={(event) => store.setFilters({ pinnedOnly: event.currentTarget.checked })}
        />
        Pinned
      </label>
      {filters.tag !== null && (
        <span class="tag-chip removable segment-chip">
          Tag: {filters.tag}
          <button
            type="button"
            aria-label={`Remove the filter Tag: ${filters.tag}`}
            onClick={() => store.setFilters({ tag: null })}
          >
            <Icon name="close" />
          </button>
        </span>
      )}
      {filters.segments.map((segment, i) => (
        <span key={i} class="tag-chip removable segment-chip" data-testid="segment-chip">
          {describeSegment(segment)}
          <button
            type="button"
            aria-label={`Remove the filter ${describeSegment(segment)}`}
            onClick={() =>
              store.setFilters({ segments: filters.segments.filter((_, j) => j !== i) })
            }
          >
            <Icon name="close" />
          </button>
        </span>
      ))}
      {store.linkError.value && (
        <p class="error link-error" role="alert">
          {store.linkError.value}
        </p>
      )}
      {hasFilters(filters) && (
        <button type="button" class="text-button" onClick={() => store.clearFilters()}>
          Clear filters
        </button>
      )}
    </div>
  );
}
