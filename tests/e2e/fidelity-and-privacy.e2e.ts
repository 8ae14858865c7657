import { describe, expect, it } from 'vitest';
import { customPayload, customTag, type TimedEvent } from '../../shared/events/tabreel-events';
import { SIGNAL_TAG, type RequestPayload } from '../../shared/signals/signal-events';
import { startFixtureServer } from './support/fixture-server';
import { useRecordingBrowser } from './support/recording-browser';
import { eventsOf, readStored, waitFor, type StoredData } from './support/stored-sessions';

const env = useRecordingBrowser();

async function sessionContaining(text: string): Promise<{ data: StoredData; json: string }> {
  const viewer = await env.browser.extensionPage();
  return waitFor(async () => {
    const data = await readStored(viewer);
    for (const session of data.sessions) {
      const json = JSON.stringify(eventsOf(data, session.id));
      if (json.includes(text)) return { data, json };
    }
    return undefined;
  }, `a session containing ${text}`);
}

describe('what the replay needs is stored', () => {
  it('keeps styles inserted through CSSStyleSheet.insertRule, early and late', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('insert-rule.html'));
    await page.waitForTimeout(600);
    await page.mouse.click(10, 10);
    const { json } = await sessionContaining('late-rule-marker');
    expect(json).toContain('.styled-by-cssom');
    expect(json).toContain('rgb(1, 2, 3)');
    expect(json).toContain('rgb(4, 5, 6)');
    await page.close();
  });

  it('keeps the content and styles of an open shadow root, including later changes', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('shadow.html'));
    await page.waitForTimeout(600);
    await page.mouse.click(10, 10);
    const { json } = await sessionContaining('late-shadow-marker');
    expect(json).toContain('shadow-content-marker');
    expect(json).toContain('"isShadowHost":true');
    expect(json).toContain('rgb(7, 8, 9)');
    await page.close();
  });
});

describe('privacy', () => {
  it('never stores typed passwords, card numbers or one-time codes, and masks other inputs', async () => {
    const secrets = {
      '#name': 'Visible Name Zebra',
      '#password': 'hunter2-Secret-Pw',
      '#card': '4111111111111111',
      '#card2': '5500005555555559',
      '#cvc': '737',
      '#otp': '918273',
      '#notes': 'private note walrus',
    };
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('form.html'));
    for (const [selector, value] of Object.entries(secrets)) {
      await page.click(selector);
      await page.keyboard.type(value, { delay: 5 });
    }
    // Typed into an editable region, and a hidden field's value set by a script.
    await page.click('#editor');
    await page.keyboard.type(' TYPED-IN-EDITABLE', { delay: 5 });
    await page.click('#set-hidden');
    // Revealing the password (type=text) must not reveal it to the recording either.
    await page.click('#show');
    await page.click('#password');
    await page.keyboard.type('X');
    await page.click('#name');
    await page.waitForTimeout(1500);

    const viewer = await env.browser.extensionPage();
    const data = await waitFor(async () => {
      const stored = await readStored(viewer);
      return stored.everything.includes('Checkout form') && stored.everything.includes('"text":"*')
        ? stored
        : undefined;
    }, 'the form session with masked input events');
    for (const value of Object.values(secrets)) {
      // Quoted, so a short code cannot match digits inside a timestamp by chance.
      expect(data.everything).not.toContain(JSON.stringify(value));
      if (value.length >= 8) expect(data.everything).not.toContain(value);
    }
    expect(data.everything).not.toContain('hunter2');
    expect(data.everything).not.toContain('HIDDEN-OTP-424242');
    expect(data.everything).not.toContain('4000056655665556');
    expect(data.everything).not.toContain('TYPED-IN-EDITABLE');
    // Nor any part of the card as typed so far (a bare '4111' also occurs in random vitals ids).
    expect(data.everything).not.toMatch(/"4111\d*"/);
    // Ordinary inputs keep their length as asterisks; secrets keep nothing at all.
    expect(data.everything).toContain(`"text":"${'*'.repeat(secrets['#name'].length)}"`);
    expect(data.everything).not.toContain(`"text":"${'*'.repeat(secrets['#card'].length)}"`);
    expect(data.everything).not.toContain(`"text":"${'*'.repeat(secrets['#password'].length)}"`);
    await page.close();
  });
});

describe('frames', () => {
  it('records a same-origin frame once and a cross-origin frame through its own recorder', async () => {
    const other = await startFixtureServer('127.0.0.2');
    try {
      const page = await env.browser.context.newPage();
      await page.goto(env.server.url(`iframes.html?cross=${encodeURIComponent(other.origin)}`));
      await page.frameLocator('#same').locator('#go').click({ timeout: 10_000 });
      await page.frameLocator('#cross').locator('#go').click({ timeout: 10_000 });
      const { json } = await sessionContaining('frame-clicked-cross');
      expect(json.match(/frame-child-same-marker/g)).toHaveLength(1);
      expect(json.match(/frame-child-cross-marker/g)).toHaveLength(1);
      expect(json).toContain('frame-clicked-same');
      // The cross-origin child's own requests name the frame they came from; the top's do not.
      const requests = (JSON.parse(json) as TimedEvent[])
        .filter((e) => customTag(e) === SIGNAL_TAG.request)
        .map((e) => customPayload<RequestPayload>(e)!);
      const childDocument = requests.find(
        (r) => r.initiatorType === 'document' && r.url.includes('name=cross'),
      );
      expect(childDocument?.frame).toBe(`${other.origin}/frame-child.html?name=cross`);
      const topDocument = requests.find(
        (r) => r.initiatorType === 'document' && r.url.includes('iframes.html'),
      );
      expect(topDocument).toBeDefined();
      expect(topDocument!.frame).toBeUndefined();
      await page.close();
    } finally {
      await other.close();
    }
  });
});

describe('addresses', () => {
  it('stores page addresses without the tokens in their query strings', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url('basic.html?view=list&access_token=tok-SECRET-42'));
    await page.click('#go');
    const { data } = await sessionContaining('view=list');
    expect(data.everything).not.toContain('tok-SECRET-42');
    const session = data.sessions.find((s) => s.firstUrl.includes('view=list'))!;
    expect(session.firstUrl).toBe(env.server.url('basic.html?view=list&access_token=[redacted]'));
    await page.close();
  });
});
