import { RlmError } from '../errors.ts';
import type { HostFunction, SandboxContext } from '../sandbox/index.ts';
import type { RunContext } from '../run/run-context.ts';
import type { EventScope } from '../run/emitter.ts';
import { hostContext, hostContextList, hostPrompt, hostPromptList } from './subcall-bounds.ts';

/** Where in the parent's trajectory a sub-call was made. */
export interface CallSite {
  iteration: number;
  blockIndex: number;
}

export interface SubcallHost {
  scope: EventScope;
  depth: number;
  site: () => CallSite;
  /** Runs a child RLM (rlm_query below the depth limit). */
  runChild: (request: {
    subcallId: string;
    prompt: string;
    context: SandboxContext | undefined;
    modelId: string;
    signal: AbortSignal;
  }) => Promise<string>;
}

interface SubcallRequest {
  kind: 'llm_query' | 'rlm_query';
  prompt: string;
  modelId: string;
  context?: SandboxContext | undefined;
  batch?: { id: string; index: number; size: number };
}

/**
 * `llm_query`, `llm_query_batched`, `rlm_query` and `rlm_query_batched` as host functions of one RLM's sandbox. Each
 * item of a batch is a sub-call of its own (budget, depth, events); `rlm_query` below the depth limit starts a child.
 */
export function createSubcallFunctions(run: RunContext, host: SubcallHost): Record<string, HostFunction> {
  const canRecurse = host.depth + 1 < run.settings.maxDepth;

  const bounds = run.settings.subcallBounds;
  const batch = (prompts: string[], call: Parameters<typeof batchOf>[2]) => batchOf(run, prompts, call);

  const subcall = async (request: SubcallRequest, cellSignal: AbortSignal): Promise<string> => {
    run.budget.takeSubcall();
    const subcallId = run.nextId('s');
    const mode = request.kind === 'rlm_query' && canRecurse ? 'rlm' : 'llm';
    const site = host.site();
    const started = run.hub.now();
    host.scope.emit({
      type: 'subcall_start',
      subcallId,
      kind: request.kind,
      mode,
      model: request.modelId,
      prompt: request.prompt,
      iteration: site.iteration,
      blockIndex: site.blockIndex,
      batchId: request.batch?.id ?? null,
      batchIndex: request.batch?.index ?? null,
      batchSize: request.batch?.size ?? null,
    });
    const signal = AbortSignal.any([cellSignal, run.workSignal]);
    try {
      const response =
        mode === 'rlm'
          ? await host.runChild({
              subcallId,
              prompt: request.prompt,
              context: request.context,
              modelId: request.modelId,
              signal,
            })
          : await plainCall(subcallId, request, signal);
      host.scope.emit({
        type: 'subcall_end',
        subcallId,
        ok: true,
        response,
        error: null,
        latencyMs: run.hub.now() - started,
      });
      return response;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      host.scope.emit({
        type: 'subcall_end',
        subcallId,
        ok: false,
        response: '',
        error: message,
        latencyMs: run.hub.now() - started,
      });
      throw error;
    }
  };

  const plainCall = async (subcallId: string, request: SubcallRequest, signal: AbortSignal): Promise<string> => {
    const scope = run.hub.scope(host.scope.rlmId, subcallId, host.depth + 1);
    const prompt =
      request.context === undefined
        ? request.prompt
        : `${request.prompt}\n\n--- context ---\n${contextAsText(request.context)}`;
    const response = await run.gateway.call({
      scope,
      modelId: request.modelId,
      purpose: 'sub',
      instructions: null,
      messages: [{ role: 'user', content: prompt }],
      signal,
      memoize: run.settings.memoize,
      // Stored once: subcall_start has the prompt (with a context appended, the request differs and is recorded).
      promptInSubcall: request.context === undefined,
    });
    return response.text;
  };

  return {
    llm_query: async ([prompt, options], { signal }) =>
      subcall(
        { kind: 'llm_query', prompt: hostPrompt('llm_query', prompt, bounds), modelId: modelOption(options, run) },
        signal,
      ),

    llm_query_batched: async ([prompts, options], { signal }) => {
      const list = hostPromptList('llm_query_batched', prompts, bounds);
      const modelId = modelOption(options, run);
      return batch(list, (prompt, slot) => subcall({ kind: 'llm_query', prompt, modelId, batch: slot }, signal));
    },

    rlm_query_batched: async ([prompts, options], { signal }) => {
      const list = hostPromptList('rlm_query_batched', prompts, bounds);
      const modelId = modelOption(options, run);
      const given = options as { context?: unknown; contexts?: unknown } | undefined;
      const shared = hostContext('rlm_query_batched', given?.context);
      const each = hostContextList('rlm_query_batched', given?.contexts, list.length);
      return batch(list, (prompt, slot) =>
        subcall({ kind: 'rlm_query', prompt, modelId, context: each?.[slot.index] ?? shared, batch: slot }, signal),
      );
    },

    rlm_query: async ([prompt, options], { signal }) =>
      subcall(
        {
          kind: 'rlm_query',
          prompt: hostPrompt('rlm_query', prompt, bounds),
          modelId: modelOption(options, run),
          context: hostContext('rlm_query', (options as { context?: unknown } | undefined)?.context),
        },
        signal,
      ),
  };
}

/** Every item of a batch at once; a failed item becomes an `Error: …` string instead of failing the batch. */
async function batchOf(
  run: RunContext,
  prompts: string[],
  call: (prompt: string, slot: { id: string; index: number; size: number }) => Promise<string>,
): Promise<string[]> {
  const id = run.nextId('b');
  const settled = await Promise.allSettled(
    prompts.map((prompt, index) => call(prompt, { id, index, size: prompts.length })),
  );
  return settled.map((result) =>
    result.status === 'fulfilled' ? result.value : `Error: ${reasonText(result.reason)}`,
  );
}

function modelOption(options: unknown, run: RunContext): string {
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options)))
    throw new TypeError('the options must be an object like { model: "…" }');
  const model = (options as { model?: unknown } | undefined)?.model;
  if (model === undefined || model === null) return run.settings.subModel;
  if (typeof model !== 'string' || model.trim() === '') throw new TypeError('opts.model must be a model id string');
  // A cost limit cannot see what an unpriced model costs: refuse it, as the root and sub-model are refused up front.
  if (run.budget.limits.maxCostUsd !== null && run.gateway.modelInfo(model).price === null)
    throw new RlmError(
      'invalid_config',
      `opts.model "${model}" has no known price and this run has a cost limit: use a priced model (or add its price under "prices")`,
    );
  return model;
}

function reasonText(reason: unknown): string {
  if (reason instanceof RlmError || reason instanceof Error) return reason.message;
  return String(reason);
}

export function contextAsText(context: SandboxContext): string {
  if (typeof context === 'string') return context;
  return context.map((doc) => `=== ${doc.path} ===\n${doc.content}`).join('\n\n');
}
