/** Which arrow keys move along a widget: a tab list's Left/Right, a menu's Up/Down. */
export type RovingOrientation = 'horizontal' | 'vertical';

/**
 * Where a key moves the focus in a tab list or menu of `count` items (the WAI-ARIA patterns): the
 * arrows of its orientation to the next or previous item, wrapping at the ends; Home and End to the
 * first and last. Null for any other key, which the widget leaves alone.
 */
export function rovingIndex(
  key: string,
  current: number,
  count: number,
  orientation: RovingOrientation,
): number | null {
  if (count === 0) return null;
  const [back, forward] =
    orientation === 'horizontal' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
  switch (key) {
    case back:
      return (current - 1 + count) % count;
    case forward:
      return (current + 1) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
