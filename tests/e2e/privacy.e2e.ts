// The privacy acceptance test: a page holding 22 secrets where a person expects them masked, driven
// as a person would. None of them may reach IndexedDB or an export (a .tabreel bundle, rrweb JSON)
// at the default level; at the strict level no page text may either. Each level gets its own
// browser, so "everything stored" is that run's only.
import { gunzipSync, strFromU8 } from 'fflate';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT } from '../../shared/bundle/bundle-format';
import { readBundle } from '../../shared/bundle/read-bundle';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import type { PrivacyLevel } from '../../shared/settings/settings';
import { openOptions, saveOptions } from './support/extension-pages';
import { useRecordingBrowser, type RecordingEnvironment } from './support/recording-browser';
import {
  eventsOf,
  readStored,
  waitFor,
  waitForAnalysis,
  type StoredData,
} from './support/stored-sessions';
import { openViewer } from './support/viewer-page';

const MASK_SELECTOR = '.account-number';
/** Where the exported files are saved (git-ignored). */
const FILES = resolve(import.meta.dirname, '../../.tmp/privacy-exports');
const BLOCK_SELECTOR = '.private-message';

interface Secret {
  where: string;
  value: string;
}

/** Where each secret lives in tests/fixtures/pages/secrets.html (or is typed, or in its address). */
const SECRETS = {
  password: { where: 'typed into a password field', value: 'Vellum!Orchid-2291' },
  revealed: {
    where: 'typed into a password field after "Show" made it type=text',
    value: 'Quokka#Lantern-5508',
  },
  recoveryCode: { where: 'typed into an autocomplete=one-time-code field', value: '7QXK-M4PZ-R2' },
  cardWithHint: {
    where: 'typed into an autocomplete=cc-number field',
    value: '4539 1488 0343 6467',
  },
  cardNoHint: {
    where: 'typed into a card field named "number" with no hints',
    value: '5425 2334 3010 9903',
  },
  notes: { where: 'typed into a textarea', value: 'lunar maple orbit cactus velvet quiver' },
  memo: { where: 'typed into a contenteditable region', value: 'memorable word Zephyr4417' },
  apiKeyField: {
    where: 'set by script into a readonly text field',
    value: 'sk_live_51HqLw3Kd8ZpR2vYtN0x',
  },
  hiddenToken: {
    where: 'set by script into a hidden field',
    value: 'csrf_9fQ2vLx8Rk3TmW7p',
  },
  textareaDefault: {
    where: "set by script as a textarea's default text",
    value: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw',
  },
  maskedText: {
    where: `page text under the mask selector ${MASK_SELECTOR}`,
    value: 'DE44 5001 0517 5407 3249 31',
  },
  blockedText: {
    where: `page text under the block selector ${BLOCK_SELECTOR}`,
    value: 'PUK unblock key 8392-0174-5561',
  },
  resetToken: { where: 'reset_token= in the page address', value: 'rt_Q3v9LmX2pK7wZ4nB' },
  fragmentToken: {
    where: '#access_token= in the page address',
    value: 'ya29.a0AfB_byC8xKq2Lm9PvRt4',
  },
  oauthCode: { where: 'code= in a fragment set by script', value: 'Ax7Kp2QmZ9vLr4TbWc8N' },
  bearer: {
    where: 'Authorization: Bearer token in a console.error object',
    value: 'gho_6fT2kP9qLx4mZ8vR1wN3yB7c',
  },
  loggedPassword: {
    where: 'password (a passphrase) in a console.error object',
    value: 'velvet tractor monsoon pickle',
  },
  loggedCard: { where: 'card number in a console.warn', value: '4556 7375 8689 9855' },
  jwt: {
    where: 'JWT in a thrown error message',
    value:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3ItNzcyMSIsInNjb3BlIjoiYmFua2luZyJ9.q8VnT3xLmP2kRw7ZyB4sJd9HfC6',
  },
  apiKeyQuery: { where: 'api_key= in a fetch URL', value: 'AIzaSyD4x8Kq2Lm9PvRt7Wn3Bc' },
  loggedCode: {
    where: 'code= in an address a console.warn quotes',
    value: 'Qm4Lz8RtVx2Kp7Jw',
  },
  thrownSig: { where: 'sig= in an address a thrown error quotes', value: 'Hb7Wq3NxLp9Tz2Ck' },
} satisfies Record<string, Secret>;

/** Secret fields: stored as nothing, not even their length. */
const FIELD_SECRETS: Secret[] = [
  SECRETS.password,
  SECRETS.revealed,
  SECRETS.recoveryCode,
  SECRETS.cardWithHint,
  SECRETS.cardNoHint,
];

/** Text nodes of the page (none of them secret): stored at the default level, never at the strict one. */
const PAGE_TEXT = [
  'Larkspur sign-in and payments', // the title: in the snapshot, and the session's title
  'Account security settings',
  'Review how you sign in and pay',
  'Payment card',
  'Notes for support',
  'Generate API key',
  'Finish sign-in',
  'Back to the dashboard',
];

const PAGE_ADDRESS =
  `secrets.html?step=verify&reset_token=${SECRETS.resetToken.value}` +
  `#access_token=${SECRETS.fragmentToken.value}&token_type=Bearer&expires_in=3599`;

/** Forms a leak could take: whole, without separators, URL-encoded, or any 12-character piece. */
function needlesOf(value: string): string[] {
  const needles = new Set([value, value.replace(/[\s-]/g, ''), encodeURIComponent(value)]);
  // A piece catches a secret that was only partly redacted (a passphrase cut at its first space).
  for (let i = 0; i + 12 <= value.length; i += 1) needles.add(value.slice(i, i + 12));
  return [...needles];
}

function leaksIn(text: string): string[] {
  return Object.values(SECRETS).flatMap(({ where, value }) => {
    const found = needlesOf(value).find((needle) => text.includes(needle));
    if (!found) return [];
    // Where it was stored, to tell which part of the recorder let it through.
    const at = text.indexOf(found);
    return [`${where}: …${text.slice(Math.max(0, at - 100), at + found.length + 40)}…`];
  });
}

/**
 * Through the options page, as a person would set them. Fields are found by their settings name:
 * the page's labels are being reworded.
 */
async function choosePrivacy(env: RecordingEnvironment, level: PrivacyLevel): Promise<void> {
  const options = await openOptions(env.browser);
  await options.locator('select[name="privacyLevel"]').selectOption(level);
  await options.locator('[name="maskSelector"]').fill(MASK_SELECTOR);
  await options.locator('[name="blockSelector"]').fill(BLOCK_SELECTOR);
  await saveOptions(options);
  await options.close();
}

/** Everything the page showed Playwright (console, errors, requests, addresses, field values). */
function watchPage(page: Page): { seen: string[] } {
  const seen: string[] = [];
  page.on('console', (message) => seen.push(message.text()));
  page.on('pageerror', (error) => seen.push(error.message));
  page.on('request', (request) => seen.push(request.url()));
  page.on('framenavigated', (frame) => seen.push(frame.url()));
  return { seen };
}

async function type(page: Page, selector: string, text: string): Promise<void> {
  await page.click(selector);
  await page.keyboard.type(text, { delay: 5 });
}

/** Signs in, pays, fills the forms and leaves for the dashboard, as a person would. */
async function useSecretsPage(env: RecordingEnvironment): Promise<void> {
  const page = await env.browser.context.newPage();
  const { seen } = watchPage(page);
  await page.goto(env.server.url(PAGE_ADDRESS));
  await type(page, '#password', SECRETS.password.value);
  await page.click('#show');
  await type(page, '#field2', SECRETS.revealed.value);
  await type(page, '#recovery-code', SECRETS.recoveryCode.value);
  await type(page, '#cc-number', SECRETS.cardWithHint.value);
  await type(page, '#card-plain', SECRETS.cardNoHint.value);
  await page.click('#generate-key');
  await type(page, '#notes', SECRETS.notes.value);
  await page.click('#load-key');
  await type(page, '.memo', SECRETS.memo.value);
  // Back into the text just typed, then onto the account number and the message to copy them.
  await page.click('.memo');
  await page.click(MASK_SELECTOR);
  await page.click(`${BLOCK_SELECTOR} p`);
  await page.click('#save');
  await page.click('#session-check');
  await page.click('#finish-sign-in');
  await page.waitForTimeout(300);

  // The page really held every secret; otherwise their absence below would prove nothing.
  const fields = ['#password', '#field2', '#recovery-code', '#cc-number', '#card-plain', '#notes'];
  for (const id of [...fields, '#api-key', '#csrf', '#signing-key'])
    seen.push(await page.inputValue(id));
  seen.push(await page.locator('body').innerText());
  const pageHeld = seen.join('\n');
  const missing = Object.values(SECRETS).filter((s) => !pageHeld.includes(s.value));
  expect(missing.map((s) => s.where)).toEqual([]);

  // Everything of the page is delivered once its last signals are stored; then leave for the next.
  const viewer = await env.browser.extensionPage();
  await waitFor(async () => {
    const { everything } = await readStored(viewer);
    return everything.includes('state=af0ifjsldkj') &&
      everything.includes('Session expired for token') &&
      everything.includes('Payment declined for card') &&
      everything.includes('/api/status/200')
      ? true
      : undefined;
  }, 'the secrets page, its console, error, request and route change');
  await page.click('#dashboard');
  await page.waitForURL(/second\.html/);
  await page.click('#go');
  await page.close();
}

/** Waits for the dashboard page's click: by then the secrets page before it is stored too. */
async function storedAfterDashboard(env: RecordingEnvironment): Promise<StoredData> {
  const viewer = await env.browser.extensionPage();
  return waitFor(async () => {
    const stored = await readStored(viewer);
    return stored.everything.includes('done=privacy') &&
      stored.everything.includes('"selector":"#go"')
      ? stored
      : undefined;
  }, 'the dashboard page after the secrets page');
}

/** The secrets session exported from the viewer: each file's whole text, as a reader would see it. */
interface Exported {
  /** The .tabreel bundle, gunzipped: every record (header, session, events, analysis, end). */
  bundle: string;
  /** The rrweb JSON file, as downloaded. */
  rrwebJson: string;
  /** IndexedDB once the session ended and its analysis was stored (what the export read from). */
  stored: StoredData;
}

/** Clicks what starts a download and saves the file under .tmp/privacy-exports; returns its path. */
async function download(page: Page, level: PrivacyLevel, start: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download'), start()]);
  const path = join(FILES, `${Date.now()}-${level}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return path;
}

/**
 * Once the secrets page's session has ended and been analysed, opens it from the viewer's list and
 * exports it through its Export menu, as a person would: as a .tabreel bundle, then as rrweb JSON.
 */
async function exportSecretsSession(
  env: RecordingEnvironment,
  level: PrivacyLevel,
): Promise<Exported> {
  mkdirSync(FILES, { recursive: true });
  const { session, data } = await waitForAnalysis(
    await env.browser.extensionPage(),
    (url) => url.includes('secrets.html'),
    30_000,
  );
  const viewer = await openViewer(env.browser);
  await viewer
    .locator(`[role="row"][data-session-id="${session.id}"]`)
    .locator('.session-link')
    .click();
  await viewer.locator('.session-page').waitFor();
  const exportAs = (choice: RegExp) =>
    download(viewer, level, async () => {
      await viewer.getByText('Export', { exact: true }).click();
      await viewer.getByRole('menuitem', { name: choice }).click();
    });
  const bundlePath = await exportAs(/Tabreel bundle/);
  const jsonPath = await exportAs(/rrweb JSON/);
  await viewer.close();

  // The files hold this session whole, so an absence below is not an empty or wrong export.
  const bytes = new Uint8Array(readFileSync(bundlePath));
  const read = await readBundle(bytes);
  expect(read.header).toMatchObject({ format: BUNDLE_FORMAT, sessions: 1 });
  expect(read.sessions[0]!.meta.id).toBe(session.id);
  const storedEvents = eventsOf(data, session.id).length;
  expect(read.sessions[0]!.events).toHaveLength(storedEvents);
  const rrwebJson = readFileSync(jsonPath, 'utf8');
  expect(JSON.parse(rrwebJson) as TimedEvent[]).toHaveLength(storedEvents);
  return { bundle: strFromU8(gunzipSync(bytes)), rrwebJson, stored: data };
}

describe('privacy at the default level (mask inputs)', () => {
  const env = useRecordingBrowser();

  it('stores none of the 22 secrets, and does store the page text', async () => {
    expect(new Set(Object.values(SECRETS).map((s) => s.value)).size).toBe(22);
    await choosePrivacy(env, 'mask-inputs');
    await useSecretsPage(env);
    const { everything } = await storedAfterDashboard(env);

    expect(leaksIn(everything), 'secrets found in IndexedDB').toEqual([]);
    // The test can fail: ordinary page text and the page's address are kept at this level.
    for (const text of PAGE_TEXT) expect(everything).toContain(text);
    expect(everything).toContain('secrets.html?step=verify&reset_token=[redacted]');
    // Ordinary inputs keep their length as asterisks; secret fields keep nothing at all.
    expect(everything).toContain(`"text":"${'*'.repeat(SECRETS.notes.value.length)}"`);
    const keptLength = FIELD_SECRETS.filter(({ value }) =>
      everything.includes(`"text":"${'*'.repeat(value.length)}"`),
    );
    expect(keptLength.map((s) => s.where)).toEqual([]);

    const exported = await exportSecretsSession(env, 'mask-inputs');
    expect(leaksIn(exported.stored.everything), 'secrets found in IndexedDB once analysed').toEqual(
      [],
    );
    expect(leaksIn(exported.bundle), 'secrets found in the .tabreel bundle').toEqual([]);
    expect(leaksIn(exported.rrwebJson), 'secrets found in the rrweb JSON export').toEqual([]);
    // The exports can fail: they hold the page's text and address, as stored.
    for (const [file, text] of [
      ['the .tabreel bundle', exported.bundle],
      ['the rrweb JSON export', exported.rrwebJson],
    ] as const) {
      expect(
        PAGE_TEXT.filter((t) => !text.includes(t)),
        `page text missing from ${file}`,
      ).toEqual([]);
      expect(text, file).toContain('secrets.html?step=verify&reset_token=[redacted]');
      expect(text, file).toContain(`"text":"${'*'.repeat(SECRETS.notes.value.length)}"`);
    }
  });
});

describe('privacy at the strict level (mask all text)', () => {
  const env = useRecordingBrowser();

  it('stores no page text at all, and none of the secrets', async () => {
    await choosePrivacy(env, 'mask-all-text');
    await useSecretsPage(env);
    const { everything } = await storedAfterDashboard(env);

    expect(leaksIn(everything), 'secrets found in IndexedDB').toEqual([]);
    expect(
      PAGE_TEXT.filter((text) => everything.includes(text)),
      'page text found in IndexedDB',
    ).toEqual([]);
    // The page was recorded: its structure and its text's shape, masked.
    expect(everything).toContain('secrets.html?step=verify');
    expect(everything).toContain('Account security settings'.replace(/\S/g, '*'));

    const exported = await exportSecretsSession(env, 'mask-all-text');
    for (const [file, text] of [
      ['IndexedDB once analysed', exported.stored.everything],
      ['the .tabreel bundle', exported.bundle],
      ['the rrweb JSON export', exported.rrwebJson],
    ] as const) {
      expect(leaksIn(text), `secrets found in ${file}`).toEqual([]);
      expect(
        PAGE_TEXT.filter((t) => text.includes(t)),
        `page text found in ${file}`,
      ).toEqual([]);
      // The export holds the recording: its address and the page's text, masked.
      expect(text, file).toContain('secrets.html?step=verify');
      expect(text, file).toContain('Account security settings'.replace(/\S/g, '*'));
    }
  });
});
