/** `2024-05-03` (a date input's value) → midnight starting that day, local time, in ms. */
export function localDayStart(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
}

/** Midnight ending the day `date` names: a range "to" a day includes that whole day. */
export function nextLocalDay(date: string): number | null {
  const start = localDayStart(date);
  if (start === null) return null;
  const d = new Date(start);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

/** ms → `2024-05-03`, local time: the value a date input shows. */
export function localDateOf(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
