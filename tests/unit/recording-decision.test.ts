import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings/settings';
import { recordingDecision } from '../../shared/site/recording-decision';

const decide = (url: string, settings: Partial<Settings> = {}, incognito = false) =>
  recordingDecision({ url, incognito }, { ...DEFAULT_SETTINGS, ...settings });

describe('recordingDecision', () => {
  it('records http and https pages by default', () => {
    expect(decide('https://shop.example/')).toEqual({ record: true });
    expect(decide('http://localhost:5173/app')).toEqual({ record: true });
  });

  it.each([
    'chrome://extensions/',
    'chrome-extension://abcdefghijklmnopabcdefghijklmnop/viewer.html',
    'file:///home/me/page.html',
    'data:text/html,<p>hi</p>',
    'about:blank',
    'view-source:https://shop.example/',
    'not a url',
    '',
  ])('never records %j (unsupported-page)', (url) => {
    expect(decide(url)).toEqual({ record: false, reason: 'unsupported-page' });
  });

  it('records nothing while paused', () => {
    expect(decide('https://shop.example/', { paused: true })).toEqual({
      record: false,
      reason: 'paused',
    });
  });

  it('skips incognito tabs unless the user allows them', () => {
    expect(decide('https://shop.example/', {}, true)).toEqual({
      record: false,
      reason: 'incognito',
    });
    expect(decide('https://shop.example/', { recordIncognito: true }, true)).toEqual({
      record: true,
    });
  });

  it('skips excluded sites and their subdomains', () => {
    const settings = { excludedSites: ['bank.example', 'localhost:8080'] };
    expect(decide('https://login.bank.example/', settings)).toEqual({
      record: false,
      reason: 'excluded-site',
    });
    expect(decide('http://localhost:8080/', settings)).toMatchObject({ record: false });
    expect(decide('http://localhost:3000/', settings)).toEqual({ record: true });
  });

  it('says unsupported before paused, paused before incognito', () => {
    expect(decide('chrome://newtab/', { paused: true })).toMatchObject({
      reason: 'unsupported-page',
    });
    expect(decide('https://shop.example/', { paused: true }, true)).toMatchObject({
      reason: 'paused',
    });
  });
});
