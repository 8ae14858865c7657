import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  DEFAULT_SETTINGS,
  HOUR_MS,
  MINUTE_MS,
  SECOND_MS,
  sessionRulesOf,
  settingsFromStorage,
  validateSettings,
  type Settings,
  type SettingsField,
} from '../../shared/settings/settings';

const withField = (field: SettingsField, value: unknown) => ({
  ...DEFAULT_SETTINGS,
  [field]: value,
});

/** The errors of a settings object with one field changed, or 'valid'. */
function errorsWith(field: SettingsField, value: unknown) {
  const result = validateSettings(withField(field, value));
  return result.ok ? 'valid' : result.errors;
}

describe('validateSettings', () => {
  it('accepts the defaults: 30 minutes, 24 hours, no campaign split, inputs masked', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    expect(DEFAULT_SETTINGS).toMatchObject({
      inactivityTimeoutMs: 30 * MINUTE_MS,
      maxDurationMs: DAY_MS,
      splitOnCampaign: false,
      privacyLevel: 'mask-inputs',
      paused: false,
      recordIncognito: false,
    });
  });

  it.each([
    ['inactivityTimeoutMs', 5 * SECOND_MS - 1, /at least 5 seconds/],
    ['inactivityTimeoutMs', DAY_MS + 1, /at most 24 hours/],
    ['inactivityTimeoutMs', 10_000.5, /whole number/],
    ['inactivityTimeoutMs', '30m', /must be a number/],
    ['maxDurationMs', MINUTE_MS - 1, /at least 1 minute/],
    ['maxDurationMs', 7 * DAY_MS + 1, /at most 7 days/],
    ['privacyLevel', 'mask-nothing', /Unknown privacy level/],
    ['excludedSites', ['example.com', 'https://bad.example/'], /Not a site pattern: "https:/],
  ] as const)('refuses %s = %s with a message under that field', (field, value, message) => {
    const errors = errorsWith(field, value);
    expect(errors).not.toBe('valid');
    expect(Object.keys(errors)).toEqual([field]);
    expect((errors as Record<string, string>)[field]).toMatch(message);
  });

  it.each([
    ['inactivityTimeoutMs', 5 * SECOND_MS],
    ['inactivityTimeoutMs', DAY_MS],
    ['maxDurationMs', MINUTE_MS],
    ['maxDurationMs', 7 * DAY_MS],
    ['privacyLevel', 'mask-all-text'],
    ['excludedSites', ['example.com', '*.example.org', 'localhost:8080']],
  ] as const)('accepts %s = %s, on the bound', (field, value) => {
    expect(errorsWith(field, value)).toBe('valid');
  });

  it('keys every bad field, one message each', () => {
    const result = validateSettings({ ...DEFAULT_SETTINGS, inactivityTimeoutMs: 1, paused: 'yes' });
    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : result.errors).sort()).toEqual([
      'inactivityTimeoutMs',
      'paused',
    ]);
  });
});

describe('settingsFromStorage', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'settings'],
    ['a number', 42],
    ['an array', [1, 2, 3]],
    ['an empty object', {}],
    ['an object of nonsense', { inactivityTimeoutMs: null, paused: 'no', excludedSites: 3 }],
  ])('gives the defaults for %s, without throwing', (_, stored) => {
    expect(settingsFromStorage(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps the valid fields of a partial object', () => {
    expect(settingsFromStorage({ paused: true, inactivityTimeoutMs: 10 * SECOND_MS })).toEqual({
      ...DEFAULT_SETTINGS,
      paused: true,
      inactivityTimeoutMs: 10 * SECOND_MS,
    });
  });

  it('keeps the valid fields and drops the invalid ones of a mixed object', () => {
    const stored = {
      inactivityTimeoutMs: 2 * HOUR_MS, // valid
      maxDurationMs: -1, // too small
      privacyLevel: 'mask-all-text', // valid
      excludedSites: 'example.com', // not an array
      recordIncognito: true, // valid
      fromAnOldVersion: 'kept nowhere',
    };
    const expected: Settings = {
      ...DEFAULT_SETTINGS,
      inactivityTimeoutMs: 2 * HOUR_MS,
      privacyLevel: 'mask-all-text',
      recordIncognito: true,
    };
    expect(settingsFromStorage(stored)).toEqual(expected);
  });

  it('always gives settings that validate', () => {
    const stored = { maxDurationMs: 30 * MINUTE_MS, excludedSites: ['ok.example', 'not ok'] };
    const settings = settingsFromStorage(stored);
    expect(validateSettings(settings).ok).toBe(true);
    expect(settings.excludedSites).toEqual([]);
  });
});

describe('sessionRulesOf', () => {
  it('passes the session settings on to the sessionizer', () => {
    const settings = { ...DEFAULT_SETTINGS, inactivityTimeoutMs: 5000, splitOnCampaign: true };
    expect(sessionRulesOf(settings)).toEqual({
      inactivityMs: 5000,
      maxDurationMs: DAY_MS,
      splitOnCampaign: true,
    });
  });
});
