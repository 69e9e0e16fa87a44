import pLimit from 'p-limit';
import { RlmError } from '../errors.ts';
import type { CallLimiter, RetryPolicy } from '../types.ts';
import { backoffDelay, CallTimeoutError, describeError, isAuthFailure, isRetryable, retryAfterMs } from './retry.ts';

export interface ScheduledCallOptions {
  /** Cancels this call (and its retries); the run's own signal always applies too. */
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** An attempt (0 first, then each retry) took a concurrency slot: its request starts now. */
  onSent?: (info: { attempt: number }) => void;
}

export interface SchedulerOptions {
  concurrency: number;
  /** Shared with other runs when given; otherwise this run gets its own. */
  limiter?: CallLimiter | undefined;
  retry: RetryPolicy;
  callTimeoutMs: number;
  /** Aborting it cancels every queued and in-flight call. */
  signal: AbortSignal;
  now: () => number;
}

/** A second silence in a row means the server is not going to answer: timeouts are retried this many times only. */
const MAX_TIMEOUT_RETRIES = 1;

/**
 * The one gate every model call of a run goes through, at every depth: a global concurrency limit, retries
 * with backoff and jitter that honour Retry-After (the slot is given back while waiting), a per-attempt
 * timeout, and cancellation of everything when the run is aborted.
 */
export class CallScheduler {
  readonly #limit: CallLimiter;
  readonly #options: SchedulerOptions;

  constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#limit = options.limiter ?? pLimit(options.concurrency);
  }

  /** Runs `attempt` under the limits; returns its result and how many retries it took. */
  async run<T>(
    attempt: (signal: AbortSignal) => Promise<T>,
    options: ScheduledCallOptions = {},
  ): Promise<{ value: T; retries: number }> {
    const signals = [this.#options.signal, ...(options.signal ? [options.signal] : [])];
    const cancelled = AbortSignal.any(signals);
    let timeouts = 0;
    for (let retries = 0; ; retries += 1) {
      throwIfAborted(cancelled);
      try {
        const value = await this.#limit(() => {
          if (!cancelled.aborted) options.onSent?.({ attempt: retries });
          return this.#attempt(attempt, cancelled);
        });
        return { value, retries };
      } catch (error) {
        if (cancelled.aborted) throw abortError(cancelled);
        if (error instanceof RlmError) throw error; // raised on purpose (replay divergence, missing key): never retried
        if (isAuthFailure(error))
          throw new RlmError('auth_failed', `Authentication failed: ${describeError(error)}`, { cause: error });
        const timedOutAgain = error instanceof CallTimeoutError && ++timeouts > MAX_TIMEOUT_RETRIES;
        if (!isRetryable(error) || timedOutAgain || retries >= this.#options.retry.maxRetries) {
          throw new RlmError(
            'provider_failed',
            `${describeError(error)}${retries > 0 ? ` (after ${retries} retr${retries === 1 ? 'y' : 'ies'})` : ''}`,
            { cause: error },
          );
        }
        const delayMs = backoffDelay(retries, this.#options.retry, retryAfterMs(error, this.#options.now()));
        options.onRetry?.({ attempt: retries + 1, delayMs, reason: describeError(error) });
        await sleep(delayMs, cancelled);
      }
    }
  }

  async #attempt<T>(attempt: (signal: AbortSignal) => Promise<T>, cancelled: AbortSignal): Promise<T> {
    throwIfAborted(cancelled);
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new CallTimeoutError('call', this.#options.callTimeoutMs)),
      this.#options.callTimeoutMs,
    );
    try {
      return await attempt(AbortSignal.any([cancelled, timeout.signal]));
    } catch (error) {
      if (timeout.signal.aborted && !cancelled.aborted) throw timeout.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A concurrency gate several runs can share (pass it as `callLimiter`). */
export function createCallLimiter(concurrency: number): CallLimiter {
  return pLimit(concurrency);
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortError(signal);
}

/** The reason a signal was aborted with, as an RlmError (budget and timeout reasons keep their code). */
export function abortError(signal: AbortSignal): RlmError {
  const reason: unknown = signal.reason;
  if (reason instanceof RlmError) return reason;
  return new RlmError('aborted', reason instanceof Error ? reason.message : 'The run was aborted');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(abortError(signal));
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
