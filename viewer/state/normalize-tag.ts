/** Longest tag kept: a tag is a word or two, not a note. */
export const MAX_TAG_LENGTH = 40;

/** A tag as typed → as stored: spaces trimmed and collapsed, cut to length; null when empty. */
export function normalizeTag(text: string): string | null {
  const tag = text.trim().replace(/\s+/g, ' ').slice(0, MAX_TAG_LENGTH).trim();
  return tag === '' ? null : tag;
}
