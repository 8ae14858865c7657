import { useEffect, useRef } from 'preact/hooks';

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
  return (
    <details class="export-menu" ref={menu}>
      <summary class="export-button" aria-disabled={busy}>
        {busy ? 'Exporting…' : 'Export'}
      </summary>
      <div class="export-choices" role="menu" aria-label="Export this session">
        {choices.map((choice) => (
          <button
            key={choice.label}
            type="button"
            role="menuitem"
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
