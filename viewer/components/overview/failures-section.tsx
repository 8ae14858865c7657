import type { FailureKind } from '../../../shared/analysis/failed-action';
import {
  ACTION_KINDS,
  type FailuresOverview,
  type FailureTop,
} from '../../../shared/metrics/aggregate-failures';
import type { TimeUnit } from '../../state/time-edges';
import { BarChart } from './bar-chart';
import { DataTable } from './data-table';
import { countOf } from '../../../shared/format/count-of';
import { formatCount, formatRate } from './format';
import type { HrefOf } from './link-context';
import { binLabel } from './sessions-section';
import { SplitBar } from './split-bar';
import { Stat } from './stat';

const KIND_COLOR: Record<string, string> = {
  'dead-click': '#6b7280',
  'rage-click': '#dc2626',
  'error-click': '#b45309',
  'failed-request-click': '#7c3aed',
  'invalid-submit': '#0891b2',
};
const KIND_LABEL: Record<string, string> = {
  'dead-click': 'Dead click',
  'rage-click': 'Rage click',
  'error-click': 'Error click',
  'failed-request-click': 'Failed-request click',
  'invalid-submit': 'Invalid submit',
};

export function FailuresSection({
  data,
  total,
  unit,
  hrefOf,
}: {
  data: FailuresOverview;
  total: number;
  unit: TimeUnit;
  hrefOf: HrefOf;
}) {
  const topColumns = (what: string) => [
    {
      label: what,
      cell: (r: FailureTop) => <span class="route">{r.label}</span>,
      csv: (r: FailureTop) => r.label,
    },
    {
      label: 'Failed actions',
      numeric: true,
      cell: (r: FailureTop) => formatCount(r.failures),
      csv: (r: FailureTop) => r.failures,
    },
    {
      label: 'Sessions',
      numeric: true,
      cell: (r: FailureTop) => <a href={hrefOf([r.segment])}>{formatCount(r.sessions)}</a>,
      csv: (r: FailureTop) => r.sessions,
    },
  ];
  return (
    <section class="overview-section" aria-labelledby="ov-failures">
      <h2 id="ov-failures">Failures</h2>
      <div class="stats">
        <Stat
          label="Sessions with a failed action"
          value={formatRate(data.withFailed.rate)}
          detail={`${formatCount(data.withFailed.count)} of ${formatCount(total)}`}
          href={hrefOf([data.withFailed.segment])}
          testId="stat-failed"
        />
        {data.byKind.map((k) => (
          <Stat
            key={k.kind}
            label={KIND_LABEL[k.kind] ?? k.kind}
            value={formatCount(k.failures)}
            detail={`in ${countOf(k.sessions, 'session')}`}
            href={hrefOf([k.segment])}
            testId={`stat-kind-${k.kind}`}
          />
        ))}
      </div>
      <div class="charts">
        <div>
          <h3>Failed actions by kind over time</h3>
          <BarChart
            label="Failed actions by kind over time"
            unit="failed actions"
            series={ACTION_KINDS.map((kind) => ({
              key: kind,
              label: KIND_LABEL[kind] ?? kind,
              color: KIND_COLOR[kind] ?? '#888',
            }))}
            bars={data.overTime.map((bin) => ({
              key: String(bin.start),
              label: binLabel(bin.start, unit),
              values: bin.byKind as Record<string, number>,
              hrefs: Object.fromEntries(
                ACTION_KINDS.map((kind: FailureKind) => [
                  kind,
                  hrefOf([{ kind: 'failure', failure: kind }], { bin }),
                ]),
              ),
            }))}
          />
        </div>
        <div>
          <h3>Health</h3>
          <SplitBar
            label="Sessions by health"
            parts={[
              {
                key: 'tolerable',
                label: 'Tolerable',
                count: data.health.tolerable,
                color: '#15803d',
                href: hrefOf([], { health: 'tolerable' }),
              },
              {
                key: 'abnormal',
                label: 'Abnormal',
                count: data.health.abnormal,
                color: '#dc2626',
                href: hrefOf([], { health: 'abnormal' }),
              },
            ]}
          />
          <p class="split-legend">
            <a class="ok" href={hrefOf([], { health: 'tolerable' })} data-testid="health-tolerable">
              {formatCount(data.health.tolerable)} tolerable
            </a>{' '}
            ·{' '}
            <a class="bad" href={hrefOf([], { health: 'abnormal' })} data-testid="health-abnormal">
              {formatCount(data.health.abnormal)} abnormal
            </a>
          </p>
          <DataTable
            name="health-reasons"
            caption="Top reasons for abnormal"
            rows={data.health.reasons}
            columns={[
              { label: 'Reason', cell: (r) => r.key, csv: (r) => r.key },
              {
                label: 'Sessions',
                numeric: true,
                cell: (r) => <a href={hrefOf([r.segment])}>{formatCount(r.count)}</a>,
                csv: (r) => r.count,
              },
            ]}
          />
        </div>
        <DataTable
          name="failing-pages"
          caption="Top failing pages"
          rows={data.pages}
          columns={topColumns('Route')}
        />
        <DataTable
          name="failing-targets"
          caption="Top failing targets"
          rows={data.targets}
          columns={topColumns('Target')}
        />
      </div>
    </section>
  );
}
