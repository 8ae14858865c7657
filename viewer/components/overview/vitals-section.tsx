import {
  VITAL_NAMES,
  type RouteVitals,
  type VitalCell,
} from '../../../shared/metrics/aggregate-vitals';
import type { VitalName, VitalRating } from '../../../shared/signals/signal-events';
import { formatVital } from '../../../shared/signals/vital-thresholds';
import { DataTable } from './data-table';
import type { HrefOf } from './link-context';
import { SplitBar } from './split-bar';

const RATINGS: ReadonlyArray<{ rating: VitalRating; label: string; color: string }> = [
  { rating: 'good', label: 'Good', color: '#15803d' },
  { rating: 'needs-improvement', label: 'Needs improvement', color: '#d97706' },
  { rating: 'poor', label: 'Poor', color: '#dc2626' },
];

function VitalCellView({
  name,
  cell,
  route,
  hrefOf,
}: {
  name: VitalName;
  cell: VitalCell | undefined;
  route: string;
  hrefOf: HrefOf;
}) {
  if (!cell) return <span class="muted">—</span>;
  return (
    <div class="vital-cell">
      <a
        href={hrefOf([cell.segment])}
        class={`p75 rating-${cell.p75Rating}`}
        title={`p75 of ${cell.loads} page loads`}
      >
        {formatVital(name, cell.p75)}
      </a>
      <SplitBar
        label={`${name} on ${route}`}
        parts={RATINGS.map((r) => ({
          key: r.rating,
          label: r.label,
          count: cell.split[r.rating],
          color: r.color,
          href: hrefOf([{ ...cell.segment, kind: 'vital', route, name, rating: r.rating }]),
        }))}
      />
    </div>
  );
}

export function VitalsSection({ data, hrefOf }: { data: RouteVitals[]; hrefOf: HrefOf }) {
  return (
    <section class="overview-section" aria-labelledby="ov-vitals">
      <h2 id="ov-vitals">Vitals by page</h2>
      <p class="section-note">
        p75 per route pattern (ids, UUIDs and hashes in paths grouped), each page load counted once;
        the bar splits the loads into good, needs improvement and poor, as CrUX does.
      </p>
      <DataTable
        name="vitals"
        caption="Web vitals per route"
        empty="No web vitals in these sessions."
        rows={data}
        columns={[
          {
            label: 'Route',
            cell: (r) => <span class="route">{r.route}</span>,
            csv: (r) => r.route,
          },
          {
            label: 'Loads',
            numeric: true,
            cell: (r) => r.loads.toLocaleString('en-US'),
            csv: (r) => r.loads,
          },
          ...VITAL_NAMES.map((name) => ({
            label: name,
            cell: (r: RouteVitals) => (
              <VitalCellView name={name} cell={r.vitals[name]} route={r.route} hrefOf={hrefOf} />
            ),
            csv: (r: RouteVitals) => r.vitals[name]?.p75 ?? null,
          })),
          ...VITAL_NAMES.map((name) => ({
            label: `${name} good/NI/poor`,
            csvOnly: true,
            cell: () => null,
            csv: (r: RouteVitals) => {
              const c = r.vitals[name];
              return c ? `${c.split.good}/${c.split['needs-improvement']}/${c.split.poor}` : null;
            },
          })),
        ]}
      />
    </section>
  );
}
