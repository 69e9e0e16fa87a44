/**
 * Copy-on-write for one fold over a batch of events. The first write to an object copies it; the copy belongs
 * to this fold and later writes update it in place. So a batch of N events copies each touched record once,
 * not N times (a 1,000-call batch would otherwise copy a 1,000-entry record thousands of times), and the
 * state folded from stays untouched: React keeps comparing the previous view by reference.
 */
export class Draft {
  readonly #owned = new WeakSet<object>();

  /** `value` if this fold made it, else a shallow copy that this fold now owns. */
  own<T extends object>(value: T): T {
    if (this.#owned.has(value)) return value;
    const copy = (Array.isArray(value) ? [...value] : { ...value }) as T;
    this.#owned.add(copy);
    return copy;
  }

  /** `own` with the caller's copy function: a copy site of its own sees one shape, which V8 keeps fast. */
  ownWith<T extends object>(value: T, copy: (value: T) => T): T {
    if (this.#owned.has(value)) return value;
    return this.fresh(copy(value));
  }

  owns(value: object): boolean {
    return this.#owned.has(value);
  }

  /** Marks an object this fold just created. */
  fresh<T extends object>(value: T): T {
    this.#owned.add(value);
    return value;
  }
}
