import { Icon } from './icons';

/** Where the extension's options page is, from the viewer page (both in the built extension). */
const OPTIONS_URL = '../extension/options/options.html';

export function LoadingState() {
  return (
    <div class="list-loading" role="status" aria-live="polite">
      <span class="visually-hidden">Loading sessions…</span>
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} class="skeleton-row" aria-hidden="true">
          <span class="skeleton" style={{ width: '4.5rem' }} />
          <span class="skeleton round" />
          <span class="skeleton" style={{ width: `${40 + ((i * 37) % 35)}%` }} />
          <span class="skeleton" style={{ width: '3rem' }} />
          <span class="skeleton" style={{ width: '4.5rem' }} />
        </div>
      ))}
    </div>
  );
}

export function EmptyState({ showSettings }: { showSettings: boolean }) {
  // showSettings is the extension's viewer; without it this is the standalone one, which records nothing.
  if (!showSettings)
    return (
      <div class="list-state empty">
        <div class="state-icon">
          <Icon name="record" />
        </div>
        <h2>Open a recorded session</h2>
        <p>
          <strong>Import</strong> a .tabreel bundle (or an rrweb .json file), or drop it here. It
          replays in this page, offline: nothing is fetched, nothing leaves your machine.
        </p>
        <p class="state-note">
          Served next to its bundles, this page opens one by address too:{' '}
          <code>tabreel-viewer.html?bundle=name.tabreel</code>. Files you open here stay in this
          browser until you delete them.
        </p>
      </div>
    );
  return (
    <div class="list-state empty">
      <div class="state-icon">
        <Icon name="record" />
      </div>
      <h2>No sessions yet</h2>
      <p>
        Tabreel records every tab as you browse. Open any <strong>http</strong> or{' '}
        <strong>https</strong> page in a normal window and its session appears here, live, as you
        use the page.
      </p>
      <p class="state-note">
        Incognito windows, browser and extension pages, and sites you excluded are not recorded.
        Everything stays in this browser.
      </p>
      <p class="state-note">
        Someone sent you a session? <strong>Import</strong> its .tabreel file (or an rrweb .json
        file), or drop it here.
      </p>
      {showSettings && (
        <a class="button" href={OPTIONS_URL} target="_blank" rel="noopener">
          Recording settings
        </a>
      )}
    </div>
  );
}

export function NoMatchState({ onClear }: { onClear: () => void }) {
  return (
    <div class="list-state compact">
      <div class="state-icon">
        <Icon name="search" />
      </div>
      <h2>No sessions match these filters</h2>
      <p>Try other words or a wider date range.</p>
      <button type="button" class="button primary" onClick={onClear}>
        Clear filters
      </button>
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div class="list-state" role="alert">
      <div class="state-icon danger">
        <Icon name="alert" />
      </div>
      <h2>Could not read your sessions</h2>
      <p>The browser's storage answered with an error. Your recordings are not deleted.</p>
      <pre class="state-detail">{message}</pre>
      <button type="button" class="button primary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
