/** Calls `onRoute` after every SPA route change (History API or hash). Returns its stop. */
export function startRouteWatch(onRoute: () => void): () => void {
  let lastUrl = location.href;
  const check = () => {
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    try {
      onRoute();
    } catch {
      // Recording must never make the page's own pushState/replaceState throw.
    }
  };
  const { pushState, replaceState } = history;
  const wrappedPush = function (this: History, ...args: Parameters<History['pushState']>) {
    const result = pushState.apply(this, args);
    check();
    return result;
  };
  const wrappedReplace = function (this: History, ...args: Parameters<History['replaceState']>) {
    const result = replaceState.apply(this, args);
    check();
    return result;
  };
  history.pushState = wrappedPush;
  history.replaceState = wrappedReplace;
  const controller = new AbortController();
  window.addEventListener('popstate', check, { signal: controller.signal });
  window.addEventListener('hashchange', check, { signal: controller.signal });
  return () => {
    controller.abort();
    // Restore only if nobody wrapped them after us; otherwise leave their wrapper working.
    if (history.pushState === wrappedPush) history.pushState = pushState;
    if (history.replaceState === wrappedReplace) history.replaceState = replaceState;
  };
}
