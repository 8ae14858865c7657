import {
  customPayload,
  customTag,
  RECORDING_STOP_REASONS,
  TABREEL_TAG,
  type RecordingStopReason,
  type RecordingStoppedPayload,
  type TimedEvent,
} from '../events/tabreel-events';

/**
 * Why recording stopped, when `event` is the recorder's stop marker; null for any other event. A
 * marker naming no known reason (forged, or from a newer recorder) is no stop: it ends nothing.
 */
export function recordingStopReason(event: TimedEvent): RecordingStopReason | null {
  if (customTag(event) !== TABREEL_TAG.recordingStopped) return null;
  const reason = customPayload<Partial<RecordingStoppedPayload>>(event)?.reason;
  return RECORDING_STOP_REASONS.find((known) => known === reason) ?? null;
}
