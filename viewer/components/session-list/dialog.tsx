import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * A modal dialog (the platform's `<dialog>`: focus moves in and stays, Escape cancels), open while
 * mounted. `onSubmit` runs for its form's submit button; any other way out is `onClose`.
 */
export function Dialog({
  title,
  children,
  actions,
  onSubmit,
  onClose,
  class: className = '',
}: {
  title: string;
  children: ComponentChildren;
  actions: ComponentChildren;
  onSubmit: () => void;
  onClose: () => void;
  class?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      class={`dialog ${className}`}
      aria-labelledby="dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === dialog.current) onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <h2 id="dialog-title">{title}</h2>
        <div class="dialog-body">{children}</div>
        <div class="dialog-actions">{actions}</div>
      </form>
    </dialog>
  );
}
