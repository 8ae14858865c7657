import { useState } from 'preact/hooks';
import type { SessionRow } from '../../../shared/db/schema';
import { normalizeTag } from '../../state/normalize-tag';
import { Icon } from './icons';

/** The actions on the ticked sessions, floating over the list while any are ticked. */
export function SessionBulkBar({
  selected,
  knownTags,
  onPin,
  onAddTag,
  onExport,
  onDelete,
  onClear,
}: {
  selected: readonly SessionRow[];
  knownTags: readonly string[];
  onPin: (pinned: boolean) => void;
  onAddTag: (tag: string) => void;
  /** Downloads the ticked sessions as one bundle file. */
  onExport: () => void;
  onDelete: () => void;
  onClear: () => void;
}) {
  const [tagging, setTagging] = useState(false);
  const [draft, setDraft] = useState('');
  const allPinned = selected.every((row) => row.pinned === 1);
  const count = selected.length;
  return (
    <div class="bulk-bar" role="region" aria-label="Selected sessions">
      <span class="bulk-count" role="status">
        {count.toLocaleString()} selected
      </span>
      {tagging ? (
        <form
          class="bulk-tag-form"
          onSubmit={(event) => {
            event.preventDefault();
            const tag = normalizeTag(draft);
            if (!tag) return;
            onAddTag(tag);
            setDraft('');
            setTagging(false);
          }}
        >
          <input
            type="text"
            aria-label="Tag to add"
            placeholder="Tag"
            list="bulk-known-tags"
            value={draft}
            autofocus
            onInput={(event) => setDraft(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setTagging(false);
            }}
          />
          <datalist id="bulk-known-tags">
            {knownTags.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
          <button type="submit" class="bulk-button">
            Add
          </button>
          <button type="button" class="bulk-button" onClick={() => setTagging(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <>
          <button type="button" class="bulk-button" onClick={() => onPin(!allPinned)}>
            <Icon name="pin" filled={allPinned} />
            {allPinned ? 'Unpin' : 'Pin'}
          </button>
          <button type="button" class="bulk-button" onClick={() => setTagging(true)}>
            <Icon name="tag" />
            Add tag
          </button>
          <button type="button" class="bulk-button" onClick={onExport}>
            <Icon name="download" />
            Export
          </button>
          <button type="button" class="bulk-button danger" onClick={onDelete}>
            <Icon name="trash" />
            Delete
          </button>
        </>
      )}
      <button
        type="button"
        class="bulk-button icon-only"
        aria-label="Clear selection"
        title="Clear selection"
        onClick={onClear}
      >
        <Icon name="close" />
      </button>
    </div>
  );
}
