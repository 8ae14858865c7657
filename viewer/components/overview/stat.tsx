/** One headline number, a link to the sessions behind it when it has any. */
export function Stat({
  label,
  value,
  detail,
  href,
  testId,
}: {
  label: string;
  value: string;
  detail?: string;
  href?: string | null;
  testId?: string;
}) {
  return (
    <div class="stat" data-testid={testId}>
      <span class="stat-label">{label}</span>
      {href ? (
        <a class="stat-value" href={href}>
          {value}
        </a>
      ) : (
        <span class="stat-value">{value}</span>
      )}
      {detail && <span class="stat-detail">{detail}</span>}
    </div>
  );
}
