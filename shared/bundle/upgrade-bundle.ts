// Older bundle versions open through these steps, one version at a time, so each step is small
// and tested on its own (tests/unit/bundle-upgrade.test.ts) and a file of any older version ends
// up as the current one. The reader has already checked the file against its own version's rules.
import { BUNDLE_VERSION } from './bundle-format';
import type { ReadBundle } from './read-bundle';

/** The step from version `n` to `n + 1`, keyed by `n`. */
const STEPS: Record<number, (bundle: ReadBundle) => ReadBundle> = {
  // 1 → 2: version 1 had no captured assets; each session gets an empty address → asset map, so
  // its replay falls back to the live network (when the person allows it) as before.
  1: (bundle) => ({
    ...bundle,
    header: { ...bundle.header, version: 2 },
    sessions: bundle.sessions.map((session) => ({
      ...session,
      assetRefs: session.assetRefs ?? [],
    })),
    assets: bundle.assets ?? new Map(),
  }),
};

/** Brings a bundle read at its file's version up to BUNDLE_VERSION. */
export function upgradeBundle(bundle: ReadBundle): ReadBundle {
  let current = bundle;
  while (current.header.version < BUNDLE_VERSION) {
    const step = STEPS[current.header.version];
    if (!step) throw new Error(`No upgrade from bundle format ${current.header.version}.`);
    current = step(current);
  }
  return current;
}
