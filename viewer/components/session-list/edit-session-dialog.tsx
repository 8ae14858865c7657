import { useState } from 'preact/hooks';
import type { SessionRow } from '../../../shared/db/schema';
import { normalizeTag } from '../../state/normalize-tag';
import { Icon } from './icons';
import { Dialog } from './dialog';

export interface SessionEdits {
  label: string | undefined;
  note: string | undefined;
  tags: string[];
}

/** Rename a session, write a note, add or remove tags. */
export function EditSessionDialog({
  session,
  knownTags,
  onSave,
  onClose,
}: {
  session: SessionRow;
  knownTags: readonly string[];
  onSave: (edits: SessionEdits) => void;
  onClose: () => void;
}) {
  const [label, setLabel] = useState(session.label ?? '');
  const [note, setNote] = useState(session.note ?? '');
  const [tags, setTags] = useState<string[]>(session.tags ?? []);
  const [draft, setDraft] = useState('');
  const addDraft = () => {
    const tag = normalizeTag(draft);
    if (tag && !tags.includes(tag)) setTags([...tags, tag].sort());
    setDraft('');
  };
  return (
    <Dialog
      title="Edit session"
      onClose={onClose}
      onSubmit={() => {
        const pending = normalizeTag(draft);
        onSave({
          label: label.trim() || undefined,
          note: note.trim() || undefined,
          tags: pending && !tags.includes(pending) ? [...tags, pending].sort() : tags,
        });
      }}
      actions={
        <>
          <button type="button" class="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="button primary">
            Save
          </button>
        </>
      }
    >
      <label class="field">
        <span class="field-label">Name</span>
        <input
          type="text"
          value={label}
          placeholder={session.title || session.firstUrl}
          onInput={(event) => setLabel(event.currentTarget.value)}
        />
        <span class="field-hint">Shown instead of the page title. Empty keeps the title.</span>
      </label>
      <div class="field">
        <span class="field-label" id="tags-label">
          Tags
        </span>
        <div class="tag-editor" role="group" aria-labelledby="tags-label">
          {tags.map((tag) => (
            <span key={tag} class="tag-chip removable">
              {tag}
              <button
                type="button"
                aria-label={`Remove tag ${tag}`}
                onClick={() => setTags(tags.filter((t) => t !== tag))}
              >
                <Icon name="close" />
              </button>
            </span>
          ))}
          <input
            type="text"
            aria-label="Add a tag"
            placeholder={tags.length ? 'Add a tag' : 'Add a tag, then Enter'}
            list="known-tags"
            value={draft}
            onInput={(event) => setDraft(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ',') {
                event.preventDefault();
                addDraft();
              } else if (event.key === 'Backspace' && draft === '' && tags.length > 0) {
                setTags(tags.slice(0, -1));
              }
            }}
          />
          <datalist id="known-tags">
            {knownTags.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
        </div>
      </div>
      <label class="field">
        <span class="field-label">Note</span>
        <textarea
          rows={4}
          value={note}
          placeholder="What happened here, what to look at…"
          onInput={(event) => setNote(event.currentTarget.value)}
        />
      </label>
    </Dialog>
  );
}
