import { describe, expect, it } from 'vitest';
import {
  maskFieldValue,
  sensitiveFieldKind,
  type FieldDescriptor,
} from '../../shared/privacy/sensitive-field';

const field = (props: Partial<FieldDescriptor>): FieldDescriptor => ({
  tagName: 'INPUT',
  type: 'text',
  autocomplete: '',
  name: '',
  id: '',
  ...props,
});

describe('sensitiveFieldKind', () => {
  it('knows a password field by its type', () => {
    expect(sensitiveFieldKind(field({ type: 'password' }))).toBe('password');
    expect(sensitiveFieldKind(field({ type: 'PASSWORD', name: 'q' }))).toBe('password');
  });

  it.each(['current-password', 'new-password', 'section-login username current-password'])(
    'knows a password by autocomplete="%s"',
    (autocomplete) => expect(sensitiveFieldKind(field({ autocomplete }))).toBe('password'),
  );

  it.each(['cc-number', 'cc-csc', 'cc-exp', 'cc-exp-month', 'billing cc-number'])(
    'knows a card field by autocomplete="%s"',
    (autocomplete) => expect(sensitiveFieldKind(field({ autocomplete }))).toBe('credit-card'),
  );

  it('knows a one-time code by autocomplete="one-time-code"', () => {
    expect(sensitiveFieldKind(field({ autocomplete: 'one-time-code' }))).toBe('one-time-code');
  });

  it.each([
    [{ name: 'cardnumber' }, 'credit-card'],
    [{ name: 'card_number' }, 'credit-card'],
    [{ id: 'cardNumber' }, 'credit-card'],
    [{ name: 'cvc' }, 'credit-card'],
    [{ name: 'cvv' }, 'credit-card'],
    [{ id: 'card-cvv' }, 'credit-card'],
    [{ name: 'pan' }, 'credit-card'],
    [{ name: 'otp' }, 'one-time-code'],
    [{ name: 'totp' }, 'one-time-code'],
    [{ id: 'otp-code' }, 'one-time-code'],
    [{ name: 'pin' }, 'password'],
    [{ name: 'passwd' }, 'password'],
    // A wallet's or a key's passphrase, and a card number field named for the card.
    [{ name: 'passphrase' }, 'password'],
    [{ id: 'keyPassphrase' }, 'password'],
    [{ name: 'credit_card' }, 'credit-card'],
    [{ id: 'creditCard' }, 'credit-card'],
  ] as const)('guesses %j from its name or id: %s', (props, kind) => {
    expect(sensitiveFieldKind(field(props))).toBe(kind);
  });

  it.each([
    { name: 'name' },
    { name: 'email', type: 'email' },
    { name: 'q', type: 'search' },
    { name: 'search' },
    { name: 'card', type: 'checkbox' },
    { name: 'cvv', type: 'radio' },
    { name: 'card' },
    { name: 'company', id: 'company' },
    { tagName: 'SELECT', name: 'otp' },
  ])('does not flag %j', (props) => {
    expect(sensitiveFieldKind(field(props))).toBeNull();
  });

  it('trusts autocomplete over the field type', () => {
    expect(sensitiveFieldKind(field({ type: 'tel', autocomplete: 'cc-number' }))).toBe(
      'credit-card',
    );
  });
});

describe('maskFieldValue', () => {
  it('stores a sensitive value as nothing, not even its length', () => {
    expect(maskFieldValue('hunter2', true)).toBe('');
    expect(maskFieldValue('', true)).toBe('');
  });

  it('stores any other value as one * per character', () => {
    expect(maskFieldValue('Ada Lovelace', false)).toBe('************');
    expect(maskFieldValue('', false)).toBe('');
  });
});
