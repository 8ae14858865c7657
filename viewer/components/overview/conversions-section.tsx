import type { ConversionsOverview } from '../../../shared/metrics/aggregate-conversions';
import type { GoalStore } from '../../state/goal-store';
import { BarChart } from './bar-chart';
import { DataTable } from './data-table';
import { formatCount, formatRate } from './format';
import { GoalEditor } from './goal-editor';
import type { HrefOf } from './link-context';

export function ConversionsSection({
  data,
  goals,
  hrefOf,
}: {
  data: ConversionsOverview;
  goals: GoalStore;
  hrefOf: HrefOf;
}) {
  return (
    <section class="overview-section" aria-labelledby="ov-conversions">
      <h2 id="ov-conversions">Conversions</h2>
      <GoalEditor store={goals} />
      {data.goals.length === 0 ? (
        <p class="muted">
          Add a goal — a page reached or a target clicked — to see how many sessions convert.
        </p>
      ) : (
        <div class="charts">
          <DataTable
            name="goals"
            caption="Goals"
            rows={data.goals}
            columns={[
              { label: 'Goal', cell: (g) => g.goal.name, csv: (g) => g.goal.name },
              {
                label: 'Converted',
                numeric: true,
                cell: (g) => <a href={hrefOf([g.segment])}>{formatCount(g.converted)}</a>,
                csv: (g) => g.converted,
              },
              { label: 'Rate', numeric: true, cell: (g) => formatRate(g.rate), csv: (g) => g.rate },
            ]}
          />
          <div>
            <h3>Funnel</h3>
            <BarChart
              label="Funnel: sessions reaching each step in order"
              unit="sessions"
              series={[{ key: 'reached', label: 'Reached', color: '#2563eb' }]}
              bars={data.funnel.map((step, i) => ({
                key: step.goal.id,
                label: `${i + 1}. ${step.goal.name}`,
                values: { reached: step.reached },
                hrefs: { reached: hrefOf([step.segment]) },
              }))}
            />
            <DataTable
              name="funnel"
              caption="Funnel steps"
              rows={data.funnel}
              columns={[
                { label: 'Step', cell: (s) => s.goal.name, csv: (s) => s.goal.name },
                {
                  label: 'Reached',
                  numeric: true,
                  cell: (s) => <a href={hrefOf([s.segment])}>{formatCount(s.reached)}</a>,
                  csv: (s) => s.reached,
                },
                {
                  label: 'Of all',
                  numeric: true,
                  cell: (s) => formatRate(s.rate),
                  csv: (s) => s.rate,
                },
                {
                  label: 'Of previous',
                  numeric: true,
                  cell: (s) => formatRate(s.stepRate),
                  csv: (s) => s.stepRate,
                },
                {
                  label: 'Drop-off',
                  numeric: true,
                  cell: (s) => formatCount(s.dropOff),
                  csv: (s) => s.dropOff,
                },
              ]}
            />
          </div>
          <DataTable
            name="conversion-by-failures"
            caption="Conversion rate by failed actions in the session"
            rows={data.byFailures}
            columns={[
              { label: 'Failed actions', cell: (b) => b.label, csv: (b) => b.label },
              {
                label: 'Sessions',
                numeric: true,
                cell: (b) => <a href={hrefOf([b.segment])}>{formatCount(b.sessions)}</a>,
                csv: (b) => b.sessions,
              },
              ...data.goals.map((g, gi) => ({
                label: g.goal.name,
                numeric: true,
                cell: (b: (typeof data.byFailures)[number]) => {
                  const cell = b.goals[gi]!;
                  return b.sessions === 0 ? (
                    '—'
                  ) : (
                    <a href={hrefOf(cell.segment)} title={`${cell.converted} of ${b.sessions}`}>
                      {formatRate(cell.rate)}
                    </a>
                  );
                },
                csv: (b: (typeof data.byFailures)[number]) => b.goals[gi]!.rate,
              })),
            ]}
          />
        </div>
      )}
    </section>
  );
}
