import {
  createSharingFilter,
  type SharingOptions,
} from '../../../shared/bundle/prepare-for-sharing';
import type { RedactionCounts } from '../../../shared/bundle/redact-for-sharing';
import { runFilter } from '../../../shared/bundle/trim-session';
import { customPayload, customTag, type TimedEvent } from '../../../shared/events/tabreel-events';
import {
  SIGNAL_TAG,
  type ConsolePayload,
  type RequestPayload,
} from '../../../shared/signals/signal-events';

/** What a shared copy would hold, read from the copy the export would write. */
export interface SharePreview {
  eventCount: number;
  counts: RedactionCounts;
  /** The page's text at the copy's first snapshot, as shared (masks applied). */
  pageText: string;
  console: string[];
  requests: string[];
}

const PAGE_TEXT_CHARS = 600;
const LISTED = 5;

interface TextNode {
  type: number;
  tagName?: string;
  textContent?: string;
  childNodes?: TextNode[];
}

/** The visible text of a serialized page (no style or script text), shortened. */
function textOfSnapshot(root: TextNode): string {
  const parts: string[] = [];
  const stack: TextNode[] = [root];
  let length = 0;
  while (stack.length > 0 && length < PAGE_TEXT_CHARS) {
    const node = stack.pop()!;
    if (node.type === 2 && /^(style|script|head|noscript)$/i.test(node.tagName ?? '')) continue;
    if (node.type === 3 && node.textContent?.trim()) {
      parts.push(node.textContent.trim());
      length += node.textContent.length;
    }
    for (const child of [...(node.childNodes ?? [])].reverse()) stack.push(child);
  }
  const text = parts.join(' ');
  return text.length > PAGE_TEXT_CHARS ? `${text.slice(0, PAGE_TEXT_CHARS)}…` : text;
}

/** Runs the export's own filter over the loaded events: the preview is what would be written. */
export function previewShare(events: readonly TimedEvent[], options: SharingOptions): SharePreview {
  const filter = createSharingFilter(options);
  const kept = runFilter(filter, events);
  const snapshot = kept.find((e) => e.type === 2);
  const console: string[] = [];
  const requests: string[] = [];
  for (const event of kept) {
    const tag = customTag(event);
    if (tag === SIGNAL_TAG.console && console.length < LISTED)
      console.push(customPayload<ConsolePayload>(event)!.message);
    if (tag === SIGNAL_TAG.request && requests.length < LISTED) {
      const request = customPayload<RequestPayload>(event)!;
      requests.push(`${request.method ?? ''} ${request.url}`.trim());
    }
  }
  return {
    eventCount: kept.length,
    counts: filter.counts,
    pageText: snapshot ? textOfSnapshot((snapshot.data as { node: TextNode }).node) : '',
    console,
    requests,
  };
}
