import type { ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** A component whose code is a separate chunk, fetched the first time it renders (or is loaded). */
export interface LazyComponent<P> extends FunctionComponent<P> {
  /** Starts fetching its code now (once); resolves when it can render. */
  load(): Promise<ComponentType<P>>;
}

/**
 * `load` is a dynamic `import()`: the build puts what only that component needs into a chunk of its
 * own, so the viewer's first screen evaluates none of it (P1: opening a session). It renders nothing
 * until its code is in, and a chunk that fails to load says so instead of vanishing.
 */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const start = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null; // the next render tries again
        throw error;
      },
    ));
  function Lazy(props: P) {
    const [error, setError] = useState<string | null>(null);
    const [, setReady] = useState(false);
    // What the first render showed: code that arrives between it and the effect must re-render.
    const shown = loaded !== null;
    useEffect(() => {
      if (shown) return;
      let cancelled = false;
      start().then(
        () => !cancelled && setReady(true),
        (e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)),
      );
      return () => {
        cancelled = true;
      };
    }, []);
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    return error ? (
      <p class="banner warning" role="alert">
        Part of the viewer could not be loaded ({error}). Reload the page to try again.
      </p>
    ) : null;
  }
  Lazy.load = start;
  return Lazy;
}
