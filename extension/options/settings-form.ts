import {
  HOUR_MS,
  MINUTE_MS,
  SECOND_MS,
  validateSettings,
  type PrivacyLevel,
  type Settings,
  type SettingsValidation,
} from '../../shared/settings/settings';

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
  excludedSites: string;
  paused: boolean;
  recordIncognito: boolean;
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
    excludedSites: settings.excludedSites.join('\n'),
    paused: settings.paused,
    recordIncognito: settings.recordIncognito,
  };
}

function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

export function settingsFromForm(form: SettingsForm): SettingsValidation {
  return validateSettings({
    ...form.base,
    inactivityTimeoutMs: Math.round(toNumber(form.inactivityValue) * UNIT_MS[form.inactivityUnit]),
    maxDurationMs: Math.round(toNumber(form.maxDurationHours) * HOUR_MS),
    splitOnCampaign: form.splitOnCampaign,
    privacyLevel: form.privacyLevel,
    excludedSites: form.excludedSites
      .split(/[\n,]/)
      .map((line) => line.trim())
      .filter(Boolean),
    paused: form.paused,
    recordIncognito: form.recordIncognito,
  });
}
