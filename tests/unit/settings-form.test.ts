import { describe, expect, it } from 'vitest';
import { formFromSettings, settingsFromForm } from '../../extension/options/settings-form';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings/settings';

const form = (changes: Partial<ReturnType<typeof formFromSettings>> = {}) => ({
  ...formFromSettings(DEFAULT_SETTINGS),
  ...changes,
});
/** What the options page passes: here, a selector "parses" unless it contains `!`. */
const checks = { isValidSelector: (selector: string) => !selector.includes('!') };

describe('settingsFromForm', () => {
  it('round-trips every setting the form shows', () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      inactivityTimeoutMs: 90_000,
      siteMode: 'only-listed',
      includedSites: ['staging.example', 'localhost:3000'],
      excludedSites: ['bank.example'],
      maskSelector: '.iban',
      blockSelector: '#chat',
      consoleCapture: 'errors',
      networkCapture: 'failures',
      retentionDays: 30,
      storageBudgetMb: 256,
    };
    expect(settingsFromForm(formFromSettings(settings), checks)).toEqual({ ok: true, settings });
  });

  it('reads site lists one per line or comma separated, and trims selectors', () => {
    const result = settingsFromForm(
      form({
        siteMode: 'only-listed',
        includedSites: ' a.example ,b.example\n\n c.example ',
        maskSelector: '  .iban  ',
      }),
      checks,
    );
    expect(result).toMatchObject({
      ok: true,
      settings: { includedSites: ['a.example', 'b.example', 'c.example'], maskSelector: '.iban' },
    });
  });

  it('refuses selectors the browser does not parse, each next to its own field', () => {
    const result = settingsFromForm(
      form({ maskSelector: '.a!', blockSelector: '.b, .c!' }),
      checks,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        maskSelector: 'The mask selector is not valid CSS: check ".a!".',
        blockSelector: 'The block selector is not valid CSS: check ".b, .c!".',
      },
    });
  });

  it('refuses "only the listed sites" with no site listed', () => {
    expect(settingsFromForm(form({ siteMode: 'only-listed', includedSites: ' \n' }))).toEqual({
      ok: false,
      errors: {
        includedSites: 'List at least one site to record, or choose to record all sites.',
      },
    });
  });

  it('gathers the settings’ own messages with the form’s', () => {
    const result = settingsFromForm(
      form({
        inactivityValue: '2',
        inactivityUnit: 'seconds',
        retentionDays: '',
        storageBudgetMb: '9.5',
        excludedSites: 'not a site',
        maskSelector: 'x!',
      }),
      checks,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual({
      inactivityTimeoutMs: 'The inactivity timeout must be at least 5 seconds.',
      retentionDays: 'The retention must be a number of days.',
      storageBudgetMb: 'The storage budget must be a whole number of megabytes.',
      excludedSites: 'Not a site pattern: "not a site".',
      maskSelector: 'The mask selector is not valid CSS: check "x!".',
    });
  });

  it('takes addresses pasted from the address bar as their sites, and says a site has no path', () => {
    const pasted = settingsFromForm(
      form({
        excludedSites:
          'https://Bank.example/\nhttp://localhost:3000\nwww.example.com/\n*.example.org',
      }),
      checks,
    );
    expect(pasted.ok && pasted.settings.excludedSites).toEqual([
      'bank.example',
      'localhost:3000',
      'www.example.com',
      '*.example.org',
    ]);
    for (const typed of ['example.com/admin', 'https://example.com/admin']) {
      const result = settingsFromForm(form({ excludedSites: typed }), checks);
      expect(!result.ok && result.errors.excludedSites).toBe(
        `Not a site pattern: "${typed}". A site has no path: example.com, *.example.com or localhost:3000.`,
      );
    }
  });

  it('keeps the fields the form does not show', () => {
    const base = { ...DEFAULT_SETTINGS, paused: true };
    const result = settingsFromForm({ ...formFromSettings(base), paused: true }, checks);
    expect(result).toEqual({ ok: true, settings: base });
  });
});
