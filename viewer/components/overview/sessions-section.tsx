import type { CountedSegment, SessionsOverview } from '../../../shared/metrics/aggregate-sessions';
import type { TimeUnit } from '../../state/time-edges';
import { BarChart } from './bar-chart';
import { DataTable } from './data-table';
import { countOf } from '../../../shared/format/count-of';
import { formatCount, formatDuration, formatRate } from './format';
import type { HrefOf } from './link-context';
import { Stat } from './stat';
import { endReasonLabel } from '../../../shared/session/end-reasons';

const SESSIONS = [{ key: 'count', label: 'Sessions', color: '#2563eb' }];

/** `Mon 3`, `14:00`: a time bucket's label. */
export function binLabel(start: number, unit: TimeUnit): string {
  const d = new Date(start);
  if (unit === 'hour') return `${String(d.getHours()).padStart(2, '0')}:00`;
  return d.toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
}

export function SessionsSection({
  data,
  unit,
  hrefOf,
}: {
  data: SessionsOverview;
  unit: TimeUnit;
  hrefOf: HrefOf;
}) {
  const wall = data.activeMs + data.idleMs;
  // A percentile's sessions: those lasting at least that long (the tail it marks).
  const atLeast = (ms: number | null) =>
    ms === null ? null : hrefOf([{ kind: 'range', field: 'wallMs', min: ms, max: null }]);
  /** A histogram's bins as bars, each linking to its sessions. */
  const countBars = (histogram: readonly CountedSegment[]) =>
    histogram.map((b) => ({
      key: b.label,
      label: b.label,
      values: { count: b.count },
      hrefs: { count: hrefOf([b.segment]) },
    }));
  return (
    <section class="overview-section" aria-labelledby="ov-sessions">
      <h2 id="ov-sessions">Sessions</h2>
      <div class="stats">
        <Stat
          label="Sessions"
          value={formatCount(data.total)}
          href={hrefOf([{ kind: 'analyzed' }])}
          testId="stat-sessions"
        />
        <Stat
          label="Median duration"
          value={formatDuration(data.duration.medianMs)}
          href={atLeast(data.duration.medianMs)}
          testId="stat-median"
        />
        <Stat
          label="p75 duration"
          value={formatDuration(data.duration.p75Ms)}
          href={atLeast(data.duration.p75Ms)}
          testId="stat-p75"
        />
        <Stat
          label="p95 duration"
          value={formatDuration(data.duration.p95Ms)}
          href={atLeast(data.duration.p95Ms)}
          testId="stat-p95"
        />
        <Stat
          label="Bounce rate"
          value={formatRate(data.bounce.rate)}
          detail={countOf(data.bounce.count, 'session')}
          href={hrefOf([{ kind: 'bounce' }])}
          testId="stat-bounce"
        />
        <Stat
          label="Pages per session"
          value={data.pages.mean.toFixed(1)}
          detail={`median ${data.pages.median ?? '—'}`}
          testId="stat-pages"
        />
        <Stat
          label="Active time"
          value={formatRate(wall === 0 ? 0 : data.activeMs / wall)}
          detail={`${formatDuration(data.activeMs)} active · ${formatDuration(data.idleMs)} idle`}
          testId="stat-active"
        />
      </div>
      <div class="charts">
        <div>
          <h3>Sessions over time</h3>
          <BarChart
            label="Sessions over time"
            unit="sessions"
            series={SESSIONS}
            bars={data.overTime.map((bin) => ({
              key: String(bin.start),
              label: binLabel(bin.start, unit),
              values: { count: bin.count },
              hrefs: { count: hrefOf([{ kind: 'analyzed' }], { bin }) },
            }))}
          />
        </div>
        <div>
          <h3>Duration</h3>
          <BarChart
            label="Sessions by duration"
            unit="sessions"
            series={SESSIONS}
            bars={countBars(data.duration.histogram)}
          />
        </div>
        <div>
          <h3>Pages per session</h3>
          <BarChart
            label="Sessions by pages viewed"
            unit="sessions"
            series={SESSIONS}
            bars={countBars(data.pages.histogram)}
          />
        </div>
        <DataTable
          name="end-reasons"
          caption="End reasons"
          rows={data.endReasons}
          columns={[
            { label: 'Reason', cell: (r) => endReasonLabel(r.reason), csv: (r) => r.reason },
            {
              label: 'Sessions',
              numeric: true,
              cell: (r) =>
                r.segment ? (
                  <a href={hrefOf([r.segment])}>{formatCount(r.count)}</a>
                ) : (
                  formatCount(r.count)
                ),
              csv: (r) => r.count,
            },
            {
              label: 'Share',
              numeric: true,
              cell: (r) => formatRate(r.count / Math.max(1, data.total)),
              csv: (r) => r.count / Math.max(1, data.total),
            },
          ]}
        />
      </div>
    </section>
  );
}
