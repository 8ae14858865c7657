import { describe, expect, it } from 'vitest';
import { collectSignals } from '../../shared/analysis/collect-signals';
import { detectInvalidSubmits } from '../../shared/analysis/detect-invalid-submits';
import type { TimedEvent } from '../../shared/events/tabreel-events';
import {
  button,
  click,
  failedRequest,
  form,
  invalidField,
  key,
  request,
  submit,
  textbox,
} from '../fixtures/signal-events';
import { ORIGIN } from '../fixtures/timeline';

const signUp = form('Sign up');
const email = textbox('Email');
const password = textbox('Password');
const createAccount = button('Create account');

const invalidSubmitsOf = (events: readonly TimedEvent[]) =>
  detectInvalidSubmits(collectSignals(events));

describe('detectInvalidSubmits: refused by validation', () => {
  it('takes refused fields right after a click on submit for one attempt, naming each field and why', () => {
    expect(
      invalidSubmitsOf([
        click(0, createAccount),
        invalidField(5, email, 'valueMissing', signUp),
        invalidField(6, password, 'tooShort', signUp),
      ]),
    ).toEqual([
      {
        timestamp: 5,
        target: createAccount,
        form: signUp,
        cause: 'validation',
        fields: [
          { field: email, validity: 'valueMissing' },
          { field: password, validity: 'tooShort' },
        ],
        request: null,
      },
    ]);
  });

  it('takes refusals within 100 ms of the first for one attempt; a later refusal is another', () => {
    const attempts = invalidSubmitsOf([
      click(0, createAccount),
      invalidField(10, email, 'valueMissing', signUp),
      invalidField(110, password, 'tooShort', signUp),
      click(5000, createAccount),
      invalidField(5010, email, 'typeMismatch', signUp),
    ]);
    expect(attempts.map((a) => [a.timestamp, a.fields.map((f) => f.field?.name)])).toEqual([
      [10, ['Email', 'Password']],
      [5010, ['Email']],
    ]);
  });

  it("does not take a script's checkValidity() for a submit: no click or key press came just before", () => {
    expect(invalidSubmitsOf([invalidField(5000, email, 'valueMissing', signUp)])).toEqual([]);
    expect(
      invalidSubmitsOf([
        click(0, createAccount),
        invalidField(1001, email, 'valueMissing', signUp),
      ]),
    ).toEqual([]);
  });

  it('takes Enter for the submit: the target is then the form', () => {
    const [attempt] = invalidSubmitsOf([
      key(0, 'Enter'),
      invalidField(3, email, 'typeMismatch', signUp),
    ]);
    expect(attempt).toMatchObject({ timestamp: 3, target: signUp, form: signUp });
  });

  it('names the form, not the field clicked before, when Enter submitted', () => {
    const [attempt] = invalidSubmitsOf([
      click(0, email),
      key(600, 'Enter', email),
      invalidField(603, email, 'valueMissing', signUp),
    ]);
    expect(attempt).toMatchObject({ timestamp: 603, target: signUp });
  });
});

describe('detectInvalidSubmits: answered by a failing request', () => {
  it('takes a submit whose request fails within 1 s, with the control clicked to submit', () => {
    expect(
      invalidSubmitsOf([
        click(0, createAccount),
        submit(2, signUp),
        failedRequest(50, 'http', { method: 'POST', url: '/api/signup', status: 422 }),
      ]),
    ).toEqual([
      {
        timestamp: 2,
        target: createAccount,
        form: signUp,
        cause: 'request',
        fields: [],
        request: {
          url: `${ORIGIN}/api/signup`,
          method: 'POST',
          initiatorType: 'fetch',
          status: 422,
          startedAt: 50,
          durationMs: 5,
          transferSize: 0,
          failure: 'http',
          error: null,
          timestamp: 55,
        },
      },
    ]);
  });

  it('names the form, not the field clicked before, when Enter submitted', () => {
    const [attempt] = invalidSubmitsOf([
      click(0, email),
      key(600, 'Enter', email),
      submit(601, signUp),
      failedRequest(650, 'http'),
    ]);
    expect(attempt).toMatchObject({ timestamp: 601, target: signUp, cause: 'request' });
  });

  it('counts a network error and a timeout as failing answers', () => {
    const causes = invalidSubmitsOf([
      submit(0, signUp),
      failedRequest(100, 'network'),
      submit(5000, signUp),
      failedRequest(5900, 'timeout'),
    ]).map((a) => [a.timestamp, a.target, a.request?.failure]);
    expect(causes).toEqual([
      [0, signUp, 'network'],
      [5000, signUp, 'timeout'],
    ]);
  });

  it('does not count a success, an abort, a request started over 1 s later or before the submit', () => {
    expect(
      invalidSubmitsOf([
        failedRequest(0, 'http'),
        submit(10, signUp),
        request(100),
        failedRequest(200, 'abort'),
        failedRequest(1011, 'http'),
      ]),
    ).toEqual([]);
  });

  it('lists both causes in time order', () => {
    const attempts = invalidSubmitsOf([
      submit(0, signUp),
      failedRequest(100, 'http'),
      click(3000, createAccount),
      invalidField(3004, email, 'valueMissing', signUp),
    ]);
    expect(attempts.map((a) => [a.timestamp, a.cause])).toEqual([
      [0, 'request'],
      [3004, 'validation'],
    ]);
  });
});
