import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createPartParser } from '../../shared/storage/create-part-parser';
import type { EventTextPart } from '../../shared/storage/read-session-event-parts';
import type { SkippedChunk } from '../../shared/storage/continue-chunk-read';
import type { ReplayAsset } from '../../shared/messages/viewer-to-replay';
import type { SessionRow } from '../../shared/db/schema';
import { formatDuration } from '../../shared/format/format-duration';
import type { TimelineMarker } from '../../shared/replay/replay-timeline';
import { Player } from '../components/player/player';
import { ExportMenu } from '../components/export-menu/export-menu';
import type { ShareFormat } from '../components/share-dialog/share-dialog';
import type { SharingOptions } from '../../shared/bundle/prepare-for-sharing';
import type { ReplayNetwork } from '../replay/replay-frame-document';
import type { SessionSource } from '../sources/session-source';
import { hashOf } from '../state/hash-route';
import { createPlayerStore, SPEEDS, type PlayerStore } from '../state/player-store';
import { lazyComponent } from '../state/lazy-component';
import type * as ExportNames from '../state/export-names';
import type { SessionDetails } from '../state/session-details';
import { useExport } from '../state/use-export';
import { useSessionKeys } from '../state/use-session-keys';
import { startFollowingRecording, type RecordingFollower } from '../state/follow-recording';
import { endReasonLabel } from '../../shared/session/end-reasons';

const NO_ADDRESSES: SessionDetails['addresses'] = [];
/** How far before a failure the replay stops, so the person sees it happen. */
const LEAD_IN_MS = 1000;
/** Parsing and analysis wait this long at most for the replay's first frame. */
const FIRST_FRAME_WAIT_MS = 3000;

/** Resolves once the replay shows its first frame (or failed), or after `timeoutMs`. */
function firstFrame(player: PlayerStore, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let stop: (() => void) | null = null;
    const timer = setTimeout(() => done(), timeoutMs);
    function done() {
      clearTimeout(timer);
      stop?.();
      resolve();
    }
    stop = player.status.subscribe((status) => {
      if (status !== 'loading') done();
    });
  });
}

/** The replay frame's network policy for a session: an imported one replays offline unless allowed. */
function networkOf(row: SessionRow | null | undefined, allowLiveAssets: boolean): ReplayNetwork {
  return row?.imported && !allowLiveAssets ? 'none' : 'live';
}

/** The session's row as first read; the replay waits for it before it sends the frame anything. */
function firstRowOf(): { read: Promise<SessionRow | null>; resolve(row: SessionRow | null): void } {
  let resolve: (row: SessionRow | null) => void = () => {};
  const read = new Promise<SessionRow | null>((done) => (resolve = done));
  return { read, resolve };
}

// What is not needed for the replay's first frame loads after it, as chunks of their own (P1):
// the panels, the share dialog, the analysis (session-details), the export file names.
const SessionPanels = lazyComponent(
  async () => (await import('../components/session-panels/session-panels')).SessionPanels,
);
const ShareDialog = lazyComponent(
  async () => (await import('../components/share-dialog/share-dialog')).ShareDialog,
);
const exportNames = () => import('../state/export-names');

interface Loaded extends SessionDetails {
  unreadableChunks: number;
  /** Chunks the read left out, and the events they hold (read-session-event-parts.ts). */
  skippedChunks: { chunks: number; events: number };
  eventCount: number;
}

export function SessionRoute({
  source,
  id,
  startAt,
}: {
  source: SessionSource;
  id: string;
  /** Seconds into the replay, from a deep link. */
  startAt: number | null;
}) {
  const [row, setRow] = useState<SessionRow | null | undefined>(undefined);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  /** The session read again once by itself, after a read that left chunks out. */
  const rereadOf = useRef<string | null>(null);
  /** The session's row as last read, and what follows it while it records (follow-recording.ts). */
  const latestRow = useRef<SessionRow | null | undefined>(undefined);
  const follower = useRef<RecordingFollower | null>(null);
  /** The session ended while it was open here (its end reason), or why following it stopped. */
  const [endedHere, setEndedHere] = useState<string | null>(null);
  const [liveError, setLiveError] = useState<string | null>(null);
  /** The session its tab went on recording in, once this one ended while open (not by closing). */
  const [nextSession, setNextSession] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const exporter = useExport(setExportError);
  // The file's name comes from the bundle format's module, loaded on the first export.
  const exportAs = (
    what: string,
    make: () => Promise<Blob>,
    name: (names: typeof ExportNames) => string,
  ) =>
    exportNames().then(
      (names) => exporter.run(what, make, name(names)),
      (e: unknown) => setExportError(`Could not export ${what}: ${String(e)}`),
    );
  const [sharing, setSharing] = useState(false);
  // A session from someone else's file makes no request unless the person allows it.
  const [allowLiveAssets, setAllowLiveAssets] = useState(false);
  /** How many captured assets the replay uses (null until read). */
  const [assetCount, setAssetCount] = useState<number | null>(null);
  // Before the row is read the frame starts loading as a recorded session's (most are): nothing is
  // sent to it until the row confirms that; an imported session gets a new, offline frame instead.
  const network = networkOf(row, allowLiveAssets);
  // Another network choice is another frame document: a new player for it, loaded afresh.
  const player = useMemo(() => createPlayerStore(), [network]);
  const firstRow = useMemo(() => firstRowOf(), [source, id]);

  useEffect(
    () =>
      source.watchSession(
        id,
        (next) => {
          performance.mark('tabreel:row-read'); // for npm run bench (P1)
          firstRow.resolve(next);
          latestRow.current = next;
          setRow(next);
          follower.current?.rowChanged(next);
        },
        (e: unknown) => {
          // Once the session shows, a lost connection (Chromium closed it; the page does not
          // reopen it) stops the live updates only: what was read stays, and the page says so
          // while the session records (an ended one has nothing more to read).
          const shown = latestRow.current;
          if (!shown) setError(String(e));
          else if (shown.endedAt === null) setLiveError(e instanceof Error ? e.message : String(e));
        },
      ),
    [source, id, firstRow],
  );

  useEffect(() => {
    let cancelled = false;
    performance.mark('tabreel:route-effect'); // for npm run bench (P1): after the first paint
    void (async () => {
      const at = startAt === null ? 0 : startAt * 1000;
      // Captured assets replace the recorded addresses (offline fidelity); none: the old way.
      const assetsRead = source.readAssets(id).catch((): ReplayAsset[] => []);
      const analysisRead = source.readAnalysis(id);
      analysisRead.catch(() => {}); // awaited after the events
      const parsed = createPartParser();
      let loading = false;
      // The session's end as the first read of its row says: the frame's and the timeline's.
      let endedAt: number | null = null;
      // The frame gets copies of the chunks' text and parses them itself; the viewer parses its
      // own for the panels, part by part, after the frame has what it needs.
      const toFrame = (part: EventTextPart) => {
        const copies = part.arrays.map((json) => json.slice());
        if (loading) player.append(copies, part.last);
        else if (copies.length > 0) {
          player.load(copies, at, part.last, endedAt);
          loading = true;
        }
      };
      const text = await source.readEventParts(id, {
        atMs: at,
        onFirst: async (part) => {
          performance.mark('tabreel:first-inflated'); // for npm run bench (P1)
          const [assets, known] = await Promise.all([assetsRead, firstRow.read]);
          // Marks for npm run bench (P1): where opening a session spends its time.
          performance.mark('tabreel:events-read');
          if (cancelled) return;
          // This frame was made before the row was read: it replays only a session its policy fits.
          if (known === null || networkOf(known, allowLiveAssets) !== network) {
            cancelled = true;
            return;
          }
          endedAt = known.endedAt;
          setAssetCount(assets.length);
          if (assets.length > 0) player.setAssets(assets);
          toFrame(part);
          // The rest is inflated and parsed after the first frame, while the person looks at it.
          if (loading) await firstFrame(player, FIRST_FRAME_WAIT_MS);
          parsed.add(part.arrays);
        },
        onPart: (part) => {
          if (cancelled) return;
          toFrame(part);
          parsed.add(part.arrays);
        },
        cancelled: () => cancelled,
        yieldTask: () => new Promise((resolve) => setTimeout(resolve, 0)),
      });
      if (cancelled) return;
      // Chunks left out can be a merge across a stream's gap (a refused batch) between the two
      // reads, which a fresh read sees whole: read again once; what stays left out is reported.
      if (text.skippedChunks.length > 0 && rereadOf.current !== id) {
        rereadOf.current = id;
        setReloads((n) => n + 1);
        return;
      }
      const { events, unreadableChunks } = parsed.done(text.unreadableChunks);
      void SessionPanels.load().catch(() => {}); // fetched meanwhile; a failure shows where it renders
      const [{ sessionDetailsOf }, stored] = await Promise.all([
        import('../state/session-details'),
        analysisRead,
      ]);
      if (cancelled) return;
      // The row's summary stays until an open or re-analyzed session's analysis is done here.
      const details = sessionDetailsOf(events, stored, endedAt);
      setLoaded({
        ...details,
        unreadableChunks: unreadableChunks.length,
        skippedChunks: skippedSummary(text.skippedChunks),
        eventCount: events.length,
      });
      if (endedAt !== null) return;
      // Still recording: what the tab records from now on joins the replay, the timeline and the
      // panels as its batches commit, and the session turns into the ended one when it ends.
      follower.current = startFollowingRecording({
        readTail: (given) => source.readEventTail(id, given),
        given: text.given,
        events,
        endedAt,
        onGrow: (arrays, end) => {
          if (loading) player.grow(arrays, end);
          else if (arrays.length > 0) {
            // Opened before it held any event: this is its first load.
            player.load(arrays, at, true, end);
            loading = true;
          }
        },
        analyze: (all, end) => sessionDetailsOf(all, null, end),
        onState: (state) => {
          if (cancelled) return;
          setLoaded({
            ...state.details,
            unreadableChunks: unreadableChunks.length + state.unreadableChunks.length,
            skippedChunks: skippedSummary([...text.skippedChunks, ...state.skippedChunks]),
            eventCount: state.eventCount,
          });
          if (state.endedAt !== null)
            setEndedHere(endReasonLabel(latestRow.current?.endReason ?? 'ended'));
        },
        onError: (e: unknown) => {
          if (!cancelled && latestRow.current?.endedAt === null)
            setLiveError(e instanceof Error ? e.message : String(e));
        },
        now: () => performance.now(),
        after: (ms, run) => {
          const timer = setTimeout(run, ms);
          return () => clearTimeout(timer);
        },
      });
      // Batches committed while the session was read: the row seen since says so.
      follower.current.rowChanged(latestRow.current ?? null);
    })().catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
      follower.current?.stop();
      follower.current = null;
    };
  }, [source, id, reloads, player, firstRow]);

  // Cut while open here (a new session by hand, inactivity, the maximum length): the tab records
  // on in a new session, found among the rows started since (read again only as rows change).
  const cutFrom = endedHere && row && row.endReason !== 'tab-closed' ? row : null;
  useEffect(() => {
    if (!cutFrom) return;
    return source.watchSessions(
      { from: cutFrom.startedAt },
      (rows) => {
        const next = rows
          .filter((other) => other.tabId === cutFrom.tabId && other.id !== cutFrom.id)
          .sort((a, b) => a.startedAt - b.startedAt)[0];
        setNextSession(next?.id ?? null);
      },
      () => setNextSession(null), // the link is a convenience: the list still has the session
    );
  }, [source, cutFrom?.id, cutFrom?.tabId, cutFrom?.startedAt]);

  const timeline = loaded?.timeline ?? null;
  const addresses = loaded?.addresses ?? NO_ADDRESSES;

  const origin = timeline?.origin ?? 0;
  const openMoment = (timestamp: number, selector: string | null) => {
    player.pause();
    player.seek(timestamp - origin - LEAD_IN_MS);
    player.highlight(selector);
  };
  const seek = (timestamp: number) => {
    player.highlight(null);
    player.seek(timestamp - origin);
  };
  const onMarker = (marker: TimelineMarker) => {
    if (marker.kind === 'page') {
      player.highlight(null);
      player.seek(marker.at);
    } else openMoment(origin + marker.at, marker.selector);
  };
  const copyLink = () => {
    const link = `${location.href.split('#')[0]}${hashOf({ name: 'session', id, t: player.at.value / 1000 })}`;
    void navigator.clipboard.writeText(link).then(
      () => setNotice('Link to this moment copied'),
      () => setNotice(link),
    );
  };

  // Paused, the address bar remembers the moment: a reload or a shared link opens here.
  useEffect(
    () =>
      player.playing.subscribe((playing) => {
        if (playing || player.status.value !== 'ready') return;
        history.replaceState(null, '', hashOf({ name: 'session', id, t: player.at.value / 1000 }));
      }),
    [player, id],
  );

  useSessionKeys({
    toggle: () => player.toggle(),
    skip: (ms) => {
      player.highlight(null);
      player.seek(player.at.value + ms);
    },
    speed: (step) => {
      const i = SPEEDS.indexOf(player.speed.value as (typeof SPEEDS)[number]);
      player.setSpeed(SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, i + step))]!);
    },
  });

  if (error) return <Problem title="This session could not be opened" detail={error} />;
  if (row === null)
    return (
      <Problem
        title="This session does not exist"
        detail="It may have been deleted, or the link points to another browser's recordings."
      />
    );

  const view = loaded?.view;
  const analysis = view?.analysis;
  return (
    <div class="session-page">
      <header class="session-header">
        <a class="back" href="#/">
          ← Sessions
        </a>
        {row === undefined ? (
          <h1 class="loading">Loading the session…</h1>
        ) : (
          <>
            <h1>{row.label || row.title || row.firstUrl || 'Untitled session'}</h1>
            <span class="session-meta">
              {row.host} · {new Date(row.startedAt).toLocaleString()}
              {analysis && (
                <>
                  {' · '}
                  <span data-testid="session-duration">
                    {formatDuration(analysis.duration.wallMs)} (
                    {formatDuration(analysis.duration.activeMs)} active)
                  </span>
                  {' · '}
                  {analysis.flow.pages.length} page{analysis.flow.pages.length === 1 ? '' : 's'}
                </>
              )}
            </span>
            {analysis && (
              <span
                class={`health health-${analysis.health.status}`}
                title={
                  analysis.health.reasons.join('\n') || 'No errors, failed requests or poor vitals'
                }
              >
                {analysis.health.status === 'abnormal' ? 'Abnormal' : 'Tolerable'}
              </span>
            )}
            {row.endedAt === null && (
              <span
                class="live"
                role="status"
                data-testid="live-status"
                title={
                  liveError
                    ? 'Still recording when last read; new events can no longer be read here.'
                    : 'This session is still recording: what its tab does appears here as it is stored, about a second later.'
                }
              >
                {liveError ? '● Recording · not updating' : '● Recording · live'}
              </span>
            )}
            {row.imported && (
              <span
                class="imported-badge"
                data-testid="imported-badge"
                title={`Imported on ${new Date(row.imported.at).toLocaleString()}; made by ${row.imported.producer}. Its failures and flow were worked out again here.`}
              >
                Imported from {row.imported.from}
              </span>
            )}
            {/* The standalone viewer's own CSP allows no network: nothing to switch on there. */}
            {row.imported && source.kind === 'extension' && (
              <label
                class="toggle live-assets"
                title="An imported session replays offline: images, styles and fonts it does not carry are not fetched from their sites unless you allow it."
              >
                <input
                  type="checkbox"
                  checked={allowLiveAssets}
                  onChange={(event) => {
                    setAllowLiveAssets((event.target as HTMLInputElement).checked);
                  }}
                />
                Load missing assets from the network
              </label>
            )}
            {assetCount !== null && (
              <span
                class="asset-count"
                data-testid="asset-count"
                title="Stylesheets, fonts and images captured when the session was recorded: the replay uses these copies, not the live site."
              >
                {assetCount === 0
                  ? 'No captured assets'
                  : `${assetCount.toLocaleString()} captured ${assetCount === 1 ? 'asset' : 'assets'}`}
              </span>
            )}
            <ExportMenu
              busy={exporter.busy !== null}
              choices={[
                {
                  label: 'Tabreel bundle (.tabreel)',
                  hint: 'Opens in Tabreel, with its failures and flow',
                  run: () =>
                    void exportAs(
                      'this session',
                      () => source.exportBundle([row.id]),
                      (names) => names.exportFileName([row]),
                    ),
                },
                ...(source.exportHtml
                  ? [
                      {
                        label: 'Self-contained page (.html)',
                        hint: 'Replays from disk in any browser, offline, with its failures and flow',
                        run: () =>
                          void exportAs(
                            'this session',
                            () => source.exportHtml!(row.id),
                            (names) => names.exportFileName([row], names.HTML_EXPORT_EXTENSION),
                          ),
                      },
                    ]
                  : []),
                ...(loaded
                  ? [
                      {
                        label: 'Trim and redact…',
                        hint: 'A time range, masked text, no console or network; your copy stays whole',
                        run: () => setSharing(true),
                      },
                    ]
                  : []),
                {
                  label: 'rrweb JSON (.json)',
                  hint: 'The events, for any rrweb player',
                  run: () =>
                    void exportAs(
                      'this session',
                      () => source.exportRrwebJson(row.id),
                      (names) => names.exportFileName([row], names.RRWEB_JSON_EXTENSION),
                    ),
                },
              ]}
            />
          </>
        )}
      </header>
      {sharing && row && loaded && timeline && (
        <ShareDialog
          events={loaded.view.events}
          origin={origin}
          totalMs={timeline.totalMs}
          nowMs={player.at.value}
          formats={source.exportHtml ? ['bundle', 'html'] : ['bundle']}
          onClose={() => setSharing(false)}
          onExport={(format: ShareFormat, options: SharingOptions) => {
            setSharing(false);
            void (format === 'html'
              ? exportAs(
                  'a shared copy',
                  () => source.exportHtml!(row.id, options),
                  (names) => names.exportFileName([row], names.HTML_EXPORT_EXTENSION),
                )
              : exportAs(
                  'a shared copy',
                  () => source.exportBundle([row.id], options),
                  (names) => names.exportFileName([row]),
                ));
          }}
        />
      )}
      {exportError && (
        <p class="banner warning" role="alert">
          {exportError}{' '}
          <button type="button" class="link-button" onClick={() => setExportError(null)}>
            Dismiss
          </button>
        </p>
      )}
      {loaded && loaded.unreadableChunks > 0 && (
        <p class="banner warning" role="alert">
          {loaded.unreadableChunks} stored chunk{loaded.unreadableChunks === 1 ? '' : 's'} of this
          session could not be read. The replay and the panels show everything else; the events
          those chunks held are missing.
        </p>
      )}
      {loaded && loaded.skippedChunks.chunks > 0 && (
        <p class="banner warning" role="alert">
          {skippedNotice(loaded.skippedChunks)}{' '}
          <button type="button" class="link-button" onClick={() => setReloads((n) => n + 1)}>
            Read it again
          </button>
        </p>
      )}
      {endedHere && (
        <p class="banner" role="status" data-testid="recording-ended">
          The recording ended while you watched ({endedHere}): this is now the whole session.{' '}
          {nextSession && (
            <>
              Its tab records on in{' '}
              <a href={hashOf({ name: 'session', id: nextSession, t: null })}>a new session</a>
              .{' '}
            </>
          )}
          <button type="button" class="link-button" onClick={() => setEndedHere(null)}>
            Dismiss
          </button>
        </p>
      )}
      {liveError && (
        <p class="banner warning" role="alert" data-testid="live-error">
          New events of this session can no longer be read here ({liveError}). The replay and the
          panels show what was read; reload the page to read the rest.{' '}
          <button type="button" class="link-button" onClick={() => location.reload()}>
            Reload
          </button>
        </p>
      )}
      {notice && (
        <p class="banner" role="status">
          {notice}
        </p>
      )}
      <div class="session-body">
        {view && view.events.length === 0 ? (
          <div class="replay-missing">
            <p class="state">This session holds no events yet.</p>
          </div>
        ) : view && !view.hasSnapshot ? (
          <div class="replay-missing">
            {view.noReplay === null ? (
              <p class="state">
                There is no page snapshot to replay in this session (it may have ended right as it
                began). Its signals are listed beside.
              </p>
            ) : (
              <p class="state" data-testid="no-replay">
                Tabreel could not load its page recorder here, so this session has no replay: its
                clicks, console, errors and requests are listed beside (its clicks are not judged
                dead, for want of a record of the page). The browser said:{' '}
                {view.noReplay || 'no answer'}
              </p>
            )}
          </div>
        ) : (
          <Player
            key={network}
            player={player}
            timeline={timeline}
            addresses={addresses}
            onMarker={onMarker}
            onCopyLink={copyLink}
            network={network}
          />
        )}
        <aside class="panels">
          {row && view && analysis && timeline ? (
            <SessionPanels
              row={row}
              view={view}
              analysis={analysis}
              timeline={timeline}
              now={player.at}
              onOpen={openMoment}
              onPage={(at) => {
                player.highlight(null);
                player.seek(at);
              }}
              onSeek={seek}
            />
          ) : (
            <p class="panel-empty">Reading the session…</p>
          )}
        </aside>
      </div>
    </div>
  );
}

function Problem({ title, detail }: { title: string; detail: string }) {
  return (
    <div class="problem" role="alert">
      <h1>{title}</h1>
      <p>{detail}</p>
      <a href="#/">← Back to the sessions</a>
    </div>
  );
}

/** How many chunks the reads left out, and the events they hold. */
function skippedSummary(skipped: readonly SkippedChunk[]): Loaded['skippedChunks'] {
  return { chunks: skipped.length, events: skipped.reduce((sum, chunk) => sum + chunk.count, 0) };
}

/** Chunks the read left out (read-session-event-parts.ts), as the person is told. */
function skippedNotice({ chunks, events }: Loaded['skippedChunks']): string {
  const what =
    chunks === 1
      ? '1 stored chunk of this session overlaps'
      : `${chunks} stored chunks of this session overlap`;
  return `${what} events the replay already holds (stored twice, or changed while the session was read): left out rather than shown twice, so up to ${events} events may be missing.`;
}
