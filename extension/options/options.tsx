import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import {
  SETTINGS_STORAGE_KEY,
  settingsFromStorage,
  type ConsoleCapture,
  type NetworkCapture,
  type PrivacyLevel,
  type Settings,
  type SettingsField,
  type SiteMode,
} from '../../shared/settings/settings';
import { formatBytes } from '../../shared/format/format-bytes';
import { MIN_FREE_BYTES } from '../../shared/storage/storage-guard';
import { DeleteAllData } from './delete-all-data';
import { describedBy, Field, Hint, NumberWithUnit, Section, Toggle } from './fields';
import {
  formFromSettings,
  settingsFromForm,
  type SettingsForm,
  type TimeUnit,
} from './settings-form';
import { StorageSection } from './storage-section';
import { useRecorderStatus, useStorageUsage } from './use-storage-usage';
import { openPageDatabase } from '../../viewer/sources/open-page-database';

type Errors = Partial<Record<SettingsField, string>>;

/** The browser's own selector parser: what it refuses, the recorder could not use either. */
function isValidSelector(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/** Which control shows each field's error (the first one is focused after a refused save). */
const CONTROL_OF: Record<SettingsField, string> = {
  inactivityTimeoutMs: 'inactivity',
  maxDurationMs: 'maxDuration',
  splitOnCampaign: 'splitOnCampaign',
  privacyLevel: 'privacyLevel',
  maskSelector: 'maskSelector',
  blockSelector: 'blockSelector',
  consoleCapture: 'consoleCapture',
  networkCapture: 'networkCapture',
  siteMode: 'siteMode-all-except',
  includedSites: 'includedSites',
  excludedSites: 'excludedSites',
  paused: 'paused',
  recordIncognito: 'recordIncognito',
  retentionDays: 'retentionDays',
  storageBudgetMb: 'storageBudgetMb',
};

const NAV: Array<[string, string]> = [
  ['sessions', 'Sessions'],
  ['privacy', 'Privacy'],
  ['sites', 'Sites'],
  ['incognito', 'Incognito'],
  ['storage', 'Storage'],
  ['delete-data', 'Delete all data'],
];

// Not opened on a disk all but full (room-to-open.ts): the page then says why nothing is counted.
const page = openPageDatabase();

function Options() {
  const [saved, setSaved] = useState<Settings | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [state, setState] = useState<'clean' | 'dirty' | 'saved' | 'refused'>('clean');
  const usage = useStorageUsage(page);
  const [opened, setOpened] = useState<boolean | null>(null);
  const status = useRecorderStatus();
  const [incognitoAllowed, setIncognitoAllowed] = useState<boolean | null>(null);

  useEffect(() => {
    void page.ready.then(setOpened);
    void browser.storage.local.get(SETTINGS_STORAGE_KEY).then((stored) => {
      const settings = settingsFromStorage(stored[SETTINGS_STORAGE_KEY]);
      setSaved(settings);
      setForm(formFromSettings(settings));
    });
    void browser.extension
      .isAllowedIncognitoAccess()
      .then(setIncognitoAllowed)
      .catch(() => setIncognitoAllowed(null));
  }, []);

  const errorCount = useMemo(() => Object.keys(errors).length, [errors]);

  if (!form || !saved) return <p class="loading">Loading settings…</p>;

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm({ ...form, [key]: value });
    setState('dirty');
  };
  /** Editing a field takes its error away; the others stay until the next save. */
  const edit =
    <K extends keyof SettingsForm>(key: K, field: SettingsField) =>
    (value: SettingsForm[K]) => {
      set(key, value);
      if (errors[field]) {
        const { [field]: _gone, ...rest } = errors;
        setErrors(rest);
      }
    };

  const save = async (event: Event) => {
    event.preventDefault();
    const result = settingsFromForm(form, { isValidSelector });
    if (!result.ok) {
      setErrors(result.errors);
      setState('refused');
      const first = (Object.keys(CONTROL_OF) as SettingsField[]).find((f) => result.errors[f]);
      if (first) document.getElementById(CONTROL_OF[first])?.focus();
      return;
    }
    setErrors({});
    await browser.storage.local.set({ [SETTINGS_STORAGE_KEY]: result.settings });
    setSaved(result.settings);
    setForm(formFromSettings(result.settings));
    setState('saved');
  };

  const discard = () => {
    setForm(formFromSettings(saved));
    setErrors({});
    setState('clean');
  };

  return (
    <div class="page">
      <header class="page-header">
        <div class="brand">
          <svg class="logo" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="8" />
            <circle cx="16" cy="16" r="6.5" />
          </svg>
          <div>
            <h1>Tabreel settings</h1>
            <p class="lead">Changes apply to open tabs at once, without a reload.</p>
          </div>
        </div>
        <div class={`recording-switch${form.paused ? ' is-paused' : ''}`}>
          <span class="recording-state" aria-hidden="true">
            {form.paused ? 'Paused' : 'Recording'}
          </span>
          <label class="switch-label">
            <input
              id="paused"
              name="paused"
              type="checkbox"
              role="switch"
              class="switch"
              checked={form.paused}
              onChange={(e) => set('paused', e.currentTarget.checked)}
            />
            Pause recording everywhere
          </label>
        </div>
      </header>

      {status.storageFull ? (
        <div class="banner banner-danger" role="alert">
          <strong>Recording is paused: the disk is full.</strong> Since{' '}
          {new Date(status.storageFull.since).toLocaleString()}, nothing new can be stored. Delete
          sessions, lower the storage budget or free disk space; recording starts again by itself
          once there is room.
        </div>
      ) : null}
      {opened === false ? (
        <div class="banner banner-danger" role="status" data-testid="recordings-unread">
          <strong>Your recordings cannot be read until space is freed.</strong> Under{' '}
          {formatBytes(MIN_FREE_BYTES)} free, Tabreel does not open them, because opening them on a
          disk that full can lose them. Free disk space, then reopen this page.
        </div>
      ) : null}

      <div class="layout">
        <nav class="toc" aria-label="Settings sections">
          <ul>
            {NAV.map(([id, title]) => (
              <li key={id}>
                <a href={`#${id}`}>{title}</a>
              </li>
            ))}
          </ul>
        </nav>

        <div class="content">
          <form id="settings" onSubmit={save} noValidate>
            <Section
              id="sessions"
              title="Sessions"
              lead="A session is one tab's recording. A new one starts after a pause in activity, after the maximum length, or when you ask for it."
            >
              <Field
                id="inactivity"
                label="End a session after no activity for"
                hint="Clicks, typing, scrolling and navigation count as activity. 5 seconds to 24 hours."
                error={errors.inactivityTimeoutMs}
              >
                <NumberWithUnit
                  id="inactivity"
                  min="0"
                  step="any"
                  value={form.inactivityValue}
                  error={errors.inactivityTimeoutMs}
                  onInput={edit('inactivityValue', 'inactivityTimeoutMs')}
                  unit={
                    <select
                      aria-label="Inactivity unit"
                      name="inactivityUnit"
                      value={form.inactivityUnit}
                      onChange={(e) =>
                        edit(
                          'inactivityUnit',
                          'inactivityTimeoutMs',
                        )(e.currentTarget.value as TimeUnit)
                      }
                    >
                      <option value="seconds">seconds</option>
                      <option value="minutes">minutes</option>
                      <option value="hours">hours</option>
                    </select>
                  }
                />
              </Field>
              <Field
                id="maxDuration"
                label="Maximum session length"
                hint="A longer session is cut in two. 1 minute to 7 days."
                error={errors.maxDurationMs}
              >
                <NumberWithUnit
                  id="maxDuration"
                  min="0"
                  step="any"
                  value={form.maxDurationHours}
                  error={errors.maxDurationMs}
                  unit="hours"
                  onInput={edit('maxDurationHours', 'maxDurationMs')}
                />
              </Field>
              <Toggle
                id="splitOnCampaign"
                name="splitOnCampaign"
                label="New session on a new campaign"
                hint="Start a new session when a page load brings a new UTM campaign (utm_campaign), as Google Analytics can."
                checked={form.splitOnCampaign}
                onChange={(checked) => set('splitOnCampaign', checked)}
              />
            </Section>

            <Section
              id="privacy"
              title="Privacy"
              lead="What is kept of the pages you visit. Everything stays on this computer."
            >
              <div class="callout" id="always-masked">
                <svg viewBox="0 0 20 20" aria-hidden="true">
                  <rect x="4" y="9" width="12" height="8" rx="2" />
                  <path d="M7 9V6.5a3 3 0 0 1 6 0V9" />
                </svg>
                <p>
                  <strong>Always masked, at every level:</strong> passwords, card numbers and
                  one-time codes are never stored. No setting changes that.
                </p>
              </div>
              <Field
                id="privacyLevel"
                label="Masking"
                hint="What else is hidden before anything is stored."
              >
                <select
                  id="privacyLevel"
                  name="privacyLevel"
                  value={form.privacyLevel}
                  aria-describedby="privacyLevel-hint"
                  onChange={(e) => set('privacyLevel', e.currentTarget.value as PrivacyLevel)}
                >
                  <option value="mask-inputs">Mask every input value (default)</option>
                  <option value="mask-all-text">Mask every input value and all page text</option>
                </select>
              </Field>
              <Field
                id="maskSelector"
                label="Also mask the text of"
                hint={
                  <>
                    CSS selectors, comma separated, e.g.{' '}
                    <code>.account-number, [data-private]</code>. Their text is stored as asterisks.
                  </>
                }
                error={errors.maskSelector}
                layout="stack"
              >
                <input
                  id="maskSelector"
                  name="maskSelector"
                  type="text"
                  class="code"
                  spellcheck={false}
                  autoComplete="off"
                  placeholder="No extra selector"
                  value={form.maskSelector}
                  aria-invalid={errors.maskSelector ? 'true' : undefined}
                  aria-describedby={describedBy('maskSelector', true, errors.maskSelector)}
                  onInput={(e) => edit('maskSelector', 'maskSelector')(e.currentTarget.value)}
                />
              </Field>
              <Field
                id="blockSelector"
                label="Do not record at all"
                hint={
                  <>
                    CSS selectors, e.g. <code>.chat-widget, #ads</code>. These elements are replayed
                    as an empty box of their size.
                  </>
                }
                error={errors.blockSelector}
                layout="stack"
              >
                <input
                  id="blockSelector"
                  name="blockSelector"
                  type="text"
                  class="code"
                  spellcheck={false}
                  autoComplete="off"
                  placeholder="No element blocked"
                  value={form.blockSelector}
                  aria-invalid={errors.blockSelector ? 'true' : undefined}
                  aria-describedby={describedBy('blockSelector', true, errors.blockSelector)}
                  onInput={(e) => edit('blockSelector', 'blockSelector')(e.currentTarget.value)}
                />
              </Field>
              <Field
                id="consoleCapture"
                label="Console messages"
                hint="Uncaught errors are always kept."
              >
                <select
                  id="consoleCapture"
                  name="consoleCapture"
                  value={form.consoleCapture}
                  aria-describedby="consoleCapture-hint"
                  onChange={(e) => set('consoleCapture', e.currentTarget.value as ConsoleCapture)}
                >
                  <option value="errors-and-warnings">Errors and warnings (default)</option>
                  <option value="errors">Errors only</option>
                  <option value="off">None</option>
                </select>
              </Field>
              <Field
                id="networkCapture"
                label="Network requests"
                hint="Method, address, status and timing; never bodies or headers."
              >
                <select
                  id="networkCapture"
                  name="networkCapture"
                  value={form.networkCapture}
                  aria-describedby="networkCapture-hint"
                  onChange={(e) => set('networkCapture', e.currentTarget.value as NetworkCapture)}
                >
                  <option value="all">Every request (default)</option>
                  <option value="failures">Failed requests only</option>
                  <option value="off">None</option>
                </select>
              </Field>
            </Section>

            <Section id="sites" title="Sites" lead="Which web sites are recorded.">
              <fieldset class="choice-group">
                <legend>Record</legend>
                {(
                  [
                    ['all-except', 'All sites, except the ones never recorded (default)'],
                    ['only-listed', 'Only the sites I list'],
                  ] as Array<[SiteMode, string]>
                ).map(([mode, label]) => (
                  <label class="choice" key={mode}>
                    <input
                      id={`siteMode-${mode}`}
                      type="radio"
                      name="siteMode"
                      value={mode}
                      checked={form.siteMode === mode}
                      onChange={() => edit('siteMode', 'includedSites')(mode)}
                    />
                    {label}
                  </label>
                ))}
              </fieldset>
              {form.siteMode === 'only-listed' ? (
                <Field
                  id="includedSites"
                  label="Record only these sites (one per line)"
                  error={errors.includedSites}
                  layout="stack"
                >
                  <textarea
                    id="includedSites"
                    name="includedSites"
                    rows={4}
                    spellcheck={false}
                    placeholder={'staging.example.com\nlocalhost:3000'}
                    value={form.includedSites}
                    aria-invalid={errors.includedSites ? 'true' : undefined}
                    aria-describedby={describedBy('includedSites', false, errors.includedSites)}
                    onInput={(e) => edit('includedSites', 'includedSites')(e.currentTarget.value)}
                  />
                </Field>
              ) : null}
              <Field
                id="excludedSites"
                label="Never record these sites (one per line)"
                error={errors.excludedSites}
                layout="stack"
              >
                <textarea
                  id="excludedSites"
                  name="excludedSites"
                  rows={4}
                  spellcheck={false}
                  placeholder={'bank.example\n*.internal.example\nlocalhost:3000'}
                  value={form.excludedSites}
                  aria-invalid={errors.excludedSites ? 'true' : undefined}
                  aria-describedby={describedBy('excludedSites', true, errors.excludedSites)}
                  onInput={(e) => edit('excludedSites', 'excludedSites')(e.currentTarget.value)}
                />
              </Field>
              <Hint id="excludedSites">
                <code>example.com</code> covers the site and its subdomains,{' '}
                <code>*.example.com</code> only its subdomains; add <code>:port</code> for one port
                only; an address pasted from the address bar counts as its site. Sites never
                recorded win over listed ones.
              </Hint>
            </Section>

            <Section
              id="incognito"
              title="Incognito"
              lead="Incognito windows are not recorded unless you turn this on."
            >
              <Toggle
                id="recordIncognito"
                name="recordIncognito"
                label="Record incognito windows (when Chrome allows the extension there)"
                checked={form.recordIncognito}
                onChange={(checked) => set('recordIncognito', checked)}
              />
              <p class="status-line">
                <span class={`dot ${incognitoAllowed ? 'dot-on' : 'dot-off'}`} aria-hidden="true" />
                <span>
                  {incognitoAllowed === null
                    ? 'Cannot tell whether Chrome allows Tabreel in incognito windows.'
                    : incognitoAllowed
                      ? 'Chrome allows Tabreel in incognito windows.'
                      : 'Chrome does not run Tabreel in incognito windows yet: turn on “Allow in Incognito” in the extension’s details.'}
                </span>
                {incognitoAllowed === false ? (
                  <button
                    type="button"
                    class="link-button"
                    onClick={() =>
                      void browser.tabs.create({
                        url: `chrome://extensions/?id=${browser.runtime.id}`,
                      })
                    }
                  >
                    Open the extension’s details
                  </button>
                ) : null}
              </p>
            </Section>

            <StorageSection
              form={form}
              onChange={(field, value) => edit(field, field)(value)}
              errors={errors}
              savedBudgetMb={saved.storageBudgetMb}
              usage={usage}
              unread={opened === false}
              status={status}
            />
          </form>

          <DeleteAllData usage={usage} unread={opened === false} />
        </div>
      </div>

      <footer class="save-bar">
        <div class="save-bar-inner">
          <p class="save-state" role="status">
            {state === 'saved' ? 'Saved.' : state === 'dirty' ? 'Unsaved changes.' : ''}
          </p>
          {state === 'refused' && errorCount > 0 ? (
            <p class="save-refused" role="alert">
              {errorCount === 1
                ? 'One setting needs a fix; nothing was saved.'
                : `${errorCount} settings need a fix; nothing was saved.`}
            </p>
          ) : null}
          <div class="save-actions">
            <button
              type="button"
              class="button secondary"
              disabled={state === 'clean' || state === 'saved'}
              onClick={discard}
            >
              Discard changes
            </button>
            <button type="submit" form="settings" class="button primary">
              Save
            </button>
          </div>
        </div>
      </footer>
    </div>
  );
}

render(<Options />, document.getElementById('app')!);
