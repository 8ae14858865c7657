import type { Page } from 'playwright-core';
import type { SessionAnalysis } from '../../../shared/analysis/analyze-session';
import type { AnalysisRow, ChunkRow, SessionRow } from '../../../shared/db/schema';
import { customPayload, customTag, type TimedEvent } from '../../../shared/events/tabreel-events';

export type StoredChunk = Omit<ChunkRow, 'data'> & {
  events: TimedEvent[];
  /** What the chunk takes, raw (text: its UTF-8 size) or deflated. */
  storedBytes: number;
  /** Its data is text: a row the write path stored as the batch came (not merged, not deflated). */
  storedAsText: boolean;
};

export interface StoredData {
  sessions: SessionRow[];
  chunks: StoredChunk[];
  /** The stored analyses of ended sessions (empty before the v2 schema). */
  analyses: AnalysisRow[];
  /** Every byte of every object store, decompressed where compressed: for "appears nowhere" checks. */
  everything: string;
}

/**
 * Reads the extension's IndexedDB from one of its pages with the raw API (no app code involved),
 * inflating chunks with the browser's own DecompressionStream.
 */
export async function readStored(page: Page): Promise<StoredData> {
  // esbuild-based runners (tsx, used by the bench) wrap named functions in __name().
  await page.evaluate('globalThis.__name ??= (f) => f');
  const raw = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('tabreel');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const stores = Array.from(db.objectStoreNames);
    // One transaction over every store: a consistent snapshot. Read store by store, a batch
    // committed in between paired a session row with chunks older than it (pageCount 4, 3 pages).
    const transaction = db.transaction(stores);
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const request = transaction.objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const inflate = async (data: Uint8Array<ArrayBuffer>) =>
      new Response(
        new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw')),
      ).text();
    // Every request asked for before the first await: the transaction stays open for all of them.
    const results = await Promise.all(stores.map(all));
    const dump: Record<string, unknown[]> = Object.fromEntries(
      stores.map((store, i) => [store, results[i]!]),
    );
    const chunks = await Promise.all(
      (
        dump.chunks as Array<Record<string, unknown> & { data: Uint8Array<ArrayBuffer> | string }>
      ).map(async ({ data, ...rest }) => ({
        ...rest,
        // As the session row counts it (chunk-codec.ts storedByteLength): text by its UTF-8 size.
        storedBytes:
          typeof data === 'string' ? new TextEncoder().encode(data).byteLength : data.byteLength,
        storedAsText: typeof data === 'string',
        // A chunk not yet deflated by the background job holds its JSON as is: text or UTF-8.
        json:
          typeof data === 'string'
            ? data
            : rest.encoding === 'raw'
              ? new TextDecoder().decode(data)
              : await inflate(data),
      })),
    );
    db.close();
    const plain = { ...dump, chunks: chunks.map(({ json: _json, ...rest }) => rest) };
    return {
      sessions: dump.sessions,
      analyses: dump.analyses ?? [],
      chunks,
      everything: JSON.stringify(plain) + chunks.map((c) => c.json).join('\n'),
    };
  });
  return {
    sessions: raw.sessions as SessionRow[],
    analyses: raw.analyses as AnalysisRow[],
    chunks: (
      raw.chunks as Array<
        Omit<ChunkRow, 'data'> & { json: string; storedBytes: number; storedAsText: boolean }
      >
    ).map(({ json, ...rest }) => ({
      ...rest,
      events: JSON.parse(json) as TimedEvent[],
    })),
    everything: raw.everything,
  };
}

/** A session's events in recording order. */
export function eventsOf(data: StoredData, sessionId: string): TimedEvent[] {
  return data.chunks
    .filter((c) => c.sessionId === sessionId)
    .sort((a, b) => a.firstTs - b.firstTs || a.fromSeq - b.fromSeq)
    .flatMap((c) => c.events);
}

/** Polls until `check` returns a value (not undefined), or fails with the last state described. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits until the session whose first URL matches `page` has ended and its analysis is stored and
 * current (computed from all its events), and returns both.
 */
export async function waitForAnalysis(
  viewer: Page,
  page: (firstUrl: string) => boolean,
  timeoutMs?: number,
): Promise<{ session: SessionRow; analysis: SessionAnalysis; data: StoredData }> {
  return waitFor(
    async () => {
      const data = await readStored(viewer);
      const session = data.sessions.find((s) => page(s.firstUrl));
      if (!session || session.endedAt === null || session.analysisPending !== 0) return undefined;
      const row = data.analyses.find((a) => a.sessionId === session.id);
      if (!row || row.eventCount !== session.eventCount) return undefined;
      return { session, analysis: row.analysis, data };
    },
    'the ended session and its analysis',
    timeoutMs,
  );
}

/**
 * Waits until the session whose first URL matches `page` holds signals tagged `tag` that satisfy
 * `ready`, and returns their payloads in order. A timeout says how many it had found.
 */
export async function waitForSignals<P>(
  viewer: Page,
  page: (firstUrl: string) => boolean,
  tag: string,
  ready: (found: P[]) => boolean,
): Promise<P[]> {
  let found: P[] = [];
  return waitFor(async () => {
    const data = await readStored(viewer);
    const session = data.sessions.find((s) => page(s.firstUrl));
    if (!session) return undefined;
    found = eventsOf(data, session.id)
      .filter((e) => customTag(e) === tag)
      .map((e) => customPayload<P>(e)!);
    return ready(found) ? found : undefined;
  }, `${tag} signals`).catch((error: Error) => {
    throw new Error(
      `${error.message} Found ${found.length}: ${JSON.stringify(found).slice(0, 500)}`,
    );
  });
}
