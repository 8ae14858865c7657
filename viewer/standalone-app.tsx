import { useEffect, useState } from 'preact/hooks';
import { App } from './app';
import { hashOf } from './state/hash-route';
import type { StandaloneSource } from './sources/standalone-source';

/** What the page was asked to open on arrival: `?bundle=` or an HTML export's embedded bundle. */
export interface Arrival {
  /** The file's name, for the messages. */
  name: string;
  file: () => Promise<File>;
}

type Opening =
  { state: 'opening'; name: string } | { state: 'failed'; name: string; message: string };

/**
 * The standalone viewer: the extension viewer's list and session views over bundle files, opening
 * the file it was given on arrival straight to its session (or to the list, for several).
 */
export function StandaloneApp({
  source,
  arrival,
}: {
  source: StandaloneSource;
  arrival: Arrival | null;
}) {
  const [opening, setOpening] = useState<Opening | null>(
    arrival ? { state: 'opening', name: arrival.name } : null,
  );
  useEffect(() => {
    if (!arrival) return;
    let cancelled = false;
    void (async () => {
      const { ids } = await source.openFile(await arrival.file());
      if (cancelled) return;
      setOpening(null);
      if (ids.length === 1) location.hash = hashOf({ name: 'session', id: ids[0]!, t: null });
    })().catch((error: unknown) => {
      if (!cancelled)
        setOpening({
          state: 'failed',
          name: arrival.name,
          message: error instanceof Error ? error.message : String(error),
        });
    });
    return () => {
      cancelled = true;
    };
  }, [source, arrival]);
  return (
    <>
      {opening?.state === 'opening' && (
        <p class="banner" role="status">
          Opening {opening.name}…
        </p>
      )}
      {opening?.state === 'failed' && (
        <p class="banner warning" role="alert" data-testid="arrival-error">
          Could not open “{opening.name}”: {opening.message} Nothing was imported.{' '}
          <button type="button" class="link-button" onClick={() => setOpening(null)}>
            Dismiss
          </button>
        </p>
      )}
      <App source={source} />
    </>
  );
}
