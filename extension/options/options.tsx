import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import {
  SETTINGS_STORAGE_KEY,
  settingsFromStorage,
  type SettingsField,
} from '../../shared/settings/settings';
import {
  formFromSettings,
  settingsFromForm,
  type SettingsForm,
  type TimeUnit,
} from './settings-form';

type Errors = Partial<Record<SettingsField, string>>;

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="error" id={id} role="alert">
      {message}
    </p>
  ) : null;
}

function Options() {
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState<'idle' | 'saved'>('idle');

  useEffect(() => {
    void browser.storage.local.get(SETTINGS_STORAGE_KEY).then((stored) => {
      setForm(formFromSettings(settingsFromStorage(stored[SETTINGS_STORAGE_KEY])));
    });
  }, []);

  if (!form) return <p class="loading">Loading settings…</p>;

  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm({ ...form, [key]: value });
    setSaved('idle');
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const result = settingsFromForm(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    await browser.storage.local.set({ [SETTINGS_STORAGE_KEY]: result.settings });
    setSaved('saved');
  };

  return (
    <form onSubmit={save} noValidate>
      <header>
        <h1>Tabreel settings</h1>
        <p class="lead">Changes apply to open tabs at once, without a reload.</p>
      </header>

      <section>
        <h2>Recording</h2>
        <label class="check">
          <input
            type="checkbox"
            name="paused"
            checked={form.paused}
            onChange={(e) => set('paused', e.currentTarget.checked)}
          />
          Pause recording everywhere
        </label>
        <label class="check">
          <input
            type="checkbox"
            name="recordIncognito"
            checked={form.recordIncognito}
            onChange={(e) => set('recordIncognito', e.currentTarget.checked)}
          />
          Record incognito windows (when Chrome allows the extension there)
        </label>
      </section>

      <section>
        <h2>Sessions</h2>
        <div class="field">
          <label for="inactivity">End a session after no activity for</label>
          <div class="row">
            <input
              id="inactivity"
              name="inactivity"
              type="number"
              min="0"
              step="any"
              value={form.inactivityValue}
              aria-invalid={errors.inactivityTimeoutMs ? 'true' : undefined}
              aria-describedby="inactivity-error"
              onInput={(e) => set('inactivityValue', e.currentTarget.value)}
            />
            <select
              aria-label="Inactivity unit"
              name="inactivityUnit"
              value={form.inactivityUnit}
              onChange={(e) => set('inactivityUnit', e.currentTarget.value as TimeUnit)}
            >
              <option value="seconds">seconds</option>
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
            </select>
          </div>
          <FieldError id="inactivity-error" message={errors.inactivityTimeoutMs} />
        </div>
        <div class="field">
          <label for="maxDuration">Maximum session length (hours)</label>
          <input
            id="maxDuration"
            name="maxDuration"
            type="number"
            min="0"
            step="any"
            value={form.maxDurationHours}
            aria-invalid={errors.maxDurationMs ? 'true' : undefined}
            aria-describedby="maxDuration-error"
            onInput={(e) => set('maxDurationHours', e.currentTarget.value)}
          />
          <FieldError id="maxDuration-error" message={errors.maxDurationMs} />
        </div>
        <label class="check">
          <input
            type="checkbox"
            name="splitOnCampaign"
            checked={form.splitOnCampaign}
            onChange={(e) => set('splitOnCampaign', e.currentTarget.checked)}
          />
          Start a new session when a page load brings a new UTM campaign
        </label>
      </section>

      <section>
        <h2>Privacy</h2>
        <div class="field">
          <label for="privacyLevel">Masking</label>
          <select
            id="privacyLevel"
            name="privacyLevel"
            value={form.privacyLevel}
            onChange={(e) =>
              set('privacyLevel', e.currentTarget.value as SettingsForm['privacyLevel'])
            }
          >
            <option value="mask-inputs">Mask every input value (default)</option>
            <option value="mask-all-text">Mask every input value and all page text</option>
          </select>
          <p class="hint">
            Passwords, card numbers and one-time codes are never stored, at any level.
          </p>
        </div>
        <div class="field">
          <label for="excludedSites">Never record these sites (one per line)</label>
          <textarea
            id="excludedSites"
            name="excludedSites"
            rows={4}
            placeholder={'bank.example\n*.internal.example\nlocalhost:3000'}
            value={form.excludedSites}
            aria-invalid={errors.excludedSites ? 'true' : undefined}
            aria-describedby="excludedSites-error"
            onInput={(e) => set('excludedSites', e.currentTarget.value)}
          />
          <p class="hint">
            <code>example.com</code> covers its subdomains; <code>*.example.com</code> only the
            subdomains; add
            <code>:port</code> for one port.
          </p>
          <FieldError id="excludedSites-error" message={errors.excludedSites} />
        </div>
      </section>

      <footer>
        <button type="submit">Save</button>
        <span class="saved" role="status">
          {saved === 'saved' ? 'Saved.' : ''}
        </span>
      </footer>
    </form>
  );
}

render(<Options />, document.getElementById('app')!);
