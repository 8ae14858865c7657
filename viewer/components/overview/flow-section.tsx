import type { FlowOverview } from '../../../shared/metrics/aggregate-flow';
import { DataTable } from './data-table';
import { formatCount, formatRate } from './format';
import type { HrefOf } from './link-context';
import { SankeyChart } from './sankey-chart';

export function FlowSection({ data, hrefOf }: { data: FlowOverview; hrefOf: HrefOf }) {
  return (
    <section class="overview-section" aria-labelledby="ov-flow">
      <h2 id="ov-flow">Flow across sessions</h2>
      <SankeyChart
        nodes={data.nodes}
        links={data.links}
        hrefOf={(item) => (item.segment ? hrefOf([item.segment]) : null)}
      />
      <DataTable
        name="flow-routes"
        caption="Entries, exits and drop-off per route"
        rows={data.routes.slice(0, 30)}
        columns={[
          {
            label: 'Route',
            cell: (r) => <span class="route">{r.route}</span>,
            csv: (r) => r.route,
          },
          {
            label: 'Sessions',
            numeric: true,
            cell: (r) => <a href={hrefOf([r.segments.any])}>{formatCount(r.sessions)}</a>,
            csv: (r) => r.sessions,
          },
          { label: 'Views', numeric: true, cell: (r) => formatCount(r.views), csv: (r) => r.views },
          {
            label: 'Entries',
            numeric: true,
            cell: (r) => <a href={hrefOf([r.segments.entry])}>{formatCount(r.entries)}</a>,
            csv: (r) => r.entries,
          },
          {
            label: 'Exits',
            numeric: true,
            cell: (r) => <a href={hrefOf([r.segments.exit])}>{formatCount(r.exits)}</a>,
            csv: (r) => r.exits,
          },
          {
            label: 'Exit rate',
            numeric: true,
            cell: (r) => formatRate(r.exitRate),
            csv: (r) => r.exitRate,
          },
        ]}
      />
    </section>
  );
}
