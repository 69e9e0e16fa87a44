/** Which wire protocol a request arrived on. */
export type ScriptedApi = 'chat' | 'responses' | 'anthropic' | 'google';

/** One message of the prompt, reduced to its text so scripts can match on it easily. */
export interface FlatMessage {
  role: string;
  content: string;
}

/** What a script sees: the parts of the request tests usually assert on, plus the raw body. */
export interface ScriptedRequest {
  api: ScriptedApi;
  model: string;
  stream: boolean;
  /** Flattened text of each message, system/instructions included (as role 'system' or 'developer'). */
  messages: FlatMessage[];
  /** All system/developer/instructions text joined with '\n', if any. */
  system?: string;
  /** The parsed JSON body, for assertions on provider-specific fields. */
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** 0-based arrival order on this server. */
  index: number;
}

export interface ScriptedUsage {
  /** Total prompt tokens, cached ones included (Anthropic's wire split is derived from it). */
  inputTokens?: number;
  /** Total completion tokens, reasoning ones included. */
  outputTokens?: number;
  cachedInputTokens?: number;
  reasoningTokens?: number;
}

export interface ScriptedReply {
  /** Assistant text; for error statuses, the error message. */
  text?: string;
  /** Reasoning text (chat: `reasoning_content`, responses: reasoning summary item, anthropic: thinking block). */
  reasoning?: string;
  /** Missing fields default to a deterministic estimate: ceil(chars / 4). */
  usage?: ScriptedUsage;
  /** Wait before responding; cancelled as soon as the client disconnects. */
  delayMs?: number;
  /** HTTP status; >= 400 sends an error body in the API's own error shape. */
  status?: number;
  /** Extra response headers, e.g. `{ 'retry-after': '1' }`. */
  headers?: Record<string, string>;
  /** Never respond (until the client aborts or the server closes). */
  hang?: boolean;
  /** Drop the TCP connection without a response, so the client sees a network error. */
  destroy?: boolean;
  /** When streaming, wait this long between text/reasoning chunks. */
  chunkDelayMs?: number;
  /** Break the reply part-way, as flaky networks and servers do (see StreamFault). */
  fault?: { kind: StreamFault; afterChunks?: number };
  /** When streaming: send the response headers, then nothing more (a stream whose first byte never comes). */
  stallAfterHeaders?: boolean;
  /** When streaming: after the text, repeat its last chunk every `chunkDelayMs` (default 50) and never finish. */
  trickle?: boolean;
  /** When streaming, the text's chunks exactly (they should join to `text`); by default it is split at spaces. */
  chunks?: string[];
}

/**
 * How a reply breaks, after `afterChunks` content chunks of a stream (default 1):
 * - `reset`: the TCP connection is reset (ECONNRESET on the client);
 * - `cut`: the response ends cleanly but early, without the finish chunk and `[DONE]`;
 * - `malformed`: one chunk that is not valid JSON, then the rest of the stream;
 * - `empty-choices`: a chunk with `choices: []` instead of the rest (Chat Completions; also the whole non-streamed
 *   reply's `choices` is empty).
 * A non-streamed reply with `reset` or `cut` breaks half-way through its JSON body.
 */
export type StreamFault = 'reset' | 'cut' | 'malformed' | 'empty-choices';

export type Script = (req: ScriptedRequest) => ScriptedReply | Promise<ScriptedReply>;

/** Token counts after defaults are applied, as every API reports them. */
export interface ResolvedUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  /** Part of the input written to the provider's cache (Anthropic bills it apart). */
  cacheWriteTokens: number;
  reasoningTokens: number;
}

/** Everything an API adapter needs to render a successful reply. */
export interface ReplyContext {
  request: ScriptedRequest;
  /** Stable per-request id suffix, so ids are unique and deterministic. */
  id: string;
  /** Unix seconds. */
  created: number;
  text: string;
  reasoning: string;
  textChunks: string[];
  reasoningChunks: string[];
  usage: ResolvedUsage;
}

/** One server-sent event; `delta` marks content chunks, between which `chunkDelayMs` applies. */
export interface SseEvent {
  event?: string;
  data: unknown;
  delta?: boolean;
}

/** The part of a request an adapter extracts from the provider-specific body. */
export interface ParsedRequest {
  model: string;
  stream: boolean;
  messages: FlatMessage[];
  system?: string;
}

/** One wire protocol: how to read its requests and write its replies and errors. */
export interface ApiAdapter {
  api: ScriptedApi;
  /** The request path it answers (a pattern when the path carries parameters, as Google's does). */
  path: string | RegExp;
  parse(body: Record<string, unknown>, path: string): ParsedRequest;
  json(ctx: ReplyContext): unknown;
  events(ctx: ReplyContext): SseEvent[];
  errorBody(status: number, message: string): unknown;
}
