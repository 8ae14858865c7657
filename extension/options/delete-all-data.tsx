import { useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { formatBytes } from '../../shared/format/format-bytes';
import type { PopupToBackgroundMessage } from '../../shared/messages/popup-to-background';
import type { DeletedData } from '../../shared/storage/delete-all-data';
import { Section } from './fields';
import type { StorageUsage } from './use-storage-usage';

type State =
  | { kind: 'idle' }
  | { kind: 'deleting' }
  | { kind: 'done'; deleted: DeletedData }
  | { kind: 'failed'; message: string };

/** Deletes every recording through the service worker (the only writer), after a confirmation. */
export function DeleteAllData({
  usage,
  unread,
}: {
  usage: StorageUsage | null;
  /** The disk has too little room to open the recordings (room-to-open.ts). */
  unread: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, setState] = useState<State>({ kind: 'idle' });

  const what = usage
    ? `${usage.sessions.toLocaleString()} ${usage.sessions === 1 ? 'session' : 'sessions'} (${formatBytes(usage.storedBytes)})`
    : 'every session';

  const confirm = async () => {
    setState({ kind: 'deleting' });
    try {
      const request: PopupToBackgroundMessage = { type: 'delete-all-data' };
      const reply = (await browser.runtime.sendMessage(request)) as
        { ok: true; deleted: DeletedData } | undefined;
      if (!reply?.ok) throw new Error('The extension did not answer. Try again.');
      setState({ kind: 'done', deleted: reply.deleted });
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
    dialog.current?.close();
  };

  return (
    <Section id="delete-data" title="Delete all data">
      <div class="danger-row">
        <p>
          Deletes every recorded session with its events, analysis and captured assets, pinned ones
          included. Your settings are kept, and recording goes on. This cannot be undone.
        </p>
        <button
          type="button"
          class="button danger-outline"
          disabled={usage?.sessions === 0 && state.kind !== 'failed'}
          onClick={() => {
            setState({ kind: 'idle' });
            dialog.current?.showModal();
          }}
        >
          Delete all data…
        </button>
      </div>
      {unread ? (
        <p class="hint" data-testid="delete-while-full">
          The disk is all but full: this page does not open the recordings, and the recorder deletes
          them only if it still has them open. It does not open them again until space is freed.
        </p>
      ) : null}
      <p class="action-result" role="status">
        {state.kind === 'done'
          ? `Deleted ${state.deleted.sessions.toLocaleString()} ${state.deleted.sessions === 1 ? 'session' : 'sessions'} (${formatBytes(state.deleted.bytes)}).`
          : state.kind === 'failed'
            ? `Nothing was deleted: ${state.message}`
            : ''}
      </p>
      <dialog
        ref={dialog}
        class="confirm-dialog"
        aria-labelledby="delete-title"
        aria-describedby="delete-body"
      >
        <h3 id="delete-title">Delete all recorded data?</h3>
        <p id="delete-body">
          {what} will be deleted for good, pinned sessions included. Your settings stay as they are.
        </p>
        <div class="dialog-actions">
          <button
            type="button"
            class="button secondary"
            autoFocus
            onClick={() => dialog.current?.close()}
          >
            Cancel
          </button>
          <button
            type="button"
            class="button danger"
            disabled={state.kind === 'deleting'}
            onClick={() => void confirm()}
          >
            {state.kind === 'deleting' ? 'Deleting…' : 'Delete everything'}
          </button>
        </div>
      </dialog>
    </Section>
  );
}
