import { useMemo, useState } from 'preact/hooks';
import type { SharingOptions } from '../../../shared/bundle/prepare-for-sharing';
import { checkRedactionOptions } from '../../../shared/bundle/redact-for-sharing';
import type { TimedEvent } from '../../../shared/events/tabreel-events';
import { formatClock } from '../../state/format-clock';
import { formatLength } from '../../state/clock-reading';
import { Dialog } from '../session-list/dialog';
import { previewShare } from './share-preview';
import './share-dialog.css';

export type ShareFormat = 'bundle' | 'html';

/** Seconds as typed (`12.5`, `1:05`), or null when empty; NaN when unreadable. */
function secondsOf(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const parts = trimmed.split(':').map(Number);
  if (parts.some((p) => !Number.isFinite(p) || p < 0) || parts.length > 2) return NaN;
  return parts.length === 2 ? parts[0]! * 60 + parts[1]! : parts[0]!;
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

/**
 * Trim and redact a copy before sharing it: a time range, elements and text to mask, console or
 * network to leave out, with a preview of exactly what the file will hold (the export's own filter
 * run over the loaded events). The stored session stays whole.
 */
export function ShareDialog({
  events,
  origin,
  totalMs,
  nowMs,
  formats,
  onExport,
  onClose,
}: {
  events: readonly TimedEvent[];
  /** The replay's time zero, ms since the epoch. */
  origin: number;
  totalMs: number;
  /** Where the replay is now, ms from `origin`: offered as either end of the range. */
  nowMs: number;
  formats: readonly ShareFormat[];
  onExport: (format: ShareFormat, options: SharingOptions) => void;
  onClose: () => void;
}) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [selectors, setSelectors] = useState('');
  const [patterns, setPatterns] = useState('');
  const [dropConsole, setDropConsole] = useState(false);
  const [dropNetwork, setDropNetwork] = useState(false);

  const fromS = secondsOf(from);
  const toS = secondsOf(to);
  const rangeError =
    Number.isNaN(fromS) || Number.isNaN(toS)
      ? 'Times are seconds (12.5) or minutes and seconds (1:05).'
      : fromS !== null && toS !== null && toS <= fromS
        ? 'The end must come after the start.'
        : null;
  const options: SharingOptions = {
    range: {
      from: fromS === null || Number.isNaN(fromS) ? null : origin + fromS * 1000,
      to: toS === null || Number.isNaN(toS) ? null : origin + toS * 1000,
    },
    maskSelectors: selectors.split(','),
    maskPatterns: lines(patterns),
    dropConsole,
    dropNetwork,
  };
  let inputError: string | null = null;
  try {
    checkRedactionOptions(options);
  } catch (error) {
    inputError = error instanceof Error ? error.message : String(error);
  }
  const error = rangeError ?? inputError;
  const key = JSON.stringify(options);
  // Recomputed when the options change (the object is new at every render; its text is not).
  const preview = useMemo(() => (error ? null : previewShare(events, options)), [key, events]);

  const setHere = (set: (text: string) => void) => () => set((nowMs / 1000).toFixed(1));
  return (
    <Dialog
      title="Trim and redact before sharing"
      class="share-dialog"
      onClose={onClose}
      onSubmit={() => {
        if (!error && preview && preview.eventCount > 0) onExport(formats[0]!, options);
      }}
      actions={
        <>
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          {formats.map((format, i) => (
            <button
              key={format}
              type={i === 0 ? 'submit' : 'button'}
              class={`button${i === 0 ? ' primary' : ''}`}
              disabled={!!error || !preview || preview.eventCount === 0}
              onClick={i === 0 ? undefined : () => onExport(format, options)}
            >
              {format === 'bundle' ? 'Export .tabreel' : 'Export .html page'}
            </button>
          ))}
        </>
      }
    >
      <p class="field-hint">Only the file changes: the session stored here stays complete.</p>
      <fieldset class="share-range">
        <legend class="field-label">Time range (of {formatLength(totalMs)})</legend>
        <label>
          From
          <input
            type="text"
            inputMode="decimal"
            placeholder="start"
            value={from}
            aria-label="From (seconds)"
            onInput={(e) => setFrom((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="button" class="link-button" onClick={setHere(setFrom)}>
          here
        </button>
        <label>
          to
          <input
            type="text"
            inputMode="decimal"
            placeholder="end"
            value={to}
            aria-label="To (seconds)"
            onInput={(e) => setTo((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="button" class="link-button" onClick={setHere(setTo)}>
          here
        </button>
        <span class="field-hint">seconds, or m:ss; “here” is the replay’s moment</span>
      </fieldset>
      <label class="field">
        <span class="field-label">Mask elements</span>
        <input
          type="text"
          value={selectors}
          placeholder=".account, #address, [data-private]"
          onInput={(e) => setSelectors((e.target as HTMLInputElement).value)}
        />
        <span class="field-hint">
          CSS selectors, comma-separated: tag, #id, .class, [attribute], and spaces between them.
        </span>
      </label>
      <label class="field">
        <span class="field-label">Mask text</span>
        <textarea
          rows={2}
          value={patterns}
          placeholder={'Jane Doe\n/\\b\\d{5}\\b/'}
          onInput={(e) => setPatterns((e.target as HTMLTextAreaElement).value)}
        />
        <span class="field-hint">One per line: text (any case) or /regular expression/.</span>
      </label>
      <label class="toggle">
        <input
          type="checkbox"
          checked={dropConsole}
          onChange={(e) => setDropConsole((e.target as HTMLInputElement).checked)}
        />
        Leave out console messages and errors
      </label>
      <label class="toggle">
        <input
          type="checkbox"
          checked={dropNetwork}
          onChange={(e) => setDropNetwork((e.target as HTMLInputElement).checked)}
        />
        Leave out network requests
      </label>
      {error ? (
        <p class="dialog-warning" role="alert">
          {error}
        </p>
      ) : (
        preview && (
          <section
            class="share-preview"
            aria-label="What will be shared"
            data-testid="share-preview"
          >
            <h3>What will be shared</h3>
            {preview.eventCount === 0 ? (
              <p class="dialog-warning">Nothing of this session is in that range.</p>
            ) : (
              <p>
                {preview.eventCount.toLocaleString()} of {events.length.toLocaleString()} events
                {options.range.from !== null || options.range.to !== null
                  ? `, ${formatClock(Math.max(0, (options.range.from ?? origin) - origin))} to ${formatClock(Math.min(totalMs, (options.range.to ?? origin + totalMs) - origin))}`
                  : ''}
                . Masked: {preview.counts.maskedBySelector} by element,{' '}
                {preview.counts.maskedByPattern} text match
                {preview.counts.maskedByPattern === 1 ? '' : 'es'}. Left out:{' '}
                {preview.counts.consoleDropped} console, {preview.counts.requestsDropped} network.
              </p>
            )}
            {preview.pageText && (
              <>
                <h4>Page text in its first snapshot</h4>
                <p class="share-text">{preview.pageText}</p>
              </>
            )}
            {preview.console.length > 0 && (
              <>
                <h4>Console</h4>
                <ul class="share-list">
                  {preview.console.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              </>
            )}
            {preview.requests.length > 0 && (
              <>
                <h4>Network</h4>
                <ul class="share-list">
                  {preview.requests.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              </>
            )}
          </section>
        )
      )}
    </Dialog>
  );
}
