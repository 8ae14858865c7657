import type { Runtime } from 'webextension-polyfill';
import { parseBatchMessage, type BatchReply } from '../../shared/messages/content-to-background';
import { parseEventArray } from '../../shared/events/parse-event-array';
import { sessionRulesOf } from '../../shared/settings/settings';
import { recordingDecision } from '../../shared/site/recording-decision';
import {
  commitBatch,
  ForeignStreamError,
  SequenceGapError,
} from '../../shared/storage/commit-batch';
import { db } from './database';
import { loadSettings } from './settings';
import { countRejected, reportWriteFailure } from './status';

const WRITE_RETRY_DELAYS_MS = [50, 250];

const refuse = (error: string): BatchReply => ({ ok: false, retry: false, error });

/** Validates a batch from a page and stores it exactly once. Only an `ok: true` reply is an ack. */
export async function handleBatch(
  message: unknown,
  sender: Runtime.MessageSender,
): Promise<BatchReply> {
  const batch = parseBatchMessage(message);
  const tab = sender.tab;
  if (!batch) {
    await countRejected('malformed batch');
    return refuse('Malformed batch.');
  }
  // Only a top frame's relay delivers; the tab is the sender's, never one the message names.
  if (!tab || tab.id === undefined || tab.id < 0 || sender.frameId !== 0) {
    await countRejected('batch from outside a top frame');
    return refuse('Batches come from top frames only.');
  }
  const settings = await loadSettings();
  const decision = recordingDecision(
    { url: sender.url ?? tab.url ?? '', incognito: tab.incognito },
    settings,
  );
  if (!decision.record) return refuse(`Not recorded here: ${decision.reason}.`);

  const events = parseEventArray(batch.events, batch.count);
  if (!events.ok) {
    await countRejected(events.error);
    return refuse(events.error);
  }

  for (let attempt = 0; ; attempt += 1) {
    try {
      const result = await commitBatch(db, {
        tabId: tab.id,
        incognito: tab.incognito,
        streamId: batch.streamId,
        fromSeq: batch.fromSeq,
        events: events.events,
        rules: sessionRulesOf(settings),
        privacyLevel: settings.privacyLevel,
        now: Date.now(),
        newId: () => crypto.randomUUID(),
      });
      return {
        ok: true,
        through: result.through,
        session: result.session,
        needsSnapshot: result.needsSnapshot,
      };
    } catch (error) {
      if (error instanceof ForeignStreamError) {
        await countRejected(error.message);
        return refuse(error.message);
      }
      if (error instanceof SequenceGapError)
        return { ok: false, retry: true, error: error.message };
      const delay = WRITE_RETRY_DELAYS_MS[attempt];
      if (delay === undefined) {
        const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        await reportWriteFailure(text, Date.now());
        return { ok: false, retry: true, error: text };
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
