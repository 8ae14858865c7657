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

export interface Settings {
  inactivityTimeoutMs: number;
  maxDurationMs: number;
  splitOnCampaign: boolean;
  privacyLevel: PrivacyLevel;
  /** Host patterns never recorded: `example.com` (and its subdomains), `*.example.com`, `localhost:8080`. */
  excludedSites: string[];
  paused: boolean;
  recordIncognito: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  inactivityTimeoutMs: 30 * MINUTE_MS,
  maxDurationMs: DAY_MS,
  splitOnCampaign: false,
  privacyLevel: 'mask-inputs',
  excludedSites: [],
  paused: false,
  recordIncognito: false,
});

const SettingsSchema = v.object({
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
  excludedSites: v.pipe(
    v.array(
      v.pipe(
        v.string(),
        v.check(isValidSitePattern, (issue) => `Not a site pattern: "${String(issue.input)}".`),
      ),
    ),
    v.maxLength(1000, 'At most 1000 excluded sites.'),
  ),
  paused: v.boolean(),
  recordIncognito: v.boolean(),
});

export type SettingsField = keyof Settings;

export type SettingsValidation =
  { ok: true; settings: Settings } | { ok: false; errors: Partial<Record<SettingsField, string>> };

/** Validates a full settings object; errors are keyed by field so a form can show them in place. */
export function validateSettings(input: unknown): SettingsValidation {
  const result = v.safeParse(SettingsSchema, input);
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
