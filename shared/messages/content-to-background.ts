import * as v from 'valibot';

// Chrome's message limit is 64 MiB; the relay splits its outbox well below it.
export const MAX_BATCH_JSON_BYTES = 32 * 1024 * 1024;
export const MAX_STREAM_ID_LENGTH = 64;
export const MAX_BATCH_EVENTS = 1_000_000;
/**
 * The most hand-overs one batch may join (a hand-over is at least 26 characters, so a 256 KB batch
 * holds at most ~10,000 of them; a final 32 MB one is cut here).
 */
export const MAX_BATCH_PARTS = 65_536;

const PartSizeSchema = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(1),
  v.maxValue(MAX_BATCH_JSON_BYTES),
);

// The place fields are their own constants, shared by the two schemas below: reading them back
// from `BatchMessageSchema.entries` was a top-level property read that no bundler drops, which kept
// valibot and these schemas in the relay's and the recorder's document_start scripts.
const StreamIdSchema = v.pipe(
  v.string(),
  v.minLength(8),
  v.maxLength(MAX_STREAM_ID_LENGTH),
  v.regex(/^[\w-]+$/),
);
const FromSeqSchema = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(0),
  v.maxValue(Number.MAX_SAFE_INTEGER),
);
const CountSchema = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_BATCH_EVENTS));

/** The relay delivers events `fromSeq, fromSeq+1, …` of one stream, as a JSON array's text. */
export const BatchMessageSchema = v.object({
  type: v.literal('batch'),
  streamId: StreamIdSchema,
  fromSeq: FromSeqSchema,
  count: CountSchema,
  events: v.pipe(v.string(), v.maxLength(MAX_BATCH_JSON_BYTES)),
  /**
   * When the batch joins several of the recorder's hand-overs: each one's event count and text
   * length (brackets included), in order. The service worker then checks each hand-over on its
   * own, so a page's forged one costs only its own events (receive-batch.ts).
   */
  parts: v.optional(
    v.pipe(
      v.array(v.tuple([PartSizeSchema, PartSizeSchema])),
      v.minLength(2),
      v.maxLength(MAX_BATCH_PARTS),
    ),
  ),
});
export type BatchMessage = v.InferOutput<typeof BatchMessageSchema>;

/** The only answer the relay treats as an ack: everything up to `through` is committed. */
export interface BatchAck {
  ok: true;
  through: number;
  /** The tab's open session, so the recorder can tell when its maximum duration is reached. */
  session: { id: string; startedAt: number } | null;
  needsSnapshot: boolean;
}

export interface BatchRefusal {
  ok: false;
  /** false: never resend (rejected input); true: a write failed, resend later. */
  retry: boolean;
  error: string;
}

export type BatchReply = BatchAck | BatchRefusal;

export function isBatchAck(reply: unknown): reply is BatchAck {
  return (
    typeof reply === 'object' &&
    reply !== null &&
    (reply as { ok?: unknown }).ok === true &&
    typeof (reply as { through?: unknown }).through === 'number'
  );
}

export function parseBatchMessage(message: unknown): BatchMessage | null {
  const result = v.safeParse(BatchMessageSchema, message);
  return result.success ? result.output : null;
}

const BatchPlaceSchema = v.object({
  type: v.literal('batch'),
  streamId: StreamIdSchema,
  fromSeq: FromSeqSchema,
  count: CountSchema,
});

/** Where a batch sits in its stream, read even when the rest of the message is refused. */
export function parseBatchPlace(
  message: unknown,
): { streamId: string; fromSeq: number; count: number } | null {
  const result = v.safeParse(BatchPlaceSchema, message);
  return result.success
    ? {
        streamId: result.output.streamId,
        fromSeq: result.output.fromSeq,
        count: result.output.count,
      }
    : null;
}

/** The relay asks for the recorder's rrweb script in its own frame (see extension/page/rrweb-part.ts). */
export interface InjectRrwebMessage {
  type: 'inject-rrweb';
}

/** The worker's answer: `ok` once the script ran in the frame. */
export interface InjectRrwebReply {
  ok: boolean;
  error?: string;
}
