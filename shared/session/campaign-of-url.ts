/** The UTM campaign of a URL, or null: what GA4 compares to decide a new campaign session. */
export function campaignOfUrl(url: string): string | null {
  try {
    const value = new URL(url).searchParams.get('utm_campaign');
    return value ? value.trim().toLowerCase() || null : null;
  } catch {
    return null;
  }
}
