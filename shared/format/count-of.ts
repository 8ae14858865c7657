/** `1 session`, `1,204 sessions`: a count and its noun, as the extension's pages write them. */
export function countOf(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
