import type { LanguageModel } from 'ai';
import { RlmError } from '../errors.ts';
import type { LlmCallPurpose, RlmEventOf } from '../events.ts';
import type { Budget } from '../run/budget.ts';
import type { EventScope } from '../run/emitter.ts';
import { findModelInfo, type ModelInfo, type ModelOverrides } from '../registry/index.ts';
import type { ChatMessage, ModelResolver } from '../types.ts';
import { costOf, ZERO_USAGE, type UsageLedger } from '../usage/usage.ts';
import { callModel, type ModelResponse } from './call-model.ts';
import type { CallScheduler } from './scheduler.ts';

export interface GatewayCall {
  scope: EventScope;
  modelId: string;
  purpose: LlmCallPurpose;
  instructions: string | null;
  messages: ChatMessage[];
  signal: AbortSignal;
  /** Answer identical sub-calls once per run. */
  memoize?: boolean;
  streamDeltas?: boolean;
  /**
   * Names the conversation the call continues (an RLM's root turns). Its start event then records only the
   * messages added since the conversation's previous call, when that call's request is where this one starts:
   * a run's log grows with each turn, not with the whole history again (`llm_call_start.extendsCallId`).
   */
  conversation?: string;
  /** The single message is the prompt its sub-call's `subcall_start` already records: not repeated in the log. */
  promptInSubcall?: boolean;
}

type LoggedRequest = Pick<
  RlmEventOf<'llm_call_start'>,
  'instructions' | 'messages' | 'extendsCallId' | 'promptInSubcall'
>;

export interface GatewayOptions {
  resolveModel: ModelResolver;
  scheduler: CallScheduler;
  ledger: UsageLedger;
  budget: Budget;
  /** Price overrides on top of the model registry. */
  models: ModelOverrides;
  stream: boolean;
  /** Streamed calls fail when nothing arrives this long after the request. */
  firstByteTimeoutMs?: number | undefined;
  temperature?: number | undefined;
  maxOutputTokens?: number | undefined;
  nextCallId: () => string;
  now: () => number;
}

/**
 * Every model call of a run: resolves the model, goes through the scheduler, records usage and cost against the
 * ledger and the budget, memoises identical sub-calls, and reports start / retries / end as events.
 */
export class ModelGateway {
  readonly #options: GatewayOptions;
  readonly #models = new Map<string, LanguageModel>();
  /** Per model id: the configuration is fixed for the gateway's life, and every call prices its usage. */
  readonly #modelInfo = new Map<string, ModelInfo>();
  readonly #memo = new Map<string, Promise<ModelResponse>>();
  readonly #conversations = new Map<string, { callId: string; instructions: string | null; messages: ChatMessage[] }>();

  constructor(options: GatewayOptions) {
    this.#options = options;
  }

  /** The model's window and price as this run's configuration and the registry know them. */
  modelInfo(modelId: string): ModelInfo {
    let info = this.#modelInfo.get(modelId);
    if (!info) this.#modelInfo.set(modelId, (info = findModelInfo(modelId, this.#options.models)));
    return info;
  }

  async call(request: GatewayCall): Promise<ModelResponse> {
    const { scope, modelId, purpose } = request;
    const callId = this.#options.nextCallId();
    const started = this.#options.now();
    scope.emit({ type: 'llm_call_start', callId, model: modelId, purpose, ...this.#logged(request, callId) });

    const key = request.memoize ? memoKey(request, this.#options) : undefined;
    const remembered = key === undefined ? undefined : this.#memo.get(key);
    if (remembered) {
      const response = await remembered.catch(() => undefined);
      if (response) {
        scope.emit(
          endEvent(
            callId,
            request,
            { ...response, usage: ZERO_USAGE },
            { latencyMs: this.#options.now() - started, queuedMs: 0, cached: true, retries: 0, costUsd: 0 },
          ),
        );
        return response;
      }
    }

    let retries = 0;
    // Latency is the request's own time: from the moment its first attempt took a slot, not from when it was asked for.
    let firstSent: number | null = null;
    const timing = () => {
      const end = this.#options.now();
      return firstSent === null
        ? { latencyMs: 0, queuedMs: end - started }
        : { latencyMs: end - firstSent, queuedMs: firstSent - started };
    };
    const pending = this.#options.scheduler
      .run(
        (signal) =>
          callModel({
            model: this.#model(modelId),
            instructions: request.instructions,
            messages: request.messages,
            signal,
            // Only calls whose text is shown live need streaming; a plain request costs sub-calls less CPU.
            stream: this.#options.stream && request.streamDeltas === true,
            firstByteTimeoutMs: this.#options.firstByteTimeoutMs,
            temperature: this.#options.temperature,
            maxOutputTokens: this.#options.maxOutputTokens,
            // Root turns resend the whole history: mark it so the provider bills the repeated part at the cached price.
            cachePrefix: purpose === 'root' || purpose === 'final_answer',
            onDelta: request.streamDeltas ? (text) => scope.emit({ type: 'llm_call_delta', callId, text }) : undefined,
          }),
        {
          signal: request.signal,
          onSent: ({ attempt }) => {
            firstSent ??= this.#options.now();
            scope.emit({ type: 'llm_call_sent', callId, attempt });
          },
          onRetry: (info) => {
            retries = info.attempt;
            scope.emit({
              type: 'llm_call_retry',
              callId,
              attempt: info.attempt,
              delayMs: info.delayMs,
              reason: info.reason,
            });
          },
        },
      )
      .then(({ value }) => value);
    if (key !== undefined) this.#memo.set(key, pending);

    try {
      const response = await pending;
      const costUsd = costOf(response.usage, this.modelInfo(modelId).price);
      this.#options.ledger.record({ depth: scope.depth, model: modelId, usage: response.usage, costUsd });
      scope.emit(
        endEvent(callId, request, response, {
          ...timing(),
          cached: false,
          retries,
          costUsd,
        }),
      );
      this.#options.budget.afterUsage();
      return response;
    } catch (error) {
      if (key !== undefined) this.#memo.delete(key);
      const failure =
        error instanceof RlmError
          ? error
          : new RlmError('provider_failed', error instanceof Error ? error.message : String(error), { cause: error });
      scope.emit({
        ...endEvent(
          callId,
          request,
          { text: '', reasoning: null, finishReason: null, usage: ZERO_USAGE },
          { ...timing(), cached: false, retries, costUsd: 0 },
        ),
        ok: false,
        error: { code: failure.code, message: failure.message },
      });
      throw failure;
    }
  }

  /** What the start event records of a request: all of it, or what it adds to the conversation's last call. */
  #logged(request: GatewayCall, callId: string): LoggedRequest {
    if (request.promptInSubcall) return { instructions: request.instructions, messages: [], promptInSubcall: true };
    // A copy: the caller keeps appending to its conversation after this call.
    const messages = [...request.messages];
    if (request.conversation === undefined) return { instructions: request.instructions, messages };
    const previous = this.#conversations.get(request.conversation);
    this.#conversations.set(request.conversation, { callId, instructions: request.instructions, messages });
    const continues =
      previous !== undefined &&
      previous.instructions === request.instructions &&
      previous.messages.length <= messages.length &&
      previous.messages.every((message, index) => messages[index] === message);
    if (!continues) return { instructions: request.instructions, messages };
    return { instructions: null, messages: messages.slice(previous.messages.length), extendsCallId: previous.callId };
  }

  #model(modelId: string): LanguageModel {
    let model = this.#models.get(modelId);
    if (!model) {
      model = this.#options.resolveModel(modelId);
      this.#models.set(modelId, model);
    }
    return model;
  }
}

function endEvent(
  callId: string,
  request: GatewayCall,
  response: ModelResponse,
  extra: { latencyMs: number; queuedMs: number; cached: boolean; retries: number; costUsd: number | null },
) {
  return {
    type: 'llm_call_end' as const,
    callId,
    model: request.modelId,
    purpose: request.purpose,
    ok: true,
    text: response.text,
    reasoning: response.reasoning,
    finishReason: response.finishReason,
    usage: response.usage,
    error: null,
    ...extra,
  };
}

function memoKey(request: GatewayCall, options: GatewayOptions): string {
  return JSON.stringify([
    request.modelId,
    request.instructions,
    request.messages,
    options.temperature ?? null,
    options.maxOutputTokens ?? null,
  ]);
}
