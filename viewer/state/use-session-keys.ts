import { useEffect } from 'preact/hooks';

export interface SessionKeyActions {
  toggle: () => void;
  /** Moves the replay by `ms` (negative: back). */
  skip: (ms: number) => void;
  /** One speed step up (+1) or down (−1). */
  speed: (step: 1 | -1) => void;
}

/** What space presses once the keyboard has moved to it. */
const CONTROLS = 'button, summary, a[href], [role="tab"], [role="menuitem"]';

/**
 * The player's keyboard: space plays/pauses, ←/→ move 5 s, `,`/`.` move 1 s, `<`/`>` change
 * speed. Ignored while typing in a field; the arrows too in a tab list or menu (theirs); space is
 * a control's own once the keyboard reached it.
 */
export function useSessionKeys(actions: SessionKeyActions): void {
  useEffect(() => {
    // The control a pointer last pressed, while it keeps the focus: space stays play/pause there
    // (a click on Play, a speed, a failure), as it is on the page itself. (`:focus-visible` cannot
    // tell: Chromium turns it on at the key press itself.)
    let clicked: Element | null = null;
    const onPointerDown = (event: PointerEvent) => {
      clicked = (event.target as Element | null)?.closest?.(CONTROLS) ?? null;
    };
    const onFocusIn = (event: FocusEvent) => {
      if (event.target !== clicked) clicked = null;
    };
    /** A button, tab or menu entry the person moved to with the keyboard. */
    const keyboardFocused = (target: HTMLElement | null) =>
      target !== null && target !== clicked && target.matches(CONTROLS);
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
            // A control reached with the keyboard: space is its own (a speed, a tab, a failure).
            if (keyboardFocused(target)) return false;
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
    // A button focused by a click would also "click" on space's keyup: that press was the player's.
    const onKeyUp = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (
        event.key === ' ' &&
        !target?.closest('input, textarea, select') &&
        !keyboardFocused(target)
      )
        event.preventDefault();
    };
    addEventListener('pointerdown', onPointerDown, true);
    addEventListener('focusin', onFocusIn, true);
    addEventListener('keydown', onKey);
    addEventListener('keyup', onKeyUp);
    return () => {
      removeEventListener('pointerdown', onPointerDown, true);
      removeEventListener('focusin', onFocusIn, true);
      removeEventListener('keydown', onKey);
      removeEventListener('keyup', onKeyUp);
    };
  });
}
