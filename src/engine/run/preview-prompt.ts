import { RlmError } from '../errors.ts';
import { summarizeContext } from '../loop/rlm-node.ts';
import { RLM_RESERVED } from '../loop/sandbox-api.ts';
import { composeNodePrompt } from '../prompt/node-prompt.ts';
import type { SandboxContext } from '../sandbox/index.ts';
import { childTools, describeTools } from '../tools/caller-tools.ts';
import type { ChatMessage, RlmInput } from '../types.ts';
import { normalizeInput } from './rlm-run.ts';
import type { ResolvedSettings } from './run-context.ts';

export interface PromptPreviewOptions {
  context?: SandboxContext | undefined;
  /** 0 is the root; a child RLM (rlm_query) is at 1 and below. Default 0. */
  depth?: number | undefined;
}

export interface PromptPreview {
  /** The system instructions, as sent. */
  instructions: string;
  /** The first messages: earlier chat turns (root only), then the question with the description of the data. */
  messages: ChatMessage[];
}

/**
 * What an RLM of these settings is sent on its first turn, composed by the same code as a run, with the REPL's own
 * language and limits (a session is started to ask it, then disposed). For `rlm prompt`: read and diff the prompt.
 */
export async function previewPrompt(
  settings: ResolvedSettings,
  input: RlmInput,
  options: PromptPreviewOptions = {},
): Promise<PromptPreview> {
  const depth = options.depth ?? 0;
  if (!Number.isInteger(depth) || depth < 0 || depth >= settings.maxDepth)
    throw new RlmError(
      'invalid_config',
      `depth must be a whole number from 0 to maxDepth - 1 (${settings.maxDepth - 1}), got ${depth}`,
    );
  // A child gets its question from the parent's rlm_query and no chat history or system messages.
  const normalized = normalizeInput(input);
  const { question, history, instructions } =
    depth === 0 ? normalized : { question: normalized.question, history: [], instructions: null };
  const session = await settings.createReplSession({ ...settings.sandbox, reserved: RLM_RESERVED });
  try {
    const prompt = composeNodePrompt({
      settings,
      session,
      depth,
      question,
      contexts: [{ name: 'context', context: summarizeContext(options.context) }],
      callerInstructions: instructions,
      tools: await describeTools(depth === 0 ? settings.tools : childTools(settings.tools, settings.subTools)),
    });
    return { instructions: prompt.instructions, messages: [...history, { role: 'user', content: prompt.question }] };
  } finally {
    await session.dispose();
  }
}
