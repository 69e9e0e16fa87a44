import type { RlmEvent, RlmEventPayload } from '../events.ts';

export type RlmEventListener = (event: RlmEvent) => void;

/** Collects the run's events (the trajectory) and fans them out to listeners, in order. */
export class EventHub {
  readonly runId: string;
  readonly events: RlmEvent[] = [];
  readonly #listeners = new Set<RlmEventListener>();
  readonly #now: () => number;

  constructor(runId: string, now: () => number) {
    this.runId = runId;
    this.#now = now;
  }

  subscribe(listener: RlmEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  scope(rlmId: string, parentId: string | null, depth: number): EventScope {
    return new EventScope(this, rlmId, parentId, depth);
  }

  publish(event: RlmEvent): void {
    this.events.push(event);
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener (UI, log writer) must not break the run.
      }
    }
  }

  now(): number {
    return this.#now();
  }
}

/** Emits events stamped with one RLM's identity: run id, RLM id, parent sub-call, depth and time. */
export class EventScope {
  readonly hub: EventHub;
  readonly rlmId: string;
  readonly parentId: string | null;
  readonly depth: number;

  constructor(hub: EventHub, rlmId: string, parentId: string | null, depth: number) {
    this.hub = hub;
    this.rlmId = rlmId;
    this.parentId = parentId;
    this.depth = depth;
  }

  emit(payload: RlmEventPayload): void {
    this.hub.publish({
      ...payload,
      runId: this.hub.runId,
      rlmId: this.rlmId,
      parentId: this.parentId,
      depth: this.depth,
      ts: this.hub.now(),
    } as RlmEvent);
  }
}
