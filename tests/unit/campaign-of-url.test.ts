import { describe, expect, it } from 'vitest';
import { campaignOfUrl } from '../../shared/session/campaign-of-url';

describe('campaignOfUrl', () => {
  it('reads utm_campaign, trimmed and lower-cased', () => {
    expect(campaignOfUrl('https://shop.example/?utm_source=x&utm_campaign=%20Spring%20')).toBe(
      'spring',
    );
  });

  it('is null without a campaign, with an empty one, or for a URL it cannot read', () => {
    expect(campaignOfUrl('https://shop.example/?utm_source=x')).toBeNull();
    expect(campaignOfUrl('https://shop.example/?utm_campaign=%20')).toBeNull();
    expect(campaignOfUrl('not a url')).toBeNull();
  });
});
