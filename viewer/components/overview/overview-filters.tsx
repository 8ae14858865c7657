import { DateRangeFields, HealthSelect, SiteSelect } from '../session-filters/filter-fields';
import type { OverviewStore } from '../../state/overview-store';

/** Date range, site, tag and health: which sessions the overview counts. */
export function OverviewFilters({ store }: { store: OverviewStore }) {
  const filters = store.filters.value;
  const facets = store.facets.value;
  return (
    <div class="list-toolbar" role="search" aria-label="Which sessions">
      <DateRangeFields
        from={filters.from}
        to={filters.to}
        onChange={(range) => store.setFilters(range)}
      />
      <SiteSelect
        host={filters.host}
        hosts={facets?.hosts ?? []}
        onChange={(host) => store.setFilters({ host })}
      />
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
      <HealthSelect health={filters.health} onChange={(health) => store.setFilters({ health })} />
    </div>
  );
}
