import { describe, expect, it } from 'vitest';
import { redactText, redactUrl, REDACTED } from '../../shared/privacy/redact';

const JWT =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('redactText', () => {
  it.each([
    ['Authorization: Bearer abc.DEF-123_xyz', 'Authorization: Bearer [redacted]'],
    [`token is ${JWT} ok`, 'token is [redacted] ok'],
    ['failed with api_key=sk_live_123456 and more', 'failed with api_key=[redacted] and more'],
    ['{"password": "hunter2"}', '{"password": "[redacted]"}'],
    ['card 4111 1111 1111 1111 declined', 'card [redacted] declined'],
    ['card 4111111111111111 declined', 'card [redacted] declined'],
  ])('redacts %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('keeps ordinary text and numbers that are not card numbers', () => {
    const text = 'Order 1234567890123 shipped at 1700000000000; key count 3';
    expect(redactText(text)).toBe(text);
  });

  it('truncates long text with an ellipsis', () => {
    expect(redactText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('redactUrl', () => {
  it('replaces secret query values and keeps the rest', () => {
    expect(redactUrl('https://api.example/v1/items?page=2&access_token=abc123&sort=asc')).toBe(
      `https://api.example/v1/items?page=2&access_token=${REDACTED}&sort=asc`,
    );
  });

  it('removes credentials in the URL', () => {
    expect(redactUrl('https://user:pa55@example.com/x')).toBe('https://example.com/x');
  });

  it('redacts a JWT in any parameter and tokens in the fragment', () => {
    expect(redactUrl(`https://example.com/cb?state=ok&x=${JWT}`)).toBe(
      `https://example.com/cb?state=ok&x=${REDACTED}`,
    );
    expect(redactUrl('https://example.com/#access_token=zzz&expires_in=3600')).toBe(
      `https://example.com/#access_token=${REDACTED}&expires_in=3600`,
    );
  });

  it('leaves a plain URL exactly as it was', () => {
    const url = 'https://example.com/products/42?utm_campaign=spring#reviews';
    expect(redactUrl(url)).toBe(url);
  });

  it('truncates very long URLs', () => {
    expect(redactUrl(`https://example.com/${'a'.repeat(5000)}`).length).toBe(2048);
  });
});
