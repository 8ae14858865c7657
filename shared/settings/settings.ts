import * as v from 'valibot';
import { isValidSitePattern } from '../site/site-pattern';

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const INACTIVITY_TIMEOUT_MIN_MS = 5 * SECOND_MS; // low enough for tests and demos
export const INACTIVITY_TIMEOUT_MAX_MS = DAY_MS;
export const MAX_DURATION_MIN_MS = MINUTE_MS;
export const MAX_DURATION_MAX_MS = 7 * DAY_MS;

/** `mask-inputs`: every input value masked (default). `mask-all-text`: page text masked too. */
export type PrivacyLevel = 'mask-inputs' | 'mask-all-text';
export const PRIVACY_LEVELS: readonly PrivacyLevel[] = ['mask-inputs', 'mask-all-text'];

/** `all-except`: every site but the excluded ones (default). `only-listed`: only the listed sites. */
export type SiteMode = 'all-except' | 'only-listed';
export const SITE_MODES: readonly SiteMode[] = ['all-except', 'only-listed'];

/** What of the network is kept: every request as a timing row and its failures, failures only, or nothing. */
export type NetworkCapture = 'all' | 'failures' | 'off';
export const NETWORK_CAPTURES: readonly NetworkCapture[] = ['all', 'failures', 'off'];

/** What of the console is kept: errors and warnings, errors only, or nothing (uncaught errors always). */
export type ConsoleCapture = 'errors-and-warnings' | 'errors' | 'off';
export const CONSOLE_CAPTURES: readonly ConsoleCapture[] = ['errors-and-warnings', 'errors', 'off'];

export const RETENTION_DAYS_MIN = 1;
export const RETENTION_DAYS_MAX = 3650;
export const STORAGE_BUDGET_MIN_MB = 10;
export const STORAGE_BUDGET_MAX_MB = 1024 * 1024;
/** A CSS selector list as typed in the options; checked against the DOM by the options page. */
export const SELECTOR_MAX_LENGTH = 2000;

export interface Settings {
  inactivityTimeoutMs: number;
  maxDurationMs: number;
  splitOnCampaign: boolean;
  privacyLevel: PrivacyLevel;
  /** Host patterns never recorded: `example.com` (and its subdomains), `*.example.com`, `localhost:8080`. */
  excludedSites: string[];
  paused: boolean;
  recordIncognito: boolean;
  siteMode: SiteMode;
  /** The sites recorded in `only-listed` mode (same patterns as excludedSites). */
  includedSites: string[];
  /** Elements whose text is masked too, whatever the level (`.account-number, [data-private]`). */
  maskSelector: string;
  /** Elements not recorded at all: replayed as an empty box of their size. */
  blockSelector: string;
  networkCapture: NetworkCapture;
  consoleCapture: ConsoleCapture;
  /** Sessions older than this are deleted (unless pinned). */
  retentionDays: number;
  /** Recordings beyond this size are deleted, oldest unpinned first. */
  storageBudgetMb: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  inactivityTimeoutMs: 30 * MINUTE_MS,
  maxDurationMs: DAY_MS,
  splitOnCampaign: false,
  privacyLevel: 'mask-inputs',
  excludedSites: [],
  paused: false,
  recordIncognito: false,
  siteMode: 'all-except',
  includedSites: [],
  maskSelector: '',
  blockSelector: '',
  networkCapture: 'all',
  consoleCapture: 'errors-and-warnings',
  retentionDays: 90,
  storageBudgetMb: 1024,
});

const sitePatterns = (what: string) =>
  v.pipe(
    v.array(
      v.pipe(
        v.string(),
        v.check(isValidSitePattern, (issue) =>
          String(issue.input).includes('/')
            ? `Not a site pattern: "${String(issue.input)}". A site has no path: example.com, *.example.com or localhost:3000.`
            : `Not a site pattern: "${String(issue.input)}".`,
        ),
      ),
    ),
    v.maxLength(1000, `At most 1000 ${what}.`),
  );

const selector = (what: string) =>
  v.pipe(
    v.string(`The ${what} must be text.`),
    v.maxLength(
      SELECTOR_MAX_LENGTH,
      `The ${what} must be at most ${SELECTOR_MAX_LENGTH} characters.`,
    ),
    v.check((text) => !/[{}]/.test(text), `The ${what} must be CSS selectors, not rules.`),
  );

// Built on first use: the relay (in every frame, at document_start) carries this module but
// validates settings only after the page's first paint; building it there cost the paint.
function buildSettingsSchema() {
  return v.object({
    inactivityTimeoutMs: v.pipe(
      v.number('The inactivity timeout must be a number.'),
      v.integer('The inactivity timeout must be a whole number of milliseconds.'),
      v.minValue(INACTIVITY_TIMEOUT_MIN_MS, 'The inactivity timeout must be at least 5 seconds.'),
      v.maxValue(INACTIVITY_TIMEOUT_MAX_MS, 'The inactivity timeout must be at most 24 hours.'),
    ),
    maxDurationMs: v.pipe(
      v.number('The maximum duration must be a number.'),
      v.integer('The maximum duration must be a whole number of milliseconds.'),
      v.minValue(MAX_DURATION_MIN_MS, 'The maximum duration must be at least 1 minute.'),
      v.maxValue(MAX_DURATION_MAX_MS, 'The maximum duration must be at most 7 days.'),
    ),
    splitOnCampaign: v.boolean(),
    privacyLevel: v.picklist(PRIVACY_LEVELS, 'Unknown privacy level.'),
    excludedSites: sitePatterns('excluded sites'),
    paused: v.boolean(),
    recordIncognito: v.boolean(),
    siteMode: v.picklist(SITE_MODES, 'Unknown site mode.'),
    includedSites: sitePatterns('listed sites'),
    maskSelector: selector('mask selector'),
    blockSelector: selector('block selector'),
    networkCapture: v.picklist(NETWORK_CAPTURES, 'Unknown network capture level.'),
    consoleCapture: v.picklist(CONSOLE_CAPTURES, 'Unknown console capture level.'),
    retentionDays: v.pipe(
      v.number('The retention must be a number of days.'),
      v.integer('The retention must be a whole number of days.'),
      v.minValue(RETENTION_DAYS_MIN, 'Keep sessions at least 1 day.'),
      v.maxValue(RETENTION_DAYS_MAX, 'Keep sessions at most 3650 days.'),
    ),
    storageBudgetMb: v.pipe(
      v.number('The storage budget must be a number of megabytes.'),
      v.integer('The storage budget must be a whole number of megabytes.'),
      v.minValue(
        STORAGE_BUDGET_MIN_MB,
        `The storage budget must be at least ${STORAGE_BUDGET_MIN_MB} MB.`,
      ),
      v.maxValue(STORAGE_BUDGET_MAX_MB, 'The storage budget must be at most 1 TB.'),
    ),
  });
}
let settingsSchema: ReturnType<typeof buildSettingsSchema> | undefined;

export type SettingsField = keyof Settings;

export type SettingsValidation =
  { ok: true; settings: Settings } | { ok: false; errors: Partial<Record<SettingsField, string>> };

/** Validates a full settings object; errors are keyed by field so a form can show them in place. */
export function validateSettings(input: unknown): SettingsValidation {
  const result = v.safeParse((settingsSchema ??= buildSettingsSchema()), input);
  if (result.success) return { ok: true, settings: result.output };
  const errors: Partial<Record<SettingsField, string>> = {};
  for (const issue of result.issues) {
    const field = issue.path?.[0]?.key as SettingsField | undefined;
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return { ok: false, errors };
}

/**
 * What is stored may be old, partial or hand-edited: start from the defaults, keep every stored
 * field that is valid on its own, and ignore the rest. Never throws.
 */
export function settingsFromStorage(stored: unknown): Settings {
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (stored && typeof stored === 'object') {
    for (const key of Object.keys(DEFAULT_SETTINGS) as SettingsField[]) {
      const value = (stored as Record<string, unknown>)[key];
      if (value === undefined) continue;
      const candidate = { ...DEFAULT_SETTINGS, [key]: value };
      if (validateSettings(candidate).ok) merged[key] = value;
    }
  }
  return merged as unknown as Settings;
}

export function sessionRulesOf(settings: Settings) {
  return {
    inactivityMs: settings.inactivityTimeoutMs,
    maxDurationMs: settings.maxDurationMs,
    splitOnCampaign: settings.splitOnCampaign,
  };
}

/** The storage key settings live under, in `chrome.storage.local`. */
export const SETTINGS_STORAGE_KEY = 'settings';
