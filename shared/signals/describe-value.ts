/**
 * Text for a logged value that runs none of the page's code: no toString(), no getters, no
 * toJSON(). A page's console.error must behave the same with the recorder as without it.
 */
export function describeValue(value: unknown, depth = 0): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return String(value);
    case 'symbol':
      return 'Symbol()';
    case 'function':
      return '[function]';
  }
  if (value === null) return 'null';
  const own = (key: string) => Object.getOwnPropertyDescriptor(value, key);
  // An Error's message and name are plain data properties in practice; read them only if so.
  const message = own('message');
  if (value instanceof Error || (message && 'value' in message)) {
    const name =
      own('name') ?? Object.getOwnPropertyDescriptor(Object.getPrototypeOf(value) ?? {}, 'name');
    const nameText =
      name && 'value' in name && typeof name.value === 'string' ? name.value : 'Error';
    const messageText = message && 'value' in message ? String(message.value) : '';
    return messageText ? `${nameText}: ${messageText}` : nameText;
  }
  if (Array.isArray(value)) return `[Array(${value.length})]`;
  if (depth > 0) return '{…}';
  const keys = Object.keys(value as object).slice(0, 10);
  const parts = keys.map((key) => {
    const descriptor = own(key);
    const shown =
      descriptor && 'value' in descriptor ? describeValue(descriptor.value, depth + 1) : '…';
    return `${key}: ${shown}`;
  });
  return `{${parts.join(', ')}${Object.keys(value as object).length > 10 ? ', …' : ''}}`;
}

/** console.error('a', 1, {b: 2}) → "a 1 {b: 2}", as the console itself would join them. */
export function describeArgs(args: readonly unknown[]): string {
  return args.map((arg) => describeValue(arg)).join(' ');
}
