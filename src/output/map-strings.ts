/**
 * A copy of `value` with `change` applied to every string in it; the same object wherever nothing changed.
 * Plain loops, no entry arrays or closures: the live view runs this over every event of a 1,000-call batch.
 */
export function mapStrings<T>(value: T, change: (text: string) => string): T {
  if (typeof value === 'string') return change(value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      const mapped = mapStrings(item, change);
      if (mapped !== item) (copy ??= [...value])[index] = mapped;
    }
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(record)) {
      const item = record[key];
      // Numbers, booleans and null hold no text: skip the call.
      if (item === null || (typeof item !== 'string' && typeof item !== 'object')) continue;
      const mapped = mapStrings(item, change);
      if (mapped !== item) (copy ??= { ...record })[key] = mapped;
    }
    return (copy ?? value) as T;
  }
  return value;
}
