// Inline icons (24×24, stroked): the viewer loads nothing from the network.
const PATHS = {
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14Zm9 16-4.2-4.2',
  pin: 'M9 4h6l-1 6 3 3v1H7v-1l3-3-1-6Zm3 10v6',
  edit: 'M4 20h4L19 9l-4-4L4 16v4Zm9-13 4 4',
  trash: 'M4 7h16M9 7V4h6v3m-8 0 1 13h8l1-13',
  tag: 'M3 12V4h8l9 9-8 8-9-9Zm5-4.5a1 1 0 1 0 0 .01',
  close: 'M6 6l12 12M18 6 6 18',
  note: 'M5 4h14v12l-4 4H5V4Zm10 16v-4h4M8 9h8M8 13h5',
  record: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8Zm0-5a9 9 0 1 0 0 18 9 9 0 0 0 0-18Z',
  alert: 'M12 3 2 20h20L12 3Zm0 6v5m0 3v.01',
  download: 'M12 4v11m-5-5 5 5 5-5M5 20h14',
  upload: 'M12 20V9m-5 5 5-5 5 5M5 4h14',
  file: 'M6 3h8l4 4v14H6V3Zm8 0v4h4',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, filled = false }: { name: IconName; filled?: boolean }) {
  return (
    <svg
      class="icon"
      viewBox="0 0 24 24"
      width="16"
      height="16"
      aria-hidden="true"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
