// The toolbar popup: what Tabreel is doing in this tab, and the controls a person needs every day.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { formatDuration } from '../../shared/format/format-duration';
import type { PopupToBackgroundMessage } from '../../shared/messages/popup-to-background';
import { pageFailuresText } from '../../shared/messages/live-failures';
import { MARKER_NOTE_MAX } from '../../shared/events/tabreel-events';
import { recordingDecision, type NotRecordedReason } from '../../shared/site/recording-decision';
import { sitePatternOf, withSiteRecorded } from '../../shared/site/toggle-site';
import {
  downloadSessionBundle,
  downloadSessionPage,
  saveSettings,
  usePopupData,
} from './use-popup-data';

const NOT_RECORDED: Record<NotRecordedReason, { pill: string; text: string }> = {
  paused: { pill: 'Paused', text: 'Recording is paused in every tab.' },
  incognito: {
    pill: 'Not recorded',
    text: 'Incognito windows are not recorded. You can allow it in the settings.',
  },
  'unsupported-page': {
    pill: 'Not recordable',
    text: 'Tabreel records web pages (http and https) only: not browser, extension or file pages.',
  },
  'excluded-site': { pill: 'Excluded', text: 'This site is on your list of sites never recorded.' },
  'not-listed': {
    pill: 'Not listed',
    text: 'Tabreel records only the sites on your list, and this one is not on it.',
  },
  'storage-full': {
    pill: 'Disk full',
    text: 'The disk is full: recording is paused in every tab until space is freed.',
  },
};

function send<T>(message: PopupToBackgroundMessage): Promise<T> {
  return browser.runtime.sendMessage(message) as Promise<T>;
}

function openPage(path: string): void {
  void browser.tabs.create({ url: browser.runtime.getURL(path) });
  window.close();
}

function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function Popup() {
  const { tab, settings, status, session, failures } = usePopupData();
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const now = useNow();
  if (!tab || !settings) return <p class="loading">Loading…</p>;

  let url: URL | null = null;
  try {
    url = new URL(tab.url);
  } catch {
    url = null;
  }
  const decision = recordingDecision(
    { url: tab.url, incognito: tab.incognito, storageFull: status.storageFull !== null },
    settings,
  );
  const isWebPage = url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
  const siteOff =
    !decision.record && (decision.reason === 'excluded-site' || decision.reason === 'not-listed');
  const failed = failures && session && failures.sessionId === session.id ? failures : null;

  const run = async (action: () => Promise<string>) => {
    try {
      setMessage({ text: await action() });
    } catch (error) {
      setMessage({ text: error instanceof Error ? error.message : String(error), error: true });
    }
  };

  return (
    <div class="popup">
      <header>
        <span class="brand">Tabreel</span>
        <span
          class={`pill ${decision.record ? 'recording' : decision.reason}`}
          data-testid="tab-state"
        >
          {decision.record ? '● Recording' : NOT_RECORDED[decision.reason].pill}
        </span>
      </header>
      {isWebPage && <p class="site">{url!.host}</p>}

      {decision.record ? (
        <section class="card" aria-label="This session">
          {session ? (
            <>
              <dl class="stats">
                <div>
                  <dt>Duration</dt>
                  <dd data-testid="session-duration">
                    {formatDuration(Math.max(session.lastEventAt, now) - session.startedAt)}
                  </dd>
                </div>
                <div>
                  <dt>Pages</dt>
                  <dd>{session.pageCount}</dd>
                </div>
                <div>
                  <dt>Events</dt>
                  <dd>{session.eventCount.toLocaleString()}</dd>
                </div>
                <div>
                  <dt>Failed actions</dt>
                  <dd
                    class={failed && failed.failedActions > 0 ? 'bad' : ''}
                    data-testid="failed-actions"
                  >
                    {failed ? failed.failedActions : '…'}
                  </dd>
                </div>
              </dl>
              {failed && pageFailuresText(failed) && (
                <p class="page-failures" data-testid="page-failures">
                  Also: {pageFailuresText(failed)}
                </p>
              )}
              <div class="card-links">
                <button
                  type="button"
                  class="link"
                  onClick={() =>
                    openPage(`viewer/index.html#/session/${encodeURIComponent(session.id)}`)
                  }
                >
                  Open this session in the viewer
                </button>
                <button
                  type="button"
                  class="link"
                  onClick={() =>
                    run(
                      async () =>
                        `Saved ${await downloadSessionBundle(session)} to your downloads.`,
                    )
                  }
                >
                  Export this session
                </button>
                <button
                  type="button"
                  class="link"
                  title="One HTML file that replays this session from disk, offline, without Tabreel"
                  onClick={() =>
                    run(
                      async () => `Saved ${await downloadSessionPage(session)} to your downloads.`,
                    )
                  }
                >
                  Export as a page
                </button>
              </div>
            </>
          ) : (
            <p class="muted">
              No session open: the next page load or action in this tab starts one.
            </p>
          )}
        </section>
      ) : (
        <section class="card muted" aria-label="Why not recorded">
          <p>{NOT_RECORDED[decision.reason].text}</p>
        </section>
      )}

      <div class="actions">
        <button
          type="button"
          onClick={() =>
            run(async () => {
              await saveSettings({ ...settings, paused: !settings.paused });
              return settings.paused ? 'Recording resumed.' : 'Recording paused in every tab.';
            })
          }
        >
          {settings.paused ? 'Resume recording' : 'Pause recording'}
        </button>
        {isWebPage && (
          <button
            type="button"
            onClick={() =>
              run(async () => {
                await saveSettings(withSiteRecorded(settings, url!, siteOff));
                return siteOff
                  ? `${sitePatternOf(url!)} is recorded again.`
                  : `${sitePatternOf(url!)} is no longer recorded.`;
              })
            }
          >
            {siteOff
              ? settings.siteMode === 'only-listed'
                ? 'Record this site'
                : 'Include this site'
              : settings.siteMode === 'only-listed'
                ? 'Stop recording this site'
                : 'Exclude this site'}
          </button>
        )}
        <button
          type="button"
          disabled={!decision.record}
          onClick={() =>
            run(async () => {
              await send({ type: 'new-session', tabId: tab.id });
              return 'A new session has started in this tab.';
            })
          }
        >
          New session
        </button>
      </div>

      <form
        class="marker"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            const reply = await send<{ ok: boolean; error?: string }>({
              type: 'add-marker',
              tabId: tab.id,
              note,
            });
            if (!reply?.ok) throw new Error(reply?.error ?? 'The marker could not be added.');
            setNote('');
            return 'Marker added at this moment.';
          });
        }}
      >
        <label for="marker-note">Marker note</label>
        <div class="marker-row">
          <input
            id="marker-note"
            type="text"
            placeholder="Bug here: total is wrong"
            maxLength={MARKER_NOTE_MAX}
            value={note}
            disabled={!decision.record}
            onInput={(event) => setNote((event.target as HTMLInputElement).value)}
          />
          <button type="submit" disabled={!decision.record}>
            Add marker
          </button>
        </div>
      </form>

      {message && (
        <p class={`message${message.error ? ' error' : ''}`} role="status">
          {message.text}
        </p>
      )}

      {(status.storageFull || status.failedWrites > 0 || status.evictions) && (
        <section class="problems" aria-label="Problems">
          {status.storageFull && (
            <p class="error">
              Disk full since {new Date(status.storageFull.since).toLocaleTimeString()}: recording
              is paused. Free some space or delete old sessions.
            </p>
          )}
          {status.failedWrites > 0 && (
            <p class={status.recoveredAt === null ? 'error' : 'muted'}>
              {status.failedWrites} write{status.failedWrites === 1 ? '' : 's'} failed
              {status.lastError ? `; last: ${status.lastError.message.replace(/\.$/, '')}` : ''}.
              Those events were kept in the page and sent again.
              {status.recoveredAt !== null &&
                ` Stored again since ${new Date(status.recoveredAt).toLocaleTimeString()}.`}
            </p>
          )}
          {status.evictions && (
            <p class="muted">
              The storage budget removed {status.evictions.lastCount} old session
              {status.evictions.lastCount === 1 ? '' : 's'} on{' '}
              {new Date(status.evictions.lastAt).toLocaleString()}.
            </p>
          )}
        </section>
      )}

      <footer>
        <button type="button" class="link" onClick={() => openPage('viewer/index.html')}>
          All sessions
        </button>
        <button
          type="button"
          class="link"
          onClick={() => openPage('extension/options/options.html')}
        >
          Settings
        </button>
      </footer>
    </div>
  );
}

render(<Popup />, document.getElementById('app')!);
