import type { SessionRow } from '../../../shared/db/schema';
import { Dialog } from './dialog';

export function ConfirmDeleteDialog({
  sessions,
  onConfirm,
  onClose,
}: {
  sessions: readonly SessionRow[];
  onConfirm: () => void;
  onClose: () => void;
}) {
  const count = sessions.length;
  const noun = count === 1 ? 'session' : `${count.toLocaleString()} sessions`;
  const pinned = sessions.filter((s) => s.pinned === 1).length;
  return (
    <Dialog
      class="dialog-danger"
      title={`Delete ${count === 1 ? 'this session' : noun}?`}
      onSubmit={onConfirm}
      onClose={onClose}
      actions={
        <>
          <button type="button" class="button" onClick={onClose} autofocus>
            Cancel
          </button>
          <button type="submit" class="button danger">
            Delete {noun}
          </button>
        </>
      }
    >
      <p>
        {count === 1 ? 'Its recording and analysis are' : 'Their recordings and analyses are'}{' '}
        removed from this browser. This cannot be undone.
      </p>
      {pinned > 0 && (
        <p class="dialog-warning">
          {pinned === count
            ? count === 1
              ? 'It is pinned.'
              : 'All of them are pinned.'
            : `${pinned} of them ${pinned === 1 ? 'is' : 'are'} pinned.`}
        </p>
      )}
    </Dialog>
  );
}
