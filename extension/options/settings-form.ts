import {
  HOUR_MS,
  MINUTE_MS,
  SECOND_MS,
  validateSettings,
  type ConsoleCapture,
  type NetworkCapture,
  type PrivacyLevel,
  type Settings,
  type SettingsField,
  type SettingsValidation,
  type SiteMode,
} from '../../shared/settings/settings';
import { sitePatternFromTyped } from '../../shared/site/site-pattern';

export type TimeUnit = 'seconds' | 'minutes' | 'hours';
export const UNIT_MS: Record<TimeUnit, number> = {
  seconds: SECOND_MS,
  minutes: MINUTE_MS,
  hours: HOUR_MS,
};

/** The form as typed: strings and units, turned into Settings only on save. */
export interface SettingsForm {
  /** The settings the form was made from: fields the form does not show are kept as they were. */
  base: Settings;
  inactivityValue: string;
  inactivityUnit: TimeUnit;
  maxDurationHours: string;
  splitOnCampaign: boolean;
  privacyLevel: PrivacyLevel;
  maskSelector: string;
  blockSelector: string;
  consoleCapture: ConsoleCapture;
  networkCapture: NetworkCapture;
  siteMode: SiteMode;
  includedSites: string;
  excludedSites: string;
  paused: boolean;
  recordIncognito: boolean;
  retentionDays: string;
  storageBudgetMb: string;
}

function bestUnit(ms: number): TimeUnit {
  if (ms % HOUR_MS === 0) return 'hours';
  if (ms % MINUTE_MS === 0) return 'minutes';
  return 'seconds';
}

export function formFromSettings(settings: Settings): SettingsForm {
  const unit = bestUnit(settings.inactivityTimeoutMs);
  return {
    base: settings,
    inactivityValue: String(settings.inactivityTimeoutMs / UNIT_MS[unit]),
    inactivityUnit: unit,
    maxDurationHours: String(settings.maxDurationMs / HOUR_MS),
    splitOnCampaign: settings.splitOnCampaign,
    privacyLevel: settings.privacyLevel,
    maskSelector: settings.maskSelector,
    blockSelector: settings.blockSelector,
    consoleCapture: settings.consoleCapture,
    networkCapture: settings.networkCapture,
    siteMode: settings.siteMode,
    includedSites: settings.includedSites.join('\n'),
    excludedSites: settings.excludedSites.join('\n'),
    paused: settings.paused,
    recordIncognito: settings.recordIncognito,
    retentionDays: String(settings.retentionDays),
    storageBudgetMb: String(settings.storageBudgetMb),
  };
}

function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function siteList(text: string): string[] {
  return text.split(/[\n,]/).map(sitePatternFromTyped).filter(Boolean);
}

export interface FormChecks {
  /** Whether the browser parses a selector list (the page checks it with the DOM). */
  isValidSelector?: (selector: string) => boolean;
}

/**
 * The settings the form describes, or a message per field. Beyond the settings' own rules: the
 * selectors must parse, and "only the listed sites" needs at least one site.
 */
export function settingsFromForm(form: SettingsForm, checks: FormChecks = {}): SettingsValidation {
  const candidate: Settings = {
    ...form.base,
    inactivityTimeoutMs: Math.round(toNumber(form.inactivityValue) * UNIT_MS[form.inactivityUnit]),
    maxDurationMs: Math.round(toNumber(form.maxDurationHours) * HOUR_MS),
    splitOnCampaign: form.splitOnCampaign,
    privacyLevel: form.privacyLevel,
    maskSelector: form.maskSelector.trim(),
    blockSelector: form.blockSelector.trim(),
    consoleCapture: form.consoleCapture,
    networkCapture: form.networkCapture,
    siteMode: form.siteMode,
    includedSites: siteList(form.includedSites),
    excludedSites: siteList(form.excludedSites),
    paused: form.paused,
    recordIncognito: form.recordIncognito,
    retentionDays: toNumber(form.retentionDays),
    storageBudgetMb: toNumber(form.storageBudgetMb),
  };
  const result = validateSettings(candidate);
  const errors: Partial<Record<SettingsField, string>> = result.ok ? {} : { ...result.errors };
  for (const [field, what] of [
    ['maskSelector', 'mask'],
    ['blockSelector', 'block'],
  ] as const) {
    const selector = candidate[field];
    if (errors[field] || !selector || !checks.isValidSelector) continue;
    if (!checks.isValidSelector(selector))
      errors[field] = `The ${what} selector is not valid CSS: check "${shorten(selector)}".`;
  }
  if (!errors.includedSites && candidate.siteMode === 'only-listed') {
    if (candidate.includedSites.length === 0)
      errors.includedSites = 'List at least one site to record, or choose to record all sites.';
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : result;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
