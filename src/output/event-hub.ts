/**
 * A list of events and the listeners that hear each one as it is added, in order: the one fan-out behind the run's
 * sources that are not the engine itself (the redacted source, the view process's copy of the run).
 */
export interface EventHub<T> {
  subscribe(listener: (event: T) => void): () => void;
  /** Keeps each event, then hands it to every listener. */
  emit(...events: T[]): void;
  /** The events so far: this hub's own array, not a copy. */
  readonly events: T[];
  listenerCount(): number;
}

/** A hub that starts with `events` (kept as given, not copied). */
export function createEventHub<T>(events: T[] = []): EventHub<T> {
  const listeners = new Set<(event: T) => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(...added) {
      for (const event of added) {
        events.push(event);
        for (const listener of listeners) listener(event);
      }
    },
    events,
    listenerCount: () => listeners.size,
  };
}
