import browser from 'webextension-polyfill';
import type {
  BackgroundToContentMessage,
  BackgroundToContentReply,
} from '../../shared/messages/background-to-content';
import { MARKER_NOTE_MAX } from '../../shared/events/tabreel-events';

export type AddMarkerReply = { ok: true } | { ok: false; error: string };

/**
 * A marker at this moment in the tab's session. The tab's recorder adds it to its own stream, so it
 * sits on the replay's clock and is stored exactly once like any event.
 */
export async function handleAddMarker(tabId: number, note: string): Promise<AddMarkerReply> {
  const command: BackgroundToContentMessage = {
    type: 'add-marker',
    note: String(note).slice(0, MARKER_NOTE_MAX),
  };
  try {
    const reply = (await browser.tabs.sendMessage(tabId, command, { frameId: 0 })) as
      BackgroundToContentReply | undefined;
    if (reply?.ok) return { ok: true };
  } catch {
    // No relay in that tab: fall through.
  }
  return { ok: false, error: 'This tab is not being recorded, so there is nothing to mark.' };
}
