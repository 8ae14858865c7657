import type { PageViewNavigation } from '../../shared/events/tabreel-events';

/** The part of the Navigation API we read (Chromium has it; elsewhere popstate tells less). */
type NavigationLike = EventTarget & { currentEntry?: { index: number } | null };
const NAVIGATION_TYPES: ReadonlySet<string> = new Set(['push', 'replace', 'traverse', 'reload']);

/** The history index of the current entry, where the Navigation API gives one. */
export function historyIndex(): number | undefined {
  const navigation = (window as unknown as { navigation?: NavigationLike }).navigation;
  const index = navigation?.currentEntry?.index;
  return typeof index === 'number' && index >= 0 ? index : undefined;
}

/**
 * Calls `onRoute` after every SPA route change (History API or hash), with how it came about: the
 * Navigation API's type where there is one, so a back button reads as `traverse`, not as a click.
 * Returns its stop.
 */
export function startRouteWatch(
  onRoute: (how: PageViewNavigation, index: number | undefined) => void,
): () => void {
  let lastUrl = location.href;
  let lastType: PageViewNavigation | null = null;
  const check = (fallback: PageViewNavigation) => {
    const how = lastType ?? fallback;
    lastType = null;
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    try {
      onRoute(how, historyIndex());
    } catch {
      // Recording must never make the page's own pushState/replaceState throw.
    }
  };
  const { pushState, replaceState } = history;
  const wrappedPush = function (this: History, ...args: Parameters<History['pushState']>) {
    const result = pushState.apply(this, args);
    check('push');
    return result;
  };
  const wrappedReplace = function (this: History, ...args: Parameters<History['replaceState']>) {
    const result = replaceState.apply(this, args);
    check('replace');
    return result;
  };
  history.pushState = wrappedPush;
  history.replaceState = wrappedReplace;
  const controller = new AbortController();
  const navigation = (window as unknown as { navigation?: NavigationLike }).navigation;
  navigation?.addEventListener(
    'navigate',
    (event) => {
      const type = (event as Event & { navigationType?: string }).navigationType;
      if (type && NAVIGATION_TYPES.has(type)) lastType = type as PageViewNavigation;
    },
    { signal: controller.signal },
  );
  window.addEventListener('popstate', () => check('pop'), { signal: controller.signal });
  window.addEventListener('hashchange', () => check('pop'), { signal: controller.signal });
  return () => {
    controller.abort();
    // Restore only if nobody wrapped them after us; otherwise leave their wrapper working.
    if (history.pushState === wrappedPush) history.pushState = pushState;
    if (history.replaceState === wrappedReplace) history.replaceState = replaceState;
  };
}
