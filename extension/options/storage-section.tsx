import { formatBytes } from '../../shared/format/format-bytes';
import type { RecorderStatus } from '../../shared/messages/popup-to-background';
import { MB_BYTES } from '../../shared/storage/enforce-budget';
import { Field, NumberWithUnit, Section } from './fields';
import type { SettingsForm } from './settings-form';
import type { StorageUsage } from './use-storage-usage';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`;

interface StorageSectionProps {
  form: SettingsForm;
  onChange: (field: 'retentionDays' | 'storageBudgetMb', value: string) => void;
  errors: { retentionDays?: string | undefined; storageBudgetMb?: string | undefined };
  /** The budget in force (saved), which the meter measures against. */
  savedBudgetMb: number;
  usage: StorageUsage | null;
  /** The disk has too little room to open the recordings: nothing is counted. */
  unread: boolean;
  status: RecorderStatus;
}

export function StorageSection({
  form,
  onChange,
  errors,
  savedBudgetMb,
  usage,
  unread,
  status,
}: StorageSectionProps) {
  return (
    <Section
      id="storage"
      title="Storage"
      lead="Recordings stay on this computer. Tabreel deletes the oldest ones to stay within these limits; pinned sessions and sessions still recording are never deleted."
    >
      <Field
        id="retentionDays"
        label="Keep sessions for"
        hint="Older sessions are deleted. 1 to 3650 days."
        error={errors.retentionDays}
      >
        <NumberWithUnit
          id="retentionDays"
          inputMode="numeric"
          min="1"
          step="1"
          value={form.retentionDays}
          error={errors.retentionDays}
          unit="days"
          onInput={(value) => onChange('retentionDays', value)}
        />
      </Field>
      <Field
        id="storageBudgetMb"
        label="Storage budget"
        hint="Beyond this, the oldest sessions are deleted first. At least 10 MB."
        error={errors.storageBudgetMb}
      >
        <NumberWithUnit
          id="storageBudgetMb"
          inputMode="numeric"
          min="10"
          step="1"
          value={form.storageBudgetMb}
          error={errors.storageBudgetMb}
          unit="MB"
          onInput={(value) => onChange('storageBudgetMb', value)}
        />
      </Field>
      {unread ? (
        <div class="meter-block">
          Not measured: the recordings stay closed until space is freed.
        </div>
      ) : (
        <StorageMeter usage={usage} budgetBytes={savedBudgetMb * MB_BYTES} />
      )}
      <p class="eviction-line" data-testid="last-eviction">
        {status.evictions
          ? `Last cleanup ${when.format(status.evictions.lastAt)}: ${plural(status.evictions.lastCount, 'session')} deleted (${formatBytes(status.evictions.lastBytes)}). ${plural(status.evictions.totalCount, 'session')} deleted in all.`
          : 'No session has been deleted for age or size yet.'}
      </p>
    </Section>
  );
}

function StorageMeter({ usage, budgetBytes }: { usage: StorageUsage | null; budgetBytes: number }) {
  if (!usage) return <div class="meter-block loading">Measuring…</div>;
  const share = Math.min(1, usage.storedBytes / budgetBytes);
  const level = share >= 0.9 ? 'high' : share >= 0.7 ? 'mid' : 'low';
  const available = usage.estimate
    ? Math.max(0, usage.estimate.quota - usage.estimate.usage)
    : null;
  return (
    <div class="meter-block">
      <div class="meter-figures">
        <span>
          <strong data-testid="storage-used">{formatBytes(usage.storedBytes)}</strong> used of your{' '}
          {(budgetBytes / MB_BYTES).toLocaleString()} MB budget
        </span>
        <span class="meter-share">{Math.round(share * 100)}%</span>
      </div>
      <div
        class={`meter meter-${level}`}
        role="meter"
        aria-label="Storage used by recordings"
        aria-valuemin={0}
        aria-valuemax={budgetBytes}
        aria-valuenow={Math.min(usage.storedBytes, budgetBytes)}
        aria-valuetext={`${formatBytes(usage.storedBytes)} of ${(budgetBytes / MB_BYTES).toLocaleString()} MB`}
      >
        <div class="meter-fill" style={{ width: `${(share * 100).toFixed(2)}%` }} />
      </div>
      <dl class="meter-facts">
        <div>
          <dt>Sessions</dt>
          <dd data-testid="session-count">
            {usage.sessions.toLocaleString()}
            {usage.pinned > 0 ? <span class="muted"> · {usage.pinned} pinned</span> : null}
            {usage.recording > 0 ? <span class="muted"> · {usage.recording} recording</span> : null}
          </dd>
        </div>
        <div>
          <dt>Captured assets</dt>
          <dd
            data-testid="asset-bytes"
            title="Stylesheets, fonts and images kept so replays look right offline; each stored once"
          >
            {formatBytes(usage.assetBytes)}
          </dd>
        </div>
        <div>
          <dt>Budget left</dt>
          <dd>{formatBytes(Math.max(0, budgetBytes - usage.storedBytes))}</dd>
        </div>
        <div>
          <dt>Available on disk</dt>
          <dd title="What the browser reports it can still store (navigator.storage.estimate)">
            {available === null ? 'unknown' : formatBytes(available)}
          </dd>
        </div>
      </dl>
    </div>
  );
}
