/** Commands the service worker sends to a tab's top-frame relay. */
export type BackgroundToContentMessage = { type: 'start-new-session' };

export interface BackgroundToContentReply {
  ok: boolean;
}
