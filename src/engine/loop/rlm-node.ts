import { fitConversation } from '../compaction/compact.ts';
import { RequestSizer } from '../compaction/estimate-tokens.ts';
import { RlmError } from '../errors.ts';
import type { ContextSummary } from '../events.ts';
import { abortError } from '../model/scheduler.ts';
import { composeNodePrompt } from '../prompt/node-prompt.ts';
import * as turns from '../prompt/turn-messages.ts';
import type { RunContext } from '../run/run-context.ts';
import type { SandboxContext, VariableSummary } from '../sandbox/index.ts';
import { childTools, createToolFunctions, describeTools } from '../tools/caller-tools.ts';
import type { ChatMessage, StopReason } from '../types.ts';
import type { NodeResult, NodeSpec, ReplHost } from './node-spec.ts';
import { openRepl } from './open-repl.ts';
import { extractCodeBlocks, findTextualFinal } from './parse-reply.ts';
import { createSubcallFunctions, type CallSite } from './subcalls.ts';

export type { NodeResult, NodeSpec } from './node-spec.ts';

type Final = { answer: string; source: 'code' | 'text' | 'forced' };

/** One RLM: the root model writes code, the sandbox runs it, until FINAL, a limit, or a failure. */
export async function runRlmNode(run: RunContext, spec: NodeSpec): Promise<NodeResult> {
  const { settings } = run;
  const scope = run.hub.scope(spec.rlmId, spec.parentId, spec.depth);
  const maxIterations = settings.maxIterations;
  let site: CallSite = { iteration: 0, blockIndex: 0 };
  let final: Final | undefined;
  let iteration = 0;
  let childCount = 0;
  let failingTurns = 0;
  let errorLimitReached = false;
  const tools = spec.depth === 0 ? settings.tools : childTools(settings.tools, settings.subTools);

  const host: ReplHost = {
    functions: {
      ...(settings.subcalls
        ? createSubcallFunctions(run, {
            scope,
            depth: spec.depth,
            site: () => site,
            runChild: async (request) => {
              const child = await runRlmNode(run, {
                rlmId: `${spec.rlmId}.${++childCount}`,
                parentId: request.subcallId,
                depth: spec.depth + 1,
                question: request.prompt,
                history: [],
                callerInstructions: null,
                contexts: request.context === undefined ? [] : [{ name: 'context', context: request.context }],
                modelId: request.modelId,
                signal: request.signal,
              });
              if (child.answer === null)
                throw (
                  child.error ??
                  new RlmError('internal', `The child RLM stopped without an answer (${child.stopReason})`)
                );
              return child.answer;
            },
          })
        : disabledSubcalls()),
      ...createToolFunctions(run, { scope, site: () => site, tools }),
    },
    callbacks: {
      __final: ([answer]) => {
        final = { answer: String(answer), source: 'code' };
      },
    },
    reads: {
      __budget: () => ({
        ...run.budget.snapshot(),
        iterations: { used: iteration, max: maxIterations },
        depth: spec.depth,
        maxDepth: settings.maxDepth,
      }),
    },
  };
  const repl = await openRepl(settings, spec, host);
  const sandbox = repl.session;

  const earlier = spec.earlier ?? [];
  const prompt = composeNodePrompt({
    settings,
    session: sandbox,
    depth: spec.depth,
    question: spec.question,
    contexts: spec.contexts.map((entry) => ({ name: entry.name, context: summarizeContext(entry.context) })),
    earlierQuestions: earlier.map((entry) => entry.question),
    callerInstructions: spec.callerInstructions,
    tools: await describeTools(tools),
  });
  const instructions = prompt.instructions;
  const firstMessages: ChatMessage[] = [...spec.history, { role: 'user', content: prompt.question }];
  /** What the next request sends (compaction rewrites it) and everything ever said (what `history` keeps). */
  const messages: ChatMessage[] = [...firstMessages];
  const transcript: ChatMessage[] = [...firstMessages];
  const push = (message: ChatMessage) => {
    messages.push(message);
    transcript.push(message);
  };
  const nodeSignal = AbortSignal.any([spec.signal, run.workSignal]);
  const sizer = new RequestSizer(instructions);
  const compactions = { count: 0 };

  const rootCall = async (purpose: 'root' | 'final_answer', signal: AbortSignal) => {
    await fitWindow(signal);
    const count = messages.length;
    const reply = await run.gateway.call({
      scope,
      modelId: spec.modelId,
      purpose,
      instructions,
      messages,
      signal,
      streamDeltas: true,
      conversation: spec.rlmId,
    });
    sizer.reported(messages, count, reply.usage.inputTokens);
    return reply;
  };

  try {
    while (iteration < maxIterations && !final) {
      if (nodeSignal.aborted) break;
      iteration += 1;
      scope.emit({ type: 'iteration_start', iteration, maxIterations });
      const reply = await rootCall('root', nodeSignal);
      push({ role: 'assistant', content: reply.text });
      const next = iteration + 1;
      let variables: VariableSummary[] | undefined;

      if (reply.text.trim() === '') {
        push({
          role: 'user',
          content: turns.emptyReplyMessage(next, maxIterations, Boolean(reply.reasoning), sandbox.language.fence),
        });
      } else {
        const blocks = extractCodeBlocks(reply.text, sandbox.language);
        if (blocks.length === 0) {
          final = await textualFinal(reply.text, next);
        } else {
          const observations: turns.BlockObservation[] = [];
          let failedCells = 0;
          for (const [index, block] of blocks.entries()) {
            if (final || run.runSignal.aborted) break;
            site = { iteration, blockIndex: index };
            scope.emit({
              type: 'code_block',
              iteration,
              index,
              language: block.fence || block.dialect,
              code: block.code,
            });
            const result = await sandbox.run(block.code, {
              dialect: block.dialect,
              signal: run.runSignal,
              // The observation lists the variables after the turn's last cell.
              listVariablesAfter: index === blocks.length - 1,
            });
            scope.emit({
              type: 'repl_output',
              iteration,
              index,
              ok: result.ok,
              output: result.output,
              modelOutput: result.modelOutput,
              omittedChars: result.omittedChars,
              value: result.value ?? null,
              error: result.error ?? null,
              sessionReset: result.sessionReset,
              durationMs: result.durationMs,
            });
            if (!result.ok) failedCells += 1;
            observations.push({ index, modelOutput: result.modelOutput, omittedChars: result.omittedChars });
          }
          // A turn counts against maxErrors only when every cell that ran failed.
          failingTurns = observations.length > 0 && failedCells === observations.length ? failingTurns + 1 : 0;
          if (!final) {
            push({
              role: 'user',
              content: turns.observationMessage({
                blocks: observations,
                skippedBlocks: blocks.length - observations.length,
                variables: (variables = await sandbox.listVariables()),
                nextIteration: next,
                maxIterations,
                textualFinalIgnored: findTextualFinal(reply.text) !== undefined,
              }),
            });
            if (settings.maxErrors !== null && failingTurns >= settings.maxErrors) errorLimitReached = true;
          }
        }
      }
      scope.emit({ type: 'iteration_end', iteration, ...(variables ? { variables } : {}) });
      if (errorLimitReached) break;
    }
    if (final) return finish(final, 'final');
    return await stopWithoutFinal();
  } catch (error) {
    return await stopWithoutFinal(error);
  } finally {
    await repl.release();
  }

  /** Before each root request: compact earlier turns when the request would pass the threshold of the window. */
  async function fitWindow(signal: AbortSignal): Promise<void> {
    const outcome = await fitConversation(messages, {
      window: settings.contextWindowOf(spec.modelId),
      threshold: settings.compactionThreshold,
      sizer,
      summarise: async (request) => {
        const reply = await run.gateway.call({
          scope,
          modelId: spec.modelId,
          purpose: 'compaction',
          instructions,
          messages: request,
          signal,
        });
        return reply.text;
      },
      describeSummary: (summary, replaced) => turns.compactedSummaryMessage(summary, replaced, earlier.length),
    });
    if (!outcome) return;
    compactions.count += 1;
    await sandbox.defineVariable('history', [
      ...earlier,
      { question: spec.question, answer: null, stopReason: null, messages: transcript },
    ]);
    scope.emit({ type: 'compaction', iteration, ...outcome });
  }

  /** A FINAL line in a reply without code. FINAL_VAR goes through the sandbox's own FINAL_VAR, so it serialises alike. */
  async function textualFinal(text: string, next: number): Promise<Final | undefined> {
    const found = findTextualFinal(text);
    if (!found) {
      push({ role: 'user', content: turns.noCodeMessage(next, maxIterations, sandbox.language.fence) });
      return undefined;
    }
    if (found.kind === 'value') {
      if (!isUndefinedAnswer(found.answer)) return { answer: found.answer, source: 'text' };
      push({ role: 'user', content: turns.finalUndefinedMessage(next, maxIterations) });
      return undefined;
    }
    let captured: Final | undefined;
    const result = await sandbox.run(`FINAL_VAR(${JSON.stringify(found.name)}); undefined`);
    if (final) captured = { answer: final.answer, source: 'text' };
    if (!captured)
      push({
        role: 'user',
        content: turns.finalVarFailedMessage(
          found.name,
          result.error?.message ?? 'the variable could not be read',
          next,
          maxIterations,
        ),
      });
    return captured;
  }

  function stopped(answer: string | null, stopReason: StopReason, error: RlmError | null): NodeResult {
    return { answer, stopReason, iterations: iteration, error, transcript };
  }

  function finish(answer: Final, stopReason: StopReason, error: RlmError | null = null): NodeResult {
    scope.emit({ type: 'final', answer: answer.answer, source: answer.source });
    return stopped(answer.answer, stopReason, error);
  }

  /** Out of iterations, out of budget, too many errors, cancelled or failed: ask once for the best answer when allowed. */
  async function stopWithoutFinal(error?: unknown): Promise<NodeResult> {
    const cause = stopCause(error);
    if (cause.stopReason === 'error')
      scope.emit({
        type: 'error',
        code: cause.error?.code ?? 'internal',
        message: cause.error?.message ?? 'unknown error',
      });
    if (!cause.askForAnswer || run.runSignal.aborted || spec.signal.aborted)
      return stopped(null, cause.stopReason, cause.error);
    push({
      role: 'user',
      content: turns.lastChanceMessage(
        cause.stopReason === 'max_iterations' || cause.stopReason === 'max_errors' ? cause.stopReason : 'budget',
      ),
    });
    try {
      const reply = await rootCall('final_answer', AbortSignal.any([spec.signal, run.runSignal]));
      push({ role: 'assistant', content: reply.text });
      const textual = findTextualFinal(reply.text);
      const answer = textual?.kind === 'value' ? textual.answer : reply.text.trim();
      if (answer === '' || isUndefinedAnswer(answer)) return stopped(null, cause.stopReason, cause.error);
      return finish({ answer, source: 'forced' }, cause.stopReason, cause.error);
    } catch (finalError) {
      return stopped(null, cause.stopReason, cause.error ?? toRlmError(finalError));
    }
  }

  function stopCause(error: unknown): { stopReason: StopReason; askForAnswer: boolean; error: RlmError | null } {
    if (run.runSignal.aborted) {
      const reason = abortError(run.runSignal);
      return { stopReason: reason.code === 'timeout' ? 'timeout' : 'aborted', askForAnswer: false, error: reason };
    }
    const exhausted = run.budget.exhausted;
    if (exhausted) {
      const reason = abortError(run.workSignal);
      if (exhausted === 'time') return { stopReason: 'timeout', askForAnswer: false, error: reason };
      return { stopReason: 'budget', askForAnswer: exhausted === 'subcalls', error: reason };
    }
    if (spec.signal.aborted) return { stopReason: 'aborted', askForAnswer: false, error: abortError(spec.signal) };
    if (error !== undefined) return { stopReason: 'error', askForAnswer: false, error: toRlmError(error) };
    if (errorLimitReached) return { stopReason: 'max_errors', askForAnswer: true, error: null };
    return { stopReason: 'max_iterations', askForAnswer: true, error: null };
  }
}

/** A bare `FINAL(undefined)` line names no answer: it is a mistake to report, not a result. */
function isUndefinedAnswer(answer: string): boolean {
  return answer.trim() === 'undefined';
}

/** The ablation without sub-calls: the functions exist only to say so. */
function disabledSubcalls() {
  const disabled = async () => {
    throw new Error('Sub-calls are disabled in this run: solve it with code alone');
  };
  return { llm_query: disabled, llm_query_batched: disabled, rlm_query: disabled, rlm_query_batched: disabled };
}

function toRlmError(error: unknown): RlmError {
  if (error instanceof RlmError) return error;
  return new RlmError('internal', error instanceof Error ? error.message : String(error), { cause: error });
}

export function summarizeContext(context: SandboxContext | undefined): ContextSummary {
  if (context === undefined || context === null) return { type: 'none', chars: 0, documents: 0, paths: [] };
  if (typeof context === 'string') return { type: 'string', chars: context.length, documents: 1, paths: [] };
  return {
    type: 'documents',
    chars: context.reduce((sum, doc) => sum + doc.content.length, 0),
    documents: context.length,
    paths: context.slice(0, 20).map((doc) => doc.path),
  };
}
