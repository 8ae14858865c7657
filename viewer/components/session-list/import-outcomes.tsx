import type { FileImport, ImportOutcome } from '../../state/use-file-import';
import { Icon } from './icons';

/** Each file's outcome: how many sessions came in, or why the file was refused (and nothing came in). */
export function ImportOutcomes({
  imports,
  onShowImported,
}: {
  imports: FileImport;
  onShowImported: () => void;
}) {
  const { busy, outcomes } = imports;
  if (!busy && outcomes.length === 0) return null;
  return (
    <div class="import-outcomes">
      {busy && (
        <p class="import-outcome busy" role="status">
          Importing “{busy}”…
        </p>
      )}
      {outcomes.map((outcome, i) => (
        <Outcome
          key={`${i}:${outcome.file}`}
          outcome={outcome}
          onShowImported={onShowImported}
          onDismiss={() => imports.dismiss(outcome)}
        />
      ))}
    </div>
  );
}

function Outcome({
  outcome,
  onShowImported,
  onDismiss,
}: {
  outcome: ImportOutcome;
  onShowImported: () => void;
  onDismiss: () => void;
}) {
  const dismiss = (
    <button
      type="button"
      class="icon-button"
      aria-label={`Dismiss the message about “${outcome.file}”`}
      onClick={onDismiss}
    >
      <Icon name="close" />
    </button>
  );
  if (outcome.ok)
    return (
      <div class="import-outcome ok" role="status" data-testid="import-outcome">
        <span>
          Imported {outcome.count === 1 ? 'one session' : `${outcome.count} sessions`} from{' '}
          <strong>{outcome.file}</strong>.
        </span>
        <button type="button" class="text-button" onClick={onShowImported}>
          Show imported sessions
        </button>
        {dismiss}
      </div>
    );
  return (
    <div class="import-outcome error" role="alert" data-testid="import-outcome">
      <Icon name="alert" />
      <div>
        <strong>Could not import “{outcome.file}”.</strong>{' '}
        <span class="import-message">{outcome.message}</span>{' '}
        <span class="import-nothing">Nothing was imported.</span>
      </div>
      {dismiss}
    </div>
  );
}
