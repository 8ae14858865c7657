/** Commands the service worker sends to a tab's top-frame relay. */
export type BackgroundToContentMessage =
  | { type: 'start-new-session' }
  /** A marker at this moment in the tab's session, with the person's note. */
  | { type: 'add-marker'; note: string };

export interface BackgroundToContentReply {
  ok: boolean;
}
