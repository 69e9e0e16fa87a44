import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  ProviderV4,
  SharedV4ProviderMetadata,
} from '@ai-sdk/provider';
import { NoSuchModelError } from '@ai-sdk/provider';
import { createRlm } from '../create-rlm.ts';
import { summarizeContext } from '../loop/rlm-node.ts';
import type { RlmEventListener } from '../run/emitter.ts';
import type { RlmResult } from '../run/rlm-run.ts';
import type { RlmConfig, StopReason } from '../types.ts';
import { readCallOptions, runInput } from './prompt-input.ts';
import { RunLog } from './run-log.ts';
import { toProviderUsage } from '../usage/provider-usage.ts';

/** Everything `createRlm` takes except the root model, which the model id names, plus what the provider adds. */
export interface RlmProviderSettings extends Omit<RlmConfig, 'model'> {
  /** Every event of every run (the trajectory), as it happens. */
  onEvent?: RlmEventListener;
  /** Write each run's JSONL trajectory log into this directory; its path is in `providerMetadata.rlm.logPath`. */
  logDir?: string;
}

/** An AI SDK provider whose models are RLMs: `rlm('openai:gpt-5')` is a model whose root is `openai:gpt-5`. */
export interface RlmProvider extends ProviderV4 {
  (modelId: string): LanguageModelV4;
  languageModel(modelId: string): LanguageModelV4;
}

/** `providerMetadata.rlm`: how the run went. */
export interface RlmProviderMetadata {
  runId: string;
  stopReason: StopReason;
  iterations: number;
  subcalls: number;
  costUsd: number | null;
  durationMs: number;
  logPath: string | null;
  /** Why the log could not be written in full (`ENOENT: …`); `null` when it was, or when there is none. */
  logError: string | null;
  error: { code: string; message: string } | null;
}

/**
 * Wraps the RLM as an AI SDK provider, so any `generateText` / `streamText` application switches to an RLM by
 * changing its model. Usage is the whole tree's; `providerOptions.rlm` carries the context and per-call limits;
 * with `includeRawChunks`, `streamText` surfaces every trajectory event as a `raw` part.
 */
export function createRlmProvider(settings: RlmProviderSettings): RlmProvider {
  const languageModel = (modelId: string): LanguageModelV4 => ({
    specificationVersion: 'v4',
    provider: 'rlm',
    modelId,
    supportedUrls: {},
    doGenerate: async (options) => {
      const { result, metadata } = await runRlm(settings, modelId, options, () => undefined);
      return {
        content: [{ type: 'text', text: result.answer ?? '' }],
        finishReason: finishReason(result.stopReason),
        usage: toProviderUsage(result.usage),
        providerMetadata: { rlm: { ...metadata } } satisfies SharedV4ProviderMetadata,
        warnings: [],
      };
    },
    doStream: async (options) => {
      let controller!: ReadableStreamDefaultController<LanguageModelV4StreamPart>;
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        start: (c) => {
          controller = c;
        },
      });
      controller.enqueue({ type: 'stream-start', warnings: [] });
      const onEvent: RlmEventListener = options.includeRawChunks
        ? (event) => controller.enqueue({ type: 'raw', rawValue: event })
        : () => undefined;
      runRlm(settings, modelId, options, onEvent).then(
        ({ result, metadata }) => {
          controller.enqueue({ type: 'text-start', id: 'answer' });
          for (const delta of chunks(result.answer ?? ''))
            controller.enqueue({ type: 'text-delta', id: 'answer', delta });
          controller.enqueue({ type: 'text-end', id: 'answer' });
          controller.enqueue({
            type: 'finish',
            finishReason: finishReason(result.stopReason),
            usage: toProviderUsage(result.usage),
            providerMetadata: { rlm: { ...metadata } },
          });
          controller.close();
        },
        (error: unknown) => controller.error(error),
      );
      return { stream };
    },
  });
  const provider = (modelId: string) => languageModel(modelId);
  return Object.assign(provider, {
    specificationVersion: 'v4' as const,
    languageModel,
    embeddingModel: (modelId: string): never => {
      throw new NoSuchModelError({ modelId, modelType: 'embeddingModel' });
    },
    imageModel: (modelId: string): never => {
      throw new NoSuchModelError({ modelId, modelType: 'imageModel' });
    },
  });
}

/** One RLM run for one call: an aborted call rejects with the abort reason, a failed run with its error. */
async function runRlm(
  settings: RlmProviderSettings,
  modelId: string,
  options: LanguageModelV4CallOptions,
  onEvent: RlmEventListener,
): Promise<{ result: RlmResult; metadata: RlmProviderMetadata }> {
  const call = readCallOptions(options);
  const { context: contextOption, subModel, ...limits } = call;
  const { onEvent: listener, logDir, ...config } = settings;
  const { input, context } = runInput(options.prompt, contextOption);
  const defined = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
  const rlm = createRlm({
    ...config,
    ...defined,
    model: modelId,
    subModel: subModel ?? config.subModel ?? modelId,
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.maxOutputTokens === undefined ? {} : { maxOutputTokens: options.maxOutputTokens }),
  });
  const run = rlm.start(input, { context, ...(options.abortSignal ? { signal: options.abortSignal } : {}) });
  const question = typeof input === 'string' ? input : (input.findLast((m) => m.role === 'user')?.content ?? '');
  const log = logDir
    ? new RunLog(logDir, run.runId, {
        question,
        model: modelId,
        subModel: subModel ?? config.subModel ?? modelId,
        context: summarizeContext(context),
      })
    : undefined;
  run.subscribe((event) => {
    log?.write(event);
    listener?.(event);
    onEvent(event);
  });
  const result = await run.result;
  await log?.close();
  if (result.stopReason === 'aborted' && options.abortSignal?.aborted) throw options.abortSignal.reason;
  if (result.stopReason === 'error' && result.answer === null && result.error) throw result.error;
  return {
    result,
    metadata: {
      runId: run.runId,
      stopReason: result.stopReason,
      iterations: result.iterations,
      subcalls: result.subcalls,
      costUsd: result.costUsd,
      durationMs: result.durationMs,
      logPath: log?.path ?? null,
      logError: log?.failure ? log.failure.message : null,
      error: result.error ? { code: result.error.code, message: result.error.message } : null,
    },
  };
}

/** A finished answer is `stop`; a run cut short by a limit is `length`; an abort or failure `other`. */
function finishReason(stopReason: StopReason): LanguageModelV4FinishReason {
  const unified =
    stopReason === 'final' ? 'stop' : stopReason === 'aborted' || stopReason === 'error' ? 'other' : 'length';
  return { unified, raw: stopReason };
}

/** Word-sized pieces, so a streamed answer arrives like any model's. */
function chunks(text: string): string[] {
  return text.split(/(?<=\s)(?=\S)/).filter((piece) => piece.length > 0);
}
