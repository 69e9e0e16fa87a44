/**
 * Runs INSIDE the isolate (its source is sent there with Function.prototype.toString), so it must stay
 * self-contained: no imports, no references to anything outside its own body.
 *
 * A compact take on Node's util.inspect/util.format with the same limits a model benefits from: depth 2,
 * the first 100 array items, strings cut at 10,000 characters, `[Circular *]`, class names, Map/Set/Date/Error.
 */
export function createInspector() {
  const MAX_DEPTH = 2;
  const MAX_ITEMS = 100;
  const MAX_STRING = 10_000;
  const BREAK_LENGTH = 80;
  // Captured when the inspector is built (before any cell): a cell replacing JSON.stringify must not garble output.
  const stringify = JSON.stringify;

  const quote = (text: string): string => {
    const cut = text.length > MAX_STRING ? text.slice(0, MAX_STRING) : text;
    const escaped = stringify(cut).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
    const more = text.length > MAX_STRING ? `... ${text.length - MAX_STRING} more characters` : '';
    return `'${escaped}'${more}`;
  };

  const keyText = (key: string | symbol): string =>
    typeof key === 'symbol' ? `[${String(key)}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);

  const join = (open: string, parts: string[], close: string, indent: string): string => {
    if (parts.length === 0) return `${open}${close}`;
    const flat = `${open} ${parts.join(', ')} ${close}`;
    if (flat.length <= BREAK_LENGTH && !flat.includes('\n')) return flat;
    const inner = `${indent}  `;
    return `${open}\n${inner}${parts.join(`,\n${inner}`)}\n${indent}${close}`;
  };

  const constructorName = (value: object): string | undefined => {
    try {
      const proto = Object.getPrototypeOf(value);
      if (proto === null) return '[Object: null prototype]';
      const name = proto.constructor?.name;
      return typeof name === 'string' && name.length > 0 ? name : undefined;
    } catch {
      return undefined;
    }
  };

  const inspectValue = (value: unknown, depth: number, seen: object[], indent: string): string => {
    switch (typeof value) {
      case 'string':
        return quote(value);
      case 'number':
        return Object.is(value, -0) ? '-0' : String(value);
      case 'bigint':
        return `${value}n`;
      case 'boolean':
      case 'undefined':
        return String(value);
      case 'symbol':
        return value.toString();
      case 'function': {
        const name = value.name ? `: ${value.name}` : ' (anonymous)';
        return /^class\s/.test(Function.prototype.toString.call(value))
          ? `[class${name.replace(':', '')}]`
          : `[Function${name}]`;
      }
      default:
        break;
    }
    if (value === null) return 'null';
    const object = value as object;
    if (seen.includes(object)) return '[Circular *]';
    if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
    if (object instanceof RegExp) return String(object);
    if (object instanceof Error) {
      const stack: unknown = object.stack;
      return typeof stack === 'string' ? stack : `${String(object.name)}: ${String(object.message)}`;
    }
    if (object instanceof Promise) return 'Promise { <pending or settled> }';
    if (object instanceof WeakMap || object instanceof WeakSet) return `${constructorName(object)} { <items unknown> }`;

    const name = constructorName(object);
    const isArray = Array.isArray(object);
    if (depth > MAX_DEPTH) return isArray ? '[Array]' : `[${name ?? 'Object'}]`;

    const nextIndent = `${indent}  `;
    const child = (item: unknown) => inspectValue(item, depth + 1, [...seen, object], nextIndent);
    const parts: string[] = [];

    if (isArray || ArrayBuffer.isView(object)) {
      const items = object as ArrayLike<unknown>;
      const shown = Math.min(items.length, MAX_ITEMS);
      for (let index = 0; index < shown; index += 1) parts.push(index in items ? child(items[index]) : '<empty>');
      if (items.length > shown)
        parts.push(`... ${items.length - shown} more item${items.length - shown === 1 ? '' : 's'}`);
      const prefix = isArray && name === 'Array' ? '' : `${name}(${items.length}) `;
      return prefix + join('[', parts, ']', indent);
    }
    if (object instanceof Map || object instanceof Set) {
      let count = 0;
      for (const entry of object instanceof Map ? object.entries() : object.values()) {
        if (count++ >= MAX_ITEMS) break;
        parts.push(
          object instanceof Map
            ? `${child((entry as [unknown, unknown])[0])} => ${child((entry as [unknown, unknown])[1])}`
            : child(entry),
        );
      }
      if (object.size > MAX_ITEMS) parts.push(`... ${object.size - MAX_ITEMS} more items`);
      return `${name}(${object.size}) ${join('{', parts, '}', indent)}`;
    }
    const keys = Reflect.ownKeys(object).filter((key) => Object.prototype.propertyIsEnumerable.call(object, key));
    for (const key of keys.slice(0, MAX_ITEMS)) {
      const descriptor = Object.getOwnPropertyDescriptor(object, key);
      const shown =
        descriptor && 'value' in descriptor
          ? child(descriptor.value)
          : descriptor?.set
            ? '[Getter/Setter]'
            : '[Getter]';
      parts.push(`${keyText(key)}: ${shown}`);
    }
    if (keys.length > MAX_ITEMS) parts.push(`... ${keys.length - MAX_ITEMS} more properties`);
    const prefix = name === undefined || name === 'Object' ? '' : `${name} `;
    return prefix + join('{', parts, '}', indent);
  };

  const inspect = (value: unknown): string => {
    try {
      return inspectValue(value, 0, [], '');
    } catch (error) {
      try {
        return `[uninspectable: ${error instanceof Error ? String(error.message) : String(error)}]`;
      } catch {
        return '[uninspectable]';
      }
    }
  };

  /** Like util.format: strings print raw, other values are inspected, `%s %d %i %f %j %o %O %%` are honoured. */
  const format = (args: unknown[]): string => {
    const [first, ...rest] = args;
    let head = typeof first === 'string' ? first : inspect(first);
    if (typeof first === 'string' && first.includes('%')) {
      head = first.replace(/%[sdifjoO%]/g, (token) => {
        if (token === '%%') return '%';
        if (rest.length === 0) return token;
        const next = rest.shift();
        switch (token) {
          case '%s':
            return typeof next === 'string' ? next : inspect(next);
          case '%d':
          case '%i':
            return String(token === '%i' ? Number.parseInt(String(next), 10) : Number(next));
          case '%f':
            return String(Number.parseFloat(String(next)));
          case '%j':
            try {
              return stringify(next);
            } catch {
              return '[Circular]';
            }
          default:
            return inspect(next);
        }
      });
    }
    if (args.length === 0) return '';
    return [head, ...rest.map((arg) => (typeof arg === 'string' ? arg : inspect(arg)))].join(' ');
  };

  return { inspect, format };
}
