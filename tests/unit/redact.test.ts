import { describe, expect, it } from 'vitest';
import {
  isCardNumber,
  redactText,
  redactTextWithUrls,
  redactUrl,
  REDACTED,
} from '../../shared/privacy/redact';

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
    // Names that end in a secret word, not only the bare word.
    ['reset_token=rt_abc123 expired', 'reset_token=[redacted] expired'],
    ['x-api-key: abcdef123 sent', 'x-api-key: [redacted] sent'],
    ['sessionToken=zzz; path=/', 'sessionToken=[redacted]; path=/'],
    // Session cookies as a page logs them, and a form body's nested names.
    ['Cookie: PHPSESSID=abc123; theme=dark', 'Cookie: PHPSESSID=[redacted]; theme=dark'],
    ['Set-Cookie: JSESSIONID=abc123; Path=/', 'Set-Cookie: JSESSIONID=[redacted]; Path=/'],
    [
      'body user[name]=jane&user[password]=hunter2',
      'body user[name]=jane&user[password]=[redacted]',
    ],
    // A passphrase keeps none of its words, quoted or in a logged object.
    ['{"password": "velvet tractor monsoon"}', '{"password": "[redacted]"}'],
    [
      'Login failed {username: jane, password: velvet tractor monsoon, remember: true}',
      'Login failed {username: jane, password: [redacted], remember: true}',
    ],
  ])('redacts %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('keeps ordinary text and numbers that are not card numbers', () => {
    const text = 'Order 1234567890123 shipped at 1700000000000; key count 3';
    expect(redactText(text)).toBe(text);
    const words = 'tokens: 5 used, token_type=Bearer {author: Jane, keywords: a b}';
    expect(redactText(words)).toBe(words);
  });

  it('truncates long text with an ellipsis', () => {
    expect(redactText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('isCardNumber', () => {
  it('knows a card number by its value, as typed into a field with no hints', () => {
    expect(isCardNumber('5425 2334 3010 9903')).toBe(true);
    expect(isCardNumber('4111-1111-1111-1111')).toBe(true);
    expect(isCardNumber('4111111111111112')).toBe(false); // not Luhn-valid
    expect(isCardNumber('12345')).toBe(false);
    expect(isCardNumber('Order 4111111111111111')).toBe(false);
    expect(isCardNumber('4222222222222')).toBe(true); // 13 digits (Visa)
    expect(isCardNumber('135412345678911')).toBe(true); // 15 digits from 1 (UATP)
  });

  it('takes no timestamp for a card, though one in ten passes the Luhn check', () => {
    expect(isCardNumber('1764427200001')).toBe(false); // milliseconds, Luhn-valid
    expect(isCardNumber('1764427200001005')).toBe(false); // microseconds, Luhn-valid
    expect(redactUrl('https://shop.example/cart?_=1764427200001')).toBe(
      'https://shop.example/cart?_=1764427200001',
    );
    expect(redactText('cache key 1764427200001')).toBe('cache key 1764427200001');
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

  it('redacts names ending in a secret word, and keeps the fragment after a redacted value', () => {
    expect(
      redactUrl('https://example.com/a?q=a%20b&reset_token=x1&token_type=Bearer#section=2'),
    ).toBe(`https://example.com/a?q=a%20b&reset_token=${REDACTED}&token_type=Bearer#section=2`);
    expect(redactUrl('https://s3.example/o?X-Amz-Signature=ff00&sessionToken=zz')).toBe(
      `https://s3.example/o?X-Amz-Signature=${REDACTED}&sessionToken=${REDACTED}`,
    );
  });

  it('redacts an OAuth code in the fragment, also after a hash route', () => {
    expect(redactUrl('https://example.com/cb#state=af0i&code=Ax7Kp2')).toBe(
      `https://example.com/cb#state=af0i&code=${REDACTED}`,
    );
    expect(redactUrl('https://example.com/#/callback?state=1&code=abc')).toBe(
      `https://example.com/#/callback?state=1&code=${REDACTED}`,
    );
  });

  it("redacts a form's nested secret names and the servers' session cookies", () => {
    expect(redactUrl('https://example.com/login?user[email]=a%40b.c&user[password]=hunter2')).toBe(
      `https://example.com/login?user[email]=a%40b.c&user[password]=${REDACTED}`,
    );
    expect(redactUrl('https://example.com/login?user%5Bpassword%5D=hunter2')).toBe(
      `https://example.com/login?user%5Bpassword%5D=${REDACTED}`,
    );
    expect(redactUrl('https://shop.example/cart?PHPSESSID=abc123&JSESSIONID=def456&page=2')).toBe(
      `https://shop.example/cart?PHPSESSID=${REDACTED}&JSESSIONID=${REDACTED}&page=2`,
    );
    // A servlet's session in the path: the query behind it stays.
    expect(redactUrl('https://shop.example/cart;jsessionid=0A1B2C3D?page=2')).toBe(
      `https://shop.example/cart;jsessionid=${REDACTED}?page=2`,
    );
  });

  it('redacts a card number a GET form sent with its spaces, and an unsigned JWT', () => {
    expect(redactUrl('https://shop.example/pay?number=4111+1111+1111+1111&exp=12%2F29')).toBe(
      `https://shop.example/pay?number=${REDACTED}&exp=12%2F29`,
    );
    expect(redactUrl('https://shop.example/pay?number=4111%201111%201111%201111')).toBe(
      `https://shop.example/pay?number=${REDACTED}`,
    );
    const unsigned = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJqYW5lQGV4YW1wbGUuY29tIn0.';
    expect(redactUrl(`https://example.com/cb?state=ok&t=${unsigned}`)).toBe(
      `https://example.com/cb?state=ok&t=${REDACTED}`,
    );
    expect(redactText(`claims ${unsigned} read`)).toBe(`claims ${REDACTED} read`);
  });

  it('redacts the secrets of an address passed in a parameter, and keeps one with none', () => {
    expect(
      redactUrl(
        'https://login.example/done?next=https%3A%2F%2Fapp.example%2Fcb%3Fstate%3Dok%26code%3DAx7Kp2&lang=en',
      ),
    ).toBe(
      `https://login.example/done?next=https%3A%2F%2Fapp.example%2Fcb%3Fstate%3Dok%26code%3D${REDACTED}&lang=en`,
    );
    expect(redactUrl('https://example.com/login?return_to=%2Freset%3Ftoken%3Dabc123')).toBe(
      `https://example.com/login?return_to=%2Freset%3Ftoken%3D${REDACTED}`,
    );
    expect(redactUrl('https://example.com/go?to=%2F%2Fapp.example%2Fcb%3Fcode%3DAx7Kp2')).toBe(
      `https://example.com/go?to=%2F%2Fapp.example%2Fcb%3Fcode%3D${REDACTED}`,
    );
    const plain = 'https://example.com/login?return_to=%2Fsearch%3Fq%3Dshoes%26page%3D2';
    expect(redactUrl(plain)).toBe(plain);
  });

  it('replaces an address nested past three levels whole: bounded work, no secret kept', () => {
    let url = 'https://app.example/cb?code=Ax7Kp2';
    for (let i = 0; i < 200; i++) url = `https://hop${i}.example/?next=${encodeURIComponent(url)}`;
    const started = performance.now();
    const redacted = redactUrl(url, Number.MAX_SAFE_INTEGER);
    expect(performance.now() - started).toBeLessThan(200); // 200 levels re-parsed: seconds
    expect(redacted).not.toContain('Ax7Kp2');
    expect(redacted).toMatch(/^https:\/\/hop199\.example\/\?next=https%3A%2F%2Fhop198\.example/);
  });

  it('leaves a plain URL exactly as it was', () => {
    const url = 'https://example.com/products/42?utm_campaign=spring#reviews';
    expect(redactUrl(url)).toBe(url);
  });

  it('truncates very long URLs', () => {
    expect(redactUrl(`https://example.com/${'a'.repeat(5000)}`).length).toBe(2048);
  });
});

describe('redactTextWithUrls', () => {
  it('redacts a URL quoted in a browser error as a URL, query secrets and credentials included', () => {
    const reason =
      'Cannot access contents of url "https://user:pw@app.test/callback?code=abc123&state=ok". Extension manifest must request permission.';
    const redacted = redactTextWithUrls(reason);
    expect(redacted).not.toContain('abc123');
    expect(redacted).not.toContain('user:pw');
    expect(redacted).toContain('state=ok');
    expect(redacted).toContain('Extension manifest must request permission.');
    // redactText alone keeps a login code: it is not a secret name in free text.
    expect(redactText(reason)).toContain('abc123');
  });
});
