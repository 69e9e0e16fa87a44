/** A copy of `value` with `change` applied to every string in it; the same object wherever nothing changed. */
export function mapStrings<T>(value: T, change: (text: string) => string): T {
  if (typeof value === 'string') return change(value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const mapped = mapStrings(item, change);
      if (mapped !== item) (copy ??= [...value])[index] = mapped;
    });
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const mapped = mapStrings(item, change);
      if (mapped !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = mapped;
    }
    return (copy ?? value) as T;
  }
  return value;
}
