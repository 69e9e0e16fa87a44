import { APICallError } from '@ai-sdk/provider';
import type { RetryPolicy } from '../types.ts';

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, initialDelayMs: 1_000, maxDelayMs: 30_000 };

/** An attempt that ran out of time: the whole call (`callTimeoutMs`) or, for a stream, its first byte. */
export class CallTimeoutError extends Error {
  readonly limit: 'call' | 'first_byte';

  constructor(limit: 'call' | 'first_byte', ms: number) {
    const duration = ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
    super(
      limit === 'call'
        ? `The model call took longer than ${duration} (the per-call timeout)`
        : `The model sent nothing for ${duration} after the request (the first-byte timeout)`,
    );
    this.name = 'CallTimeoutError';
    this.limit = limit;
  }
}

/**
 * Codes and messages of failures that fail the same way however often they are retried:
 * - ENOTFOUND: the host name does not exist (EAI_AGAIN, a DNS server that did not answer, stays retryable);
 * - a malformed or unsupported URL, or a port fetch refuses to use (`bad port`: 9, 25, 6000, …);
 * - TLS certificates that do not verify, and TLS spoken to a plain-HTTP port: a configuration matter.
 */
const PERMANENT_CODES = new Set([
  'ENOTFOUND',
  'ERR_INVALID_URL',
  'ERR_INVALID_PROTOCOL',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);
const PERMANENT_MESSAGES = /^(bad port|unknown scheme|invalid method)$/i;

/** Network failures that a later attempt can get past: resets, timeouts, unreachable networks, a busy DNS. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** AI SDK errors for a response that arrived broken: cut short, not JSON, or without the fields it must have. */
const BROKEN_RESPONSE_ERRORS = new Set([
  'AI_InvalidResponseDataError',
  'AI_JSONParseError',
  'AI_TypeValidationError',
  'AI_EmptyResponseBodyError',
]);

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?|::ffff:127(\.\d{1,3}){3})$/i;

/**
 * Whether another attempt can succeed. Retried: rate limits (429), 408/409, server errors, timeouts, dropped or reset
 * connections (also in the middle of a streamed reply), and replies that arrived broken (a stream cut before its end,
 * a malformed chunk, no `choices`) — all things a proxy, a restarting server or a flaky network cause once.
 * Not retried: other 4xx (the request itself is wrong), unknown hosts, bad URLs and ports, certificate errors, and a
 * connection refused by this machine itself: nothing listens on that local port, an answer that comes back in
 * microseconds and does not change in the ~15 s the retries would wait (the server is not started, or the port is
 * wrong). A refusal from a remote host is still retried: a load balancer or a server behind a proxy restarting.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof CallTimeoutError) return true;
  const chain = causeChain(error);
  for (const link of chain) {
    const code = typeof link.code === 'string' ? link.code : undefined;
    if (code && PERMANENT_CODES.has(code)) return false;
    if (typeof link.message === 'string' && PERMANENT_MESSAGES.test(link.message)) return false;
    if (code === 'ECONNREFUSED' && refusedLocally(link, error)) return false;
  }
  if (APICallError.isInstance(error) && error.statusCode !== undefined && error.statusCode >= 300) {
    const status = error.statusCode;
    return status === 408 || status === 409 || status === 429 || status >= 500;
  }
  // A 2xx whose body broke while it was read or parsed, or no response at all: a network failure.
  if (APICallError.isInstance(error)) return true;
  return chain.some(
    (link) =>
      (typeof link.code === 'string' && TRANSIENT_CODES.has(link.code)) ||
      (typeof link.name === 'string' && BROKEN_RESPONSE_ERRORS.has(link.name)),
  );
}

interface ErrorLink {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  address?: unknown;
}

/** The error, its causes and the members of aggregate errors (happy-eyeballs connects fail as an AggregateError). */
function causeChain(error: unknown): ErrorLink[] {
  const links: ErrorLink[] = [];
  const visit = (value: unknown, depth: number) => {
    if (typeof value !== 'object' || value === null || depth > 6 || links.includes(value)) return;
    links.push(value as ErrorLink);
    const errors = (value as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const member of errors) visit(member, depth + 1);
    visit((value as { cause?: unknown }).cause, depth + 1);
  };
  visit(error, 0);
  return links;
}

function refusedLocally(link: ErrorLink, error: unknown): boolean {
  if (typeof link.address === 'string') return LOOPBACK_HOST.test(link.address);
  const url = APICallError.isInstance(error) ? error.url : undefined;
  if (!url) return false;
  try {
    return LOOPBACK_HOST.test(new URL(url).hostname);
  } catch {
    return false;
  }
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
