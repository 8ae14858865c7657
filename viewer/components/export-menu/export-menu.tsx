import { useEffect, useRef } from 'preact/hooks';
import { rovingIndex } from '../../state/roving-index';

export interface ExportChoice {
  label: string;
  hint: string;
  run: () => void;
}

/** A button that opens the ways to export a session; a choice (or Escape, or a click away) closes it. */
export function ExportMenu({ choices, busy }: { choices: readonly ExportChoice[]; busy: boolean }) {
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (event: Event) => {
      const details = menu.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== 'Escape') return;
        // A choice had the focus: it goes back to the button, not to the page's start.
        const hadFocus = details.contains(document.activeElement);
        details.open = false;
        if (hadFocus) details.querySelector('summary')?.focus();
      } else if (!details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener('click', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  // Which choice the menu opened on: the first (a click, Enter, Space, ArrowDown) or the last (ArrowUp).
  const openedLast = useRef(false);
  // The WAI-ARIA menu pattern: opening focuses the first choice; Up/Down (wrapping), Home and End
  // move between the choices; the focus leaving it (Tab) closes it.
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const focusItem = (index: number) => items()[index]?.focus();
  const onMenuKey = (event: KeyboardEvent) => {
    const all = items();
    const next = rovingIndex(
      event.key,
      all.indexOf(document.activeElement as HTMLElement),
      all.length,
      'vertical',
    );
    if (next === null) return;
    event.preventDefault();
    focusItem(next);
  };
  const onSummaryKey = (event: KeyboardEvent) => {
    const details = menu.current;
    if (!details || busy || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    event.preventDefault();
    const last = event.key === 'ArrowUp';
    if (details.open) focusItem(last ? items().length - 1 : 0);
    else {
      openedLast.current = last;
      details.open = true;
    }
  };
  return (
    <details
      class="export-menu"
      ref={menu}
      onFocusOut={(event) => {
        const details = menu.current;
        if (details?.open && !details.contains(event.relatedTarget as Node | null))
          details.open = false;
      }}
      onToggle={() => {
        if (!menu.current?.open) return;
        focusItem(openedLast.current ? items().length - 1 : 0);
        openedLast.current = false;
      }}
    >
      <summary
        class="export-button"
        aria-disabled={busy}
        aria-haspopup="menu"
        onKeyDown={onSummaryKey}
      >
        {busy ? 'Exporting…' : 'Export'}
      </summary>
      <div
        class="export-choices"
        role="menu"
        aria-label="Export this session"
        onKeyDown={onMenuKey}
      >
        {choices.map((choice) => (
          <button
            key={choice.label}
            type="button"
            role="menuitem"
            // Reached with the arrows, not Tab (the menu pattern).
            tabIndex={-1}
            disabled={busy}
            onClick={() => {
              if (menu.current) menu.current.open = false;
              choice.run();
            }}
          >
            <span class="choice-label">{choice.label}</span>
            <span class="choice-hint">{choice.hint}</span>
          </button>
        ))}
      </div>
    </details>
  );
}
