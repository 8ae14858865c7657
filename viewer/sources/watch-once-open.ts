/** A live query's subscription, or anything else that stops. */
interface Subscription {
  unsubscribe(): void;
}

/**
 * Starts `watch` once the page's database is open (`ready` from open-page-database.ts), never on a
 * disk too full to open it; returns the stop, which also stops a watch that has not started yet.
 */
export function watchOnceOpen(ready: Promise<boolean>, watch: () => Subscription): () => void {
  let stopped = false;
  let subscription: Subscription | null = null;
  void ready.then((open) => {
    if (open && !stopped) subscription = watch();
  });
  return () => {
    stopped = true;
    subscription?.unsubscribe();
  };
}
