import type { HealthStatus } from '../../../shared/analysis/classify-health';
import { localDateOf, localDayStart, nextLocalDay } from '../../state/local-day';
import type { OverviewStore } from '../../state/overview-store';

/** Date range, site, tag and health: which sessions the overview counts. */
export function OverviewFilters({ store }: { store: OverviewStore }) {
  const filters = store.filters.value;
  const facets = store.facets.value;
  return (
    <div class="list-toolbar" role="search" aria-label="Which sessions">
      <div class="date-range" role="group" aria-label="Started between">
        <label>
          <span class="visually-hidden">From</span>
          <input
            type="date"
            value={filters.from === null ? '' : localDateOf(filters.from)}
            onChange={(e) => store.setFilters({ from: localDayStart(e.currentTarget.value) })}
          />
        </label>
        <span class="range-dash" aria-hidden="true">
          –
        </span>
        <label>
          <span class="visually-hidden">To</span>
          <input
            type="date"
            value={filters.to === null ? '' : localDateOf(filters.to - 1)}
            onChange={(e) => store.setFilters({ to: nextLocalDay(e.currentTarget.value) })}
          />
        </label>
      </div>
      <select
        aria-label="Site"
        value={filters.host ?? ''}
        onChange={(e) => store.setFilters({ host: e.currentTarget.value || null })}
      >
        <option value="">All sites</option>
        {(facets?.hosts ?? []).map((host) => (
          <option key={host} value={host}>
            {host}
          </option>
        ))}
      </select>
      <select
        aria-label="Tag"
        value={filters.tag ?? ''}
        onChange={(e) => store.setFilters({ tag: e.currentTarget.value || null })}
      >
        <option value="">Any tag</option>
        {(facets?.tags ?? []).map((tag) => (
          <option key={tag} value={tag}>
            {tag}
          </option>
        ))}
      </select>
      <select
        aria-label="Health"
        value={filters.health ?? ''}
        onChange={(e) =>
          store.setFilters({ health: (e.currentTarget.value || null) as HealthStatus | null })
        }
      >
        <option value="">Any health</option>
        <option value="abnormal">Abnormal</option>
        <option value="tolerable">Tolerable</option>
      </select>
    </div>
  );
}
