import { workerData } from 'node:worker_threads';

/**
 * The flag the CLI raises when it discards the view's thread before a run (see `discardLiveView`): shared memory,
 * so the thread reads it while it is still loading, before any message could reach it.
 */
export interface DiscardFlag {
  buffer: SharedArrayBuffer;
}

export function newDiscardFlag(): DiscardFlag & { raise(): void } {
  const buffer = new SharedArrayBuffer(4);
  return { buffer, raise: () => Atomics.store(new Int32Array(buffer), 0, 1) };
}

/** In the view's thread: whether the CLI has discarded it, so that loading or warming up would be wasted. */
export function isDiscarded(): boolean {
  const flag = (workerData as { discard?: DiscardFlag } | null)?.discard;
  return flag !== undefined && Atomics.load(new Int32Array(flag.buffer), 0) === 1;
}
