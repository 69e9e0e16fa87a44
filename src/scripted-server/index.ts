// A scripted LM server on 127.0.0.1 speaking the OpenAI Chat Completions, OpenAI Responses, Anthropic
// Messages and Google Gemini wire formats, so tests and benchmarks run the real AI SDK providers over real
// HTTP (retries, aborts, streaming, usage parsing) without a network or an API key.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropic } from './anthropic.ts';
import { chatCompletions } from './chat-completions.ts';
import { google } from './google.ts';
import { asRecord, resolveUsage, sleep, splitIntoChunks, waitForAbort } from './common.ts';
import { responses } from './responses.ts';
import { createPromptCache } from './prompt-cache.ts';
import { faultyEvents, faultyJson } from './faults.ts';
import { writeSse } from './sse.ts';
import type { ApiAdapter, ReplyContext, ResolvedUsage, Script, ScriptedReply, ScriptedRequest } from './types.ts';

export type {
  FlatMessage,
  Script,
  ScriptedApi,
  ScriptedReply,
  ScriptedRequest,
  ScriptedUsage,
  StreamFault,
} from './types.ts';
export { estimateTokens } from './common.ts';

export interface TestServerStats {
  inFlight: number;
  maxInFlight: number;
  /** Responses fully written (error statuses included). */
  completed: number;
  /** Client went away before we finished answering (aborts, timeouts). */
  aborted: number;
}

export interface TestServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** `url + '/v1'`: pass as `baseURL` to any of the providers. */
  baseURL: string;
  /** Every request received, in arrival order. */
  requests: ScriptedRequest[];
  stats: TestServerStats;
  setScript(script: Script): void;
  resetStats(): void;
  /** Closes the server, destroying open sockets (hung requests included). */
  close(): Promise<void>;
}

const adapters: ApiAdapter[] = [chatCompletions, responses, anthropic, google];

function adapterFor(path: string): ApiAdapter | undefined {
  return adapters.find((adapter) =>
    typeof adapter.path === 'string' ? adapter.path === path : adapter.path.test(path),
  );
}

/** Default script: echo the last message, so a bare server already answers something checkable. */
const echo: Script = ({ messages }) => ({ text: messages.at(-1)?.content ?? '' });

/** The i-th call of this script gets `replies[i]`; calls past the end get a 500 saying so. */
export function sequence(replies: ScriptedReply[]): Script {
  let next = 0;
  return () => {
    const i = next++;
    return (
      replies[i] ?? {
        status: 500,
        text: `sequence(): no scripted reply for call #${i} (only ${replies.length} replies were scripted)`,
      }
    );
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A JSON reply cut half-way (then reset or ended), or with an empty `choices`. */
function sendBroken(
  res: ServerResponse,
  status: number,
  broken: { text: string; reset: boolean },
  dropByServer: () => void,
): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  if (!broken.reset) {
    res.end(broken.text);
    return;
  }
  dropByServer();
  res.write(broken.text, () => res.socket?.resetAndDestroy());
}

/** Reads the whole body; undefined if the client disconnected while sending it. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface TestServerOptions {
  /** Report cached input tokens as the provider's own prompt cache would (off: scripts' usage stays as given). */
  promptCache?: boolean;
}

export async function startTestServer(script: Script = echo, options: TestServerOptions = {}): Promise<TestServer> {
  const promptCache = options.promptCache === true ? createPromptCache() : undefined;
  let current = script;
  let nextIndex = 0;
  let closing = false;
  let closed: Promise<void> | undefined;
  const requests: ScriptedRequest[] = [];
  const stats: TestServerStats = { inFlight: 0, maxInFlight: 0, completed: 0, aborted: 0 };

  /** Counts the request in flight until it ends; the signal fires when the connection goes away. */
  function track(res: ServerResponse): { signal: AbortSignal; dropByServer(): void } {
    const controller = new AbortController();
    let settled = false;
    let droppedByServer = false;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    const settle = (): void => {
      if (settled) return;
      settled = true;
      stats.inFlight--;
      if (res.writableFinished) stats.completed++;
      else if (!droppedByServer && !closing) stats.aborted++;
    };
    // 'finish' (all data handed to the OS) precedes the client parsing the reply, so a test that
    // awaited the SDK call already sees it counted.
    res.on('finish', settle);
    res.on('close', () => {
      settle();
      controller.abort();
    });
    return { signal: controller.signal, dropByServer: () => (droppedByServer = true) };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const adapter = req.method === 'POST' ? adapterFor(path) : undefined;
    if (adapter === undefined) {
      req.resume();
      sendJson(res, 404, { error: { message: `No route for ${req.method} ${path}`, type: 'not_found' } });
      return;
    }
    const { signal, dropByServer } = track(res);
    const raw = await readBody(req);
    if (raw === undefined) return;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      sendJson(res, 400, adapter.errorBody(400, 'Request body is not valid JSON'));
      return;
    }
    const request: ScriptedRequest = {
      api: adapter.api,
      ...adapter.parse(asRecord(body), path),
      body,
      headers: req.headers,
      index: nextIndex++,
    };
    requests.push(request);

    let reply: ScriptedReply;
    try {
      reply = await current(request);
    } catch (error) {
      reply = {
        status: 500,
        text: `Test server script threw: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (!(await sleep(reply.delayMs ?? 0, signal))) return;
    if (reply.hang === true) return waitForAbort(signal);
    if (reply.destroy === true) {
      dropByServer();
      res.destroy();
      return;
    }
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    const status = reply.status ?? 200;
    if (status >= 400) {
      sendJson(res, status, adapter.errorBody(status, reply.text ?? `Scripted ${status} error`));
      return;
    }
    // Scripted cache counts win; otherwise the simulated cache decides, capped by the prompt's own size.
    const withPromptCache = (usage: ResolvedUsage): ResolvedUsage => {
      if (promptCache === undefined || reply.usage?.cachedInputTokens !== undefined) return usage;
      const counts = promptCache.measure(request.api, asRecord(body));
      const read = Math.min(counts.read, usage.inputTokens);
      return { ...usage, cachedInputTokens: read, cacheWriteTokens: Math.min(counts.write, usage.inputTokens - read) };
    };
    const text = reply.text ?? '';
    const reasoning = reply.reasoning ?? '';
    const ctx: ReplyContext = {
      request,
      id: `test${request.index}`,
      created: Math.floor(Date.now() / 1000),
      text,
      reasoning,
      textChunks: reply.chunks ?? splitIntoChunks(text),
      reasoningChunks: splitIntoChunks(reasoning),
      usage: withPromptCache(resolveUsage(reply, request.messages)),
    };
    if (request.stream) {
      res.statusCode = status;
      const { events, streamBreak } = faultyEvents(reply, ctx, adapter.events(ctx));
      if (streamBreak) dropByServer();
      await writeSse(res, events, reply.chunkDelayMs ?? 0, signal, {
        streamBreak,
        stallAfterHeaders: reply.stallAfterHeaders,
        trickle: reply.trickle,
      });
    } else {
      const broken = faultyJson(reply, adapter.json(ctx));
      if (!broken) sendJson(res, status, adapter.json(ctx));
      else sendBroken(res, status, broken, dropByServer);
    }
  }

  // Running handlers, so close() can wait until none is still sleeping or writing.
  const handlers = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handler = handle(req, res)
      .catch((error: unknown) => {
        // A bug here must surface in the test as a failed call, not as a hang.
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, { error: { message: `Test server error: ${String(error)}`, type: 'server_error' } });
      })
      .finally(() => handlers.delete(handler));
    handlers.add(handler);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    stats,
    setScript(next) {
      current = next;
    },
    resetStats() {
      Object.assign(stats, { maxInFlight: stats.inFlight, completed: 0, aborted: 0 });
    },
    close() {
      closing = true;
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }).then(async () => {
        await Promise.allSettled(handlers);
      });
      return closed;
    },
  };
}
