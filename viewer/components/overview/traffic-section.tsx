import { scaleLinear } from 'd3-scale';
import type { TrafficOverview } from '../../../shared/metrics/aggregate-traffic';
import { DataTable } from './data-table';
import { formatCount } from './format';
import type { HrefOf } from './link-context';

const TITLES: Record<keyof TrafficOverview, string> = {
  source: 'Source (referrer / UTM)',
  browser: 'Browser',
  os: 'OS',
  viewport: 'Viewport',
};

export function TrafficSection({ data, hrefOf }: { data: TrafficOverview; hrefOf: HrefOf }) {
  return (
    <section class="overview-section" aria-labelledby="ov-traffic">
      <h2 id="ov-traffic">Traffic and environment</h2>
      <div class="charts four">
        {(Object.keys(TITLES) as Array<keyof TrafficOverview>).map((dimension) => {
          const rows = data[dimension];
          const width = scaleLinear()
            .domain([0, Math.max(1, ...rows.map((r) => r.count))])
            .range([0, 100]);
          return (
            <DataTable
              key={dimension}
              name={`traffic-${dimension}`}
              caption={TITLES[dimension]}
              rows={rows}
              columns={[
                { label: TITLES[dimension], cell: (r) => r.value, csv: (r) => r.value },
                {
                  label: 'Sessions',
                  numeric: true,
                  cell: (r) => (
                    <a href={hrefOf([r.segment])} class="bar-cell">
                      <span class="bar-fill" style={{ width: `${width(r.count)}%` }} />
                      {formatCount(r.count)}
                    </a>
                  ),
                  csv: (r) => r.count,
                },
              ]}
            />
          );
        })}
      </div>
    </section>
  );
}
