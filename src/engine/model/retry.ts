import { APICallError } from '@ai-sdk/provider';
import type { RetryPolicy } from '../types.ts';

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, initialDelayMs: 1_000, maxDelayMs: 30_000 };

/** Rate limits, server errors, timeouts and dropped connections are worth another try; 4xx mistakes are not. */
export function isRetryable(error: unknown): boolean {
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === undefined) return true; // no response at all: a network failure
    return status === 408 || status === 409 || status === 429 || status >= 500;
  }
  if (error instanceof Error && error.name === 'CallTimeoutError') return true;
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } } | undefined)?.cause?.code ??
    (error as { code?: unknown })?.code;
  return (
    typeof code === 'string' &&
    /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT)$/.test(code)
  );
}

export function isAuthFailure(error: unknown): boolean {
  return APICallError.isInstance(error) && (error.statusCode === 401 || error.statusCode === 403);
}

/** Server-requested wait in ms from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(error: unknown, _now?: number): number | undefined {
  if (!APICallError.isInstance(error) || !error.responseHeaders) return undefined;
  const headers = Object.fromEntries(
    Object.entries(error.responseHeaders).map(([key, value]) => [key.toLowerCase(), value]),
  );
  const ms = Number(headers['retry-after-ms']);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers['retry-after'];
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  // An HTTP date is wall-clock time, whatever clock the run was given.
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Exponential backoff with full jitter, never shorter than what the server asked for, capped by the policy. */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  serverDelayMs: number | undefined,
  random: () => number = Math.random,
): number {
  const exponential = policy.initialDelayMs * 2 ** attempt;
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.min(policy.maxDelayMs, Math.max(jittered, serverDelayMs ?? 0));
}

export function describeError(error: unknown): string {
  if (APICallError.isInstance(error)) {
    return error.statusCode ? `HTTP ${error.statusCode}: ${error.message}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
