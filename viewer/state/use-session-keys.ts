import { useEffect } from 'preact/hooks';

export interface SessionKeyActions {
  toggle: () => void;
  /** Moves the replay by `ms` (negative: back). */
  skip: (ms: number) => void;
  /** One speed step up (+1) or down (−1). */
  speed: (step: 1 | -1) => void;
}

/**
 * The player's keyboard: space plays/pauses, ←/→ move 5 s, `,`/`.` move 1 s, `<`/`>` change
 * speed. Ignored while typing in a field; the arrows too in a tab list or menu (theirs).
 */
export function useSessionKeys(actions: SessionKeyActions): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (
        target?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')
      )
        return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      // A focused tab list or menu moves along itself with the arrows, not the replay.
      if (event.key.startsWith('Arrow') && target?.closest('[role="tablist"], [role="menu"]'))
        return;
      const handled = (() => {
        switch (event.key) {
          case ' ':
            actions.toggle();
            return true;
          case 'ArrowLeft':
            actions.skip(-5000);
            return true;
          case 'ArrowRight':
            actions.skip(5000);
            return true;
          case ',':
            actions.skip(-1000);
            return true;
          case '.':
            actions.skip(1000);
            return true;
          case '<':
            actions.speed(-1);
            return true;
          case '>':
            actions.speed(1);
            return true;
          default:
            return false;
        }
      })();
      if (handled) event.preventDefault();
    };
    // A focused button would also "click" on space's keyup: that press was the player's.
    const onKeyUp = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key === ' ' && !target?.closest('input, textarea, select')) event.preventDefault();
    };
    addEventListener('keydown', onKey);
    addEventListener('keyup', onKeyUp);
    return () => {
      removeEventListener('keydown', onKey);
      removeEventListener('keyup', onKeyUp);
    };
  });
}
