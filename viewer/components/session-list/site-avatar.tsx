/** The site's first letter on a colour of its own: no remote favicon is ever fetched. */
export function SiteAvatar({ host }: { host: string }) {
  const name = host.replace(/^www\./, '');
  const letter = (name.match(/[\p{L}\p{N}]/u)?.[0] ?? '?').toUpperCase();
  return (
    <span
      class="site-avatar"
      style={{ background: `hsl(${hueOf(name)} 55% 42%)` }}
      aria-hidden="true"
    >
      {letter}
    </span>
  );
}

/** The same host always gets the same hue. */
function hueOf(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) >>> 0;
  return hash % 360;
}
