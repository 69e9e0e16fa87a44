// The exact first turn an RLM is sent, as files under __snapshots__/prompts/ (read them, diff them in review).
// They are produced by previewPrompt, the code a run uses, so a run sends exactly these texts.
import { describe, expect, it } from 'vitest';
import {
  createRlm,
  JAVASCRIPT,
  type PromptPreview,
  type RlmConfig,
  type RlmContext,
  type RlmInput,
} from '../../src/engine/index.ts';
import { composeNodePrompt } from '../../src/engine/prompt/node-prompt.ts';
import { resolverOf } from '../support/engine-helpers.ts';

const QUESTION = 'Which services log the most errors, and since when?';
const LOG = 'ts=2025-01-01T00:00:00Z level=error service=api msg="timeout"\n'.repeat(20_000);
const DOCS: RlmContext = Array.from({ length: 25 }, (_, index) => ({
  path: `services/svc-${String(index).padStart(2, '0')}/README.md`,
  content: `# Service ${index}\n${'Lorem ipsum dolor sit amet. '.repeat(40 + index)}`,
}));

function render(shown: PromptPreview): string {
  const parts = [`=== system ===\n${shown.instructions}`];
  for (const message of shown.messages) parts.push(`=== ${message.role} ===\n${message.content}`);
  return `${parts.join('\n\n')}\n`;
}

async function preview(
  config: Partial<RlmConfig>,
  options: { input?: RlmInput; context?: RlmContext; depth?: number } = {},
): Promise<string> {
  const rlm = createRlm({ model: 'gpt-5', subModel: 'gpt-5-mini', resolveModel: resolverOf({}), ...config });
  const shown = await rlm.previewPrompt(options.input ?? QUESTION, { context: options.context, depth: options.depth });
  return render(shown);
}

const file = (name: string) => `__snapshots__/prompts/${name}.md`;

describe('the first turn of an RLM, exactly', () => {
  it('root, sub-calls as plain calls (maxDepth 1), a string context', async () => {
    await expect(await preview({}, { context: LOG })).toMatchFileSnapshot(file('depth-0-string'));
  });

  it('root that can recurse (maxDepth 2), 25 documents (the listing stops at 20)', async () => {
    await expect(await preview({ maxDepth: 2 }, { context: DOCS })).toMatchFileSnapshot(file('depth-0-recursive-docs'));
  });

  it('a child at depth 1 that cannot recurse further (maxDepth 2)', async () => {
    const text = await preview(
      { maxDepth: 2 },
      { input: 'Count the error lines in this slice.', context: LOG, depth: 1 },
    );
    await expect(text).toMatchFileSnapshot(file('depth-1-leaf'));
  });

  it('a child at depth 1 that can still recurse (maxDepth 3), with documents', async () => {
    const text = await preview({ maxDepth: 3 }, { input: 'Summarise these services.', context: DOCS, depth: 1 });
    await expect(text).toMatchFileSnapshot(file('depth-1-recursive'));
  });

  it('no sub-calls (the ablation) and no context', async () => {
    await expect(await preview({ subcalls: false })).toMatchFileSnapshot(file('no-subcalls-no-context'));
  });

  it('a sub-model with a small window: the stated capacity shrinks with it', async () => {
    const text = await preview({ subModel: 'local-8k', contextWindows: { 'local-8k': 8_192 } }, { context: LOG });
    expect(text).toContain('about 16,000 characters');
    await expect(text).toMatchFileSnapshot(file('small-window'));
  });

  it('a replacement system prompt with appended instructions, and chat system messages', async () => {
    const text = await preview(
      {
        systemPrompt: 'You answer questions about our service logs for the on-call engineer.',
        instructions: 'Answer in French.',
      },
      {
        input: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Is the API healthy?' },
          { role: 'assistant', content: 'Mostly: 3 timeouts today.' },
          { role: 'user', content: QUESTION },
        ],
        context: LOG,
      },
    );
    await expect(text).toMatchFileSnapshot(file('custom-system-prompt'));
  });

  it('a replacement system prompt that opts out of the REPL reference is sent as written', async () => {
    const text = await preview({ systemPrompt: 'Only this.', replReference: false }, { context: 'x' });
    expect(text.split('=== user ===')[0]).toBe('=== system ===\nOnly this.\n\n');
  });

  it('caller tools and several contexts', () => {
    const prompt = composeNodePrompt({
      settings: {
        maxIterations: 30,
        maxDepth: 1,
        subcalls: true,
        subcallCapacityChars: 100_000,
        systemPrompt: null,
        replReference: true,
        instructions: null,
      },
      session: { language: JAVASCRIPT, limits: { outputLimitChars: 20_000 } },
      depth: 0,
      question: QUESTION,
      contexts: [
        { name: 'context', context: { type: 'string', chars: LOG.length, documents: 1, paths: [] } },
        { name: 'context_1', context: { type: 'documents', chars: 48_213, documents: 2, paths: ['a.md', 'b.md'] } },
      ],
      callerInstructions: null,
      tools: [
        {
          name: 'lookup_owner',
          description: 'The team that owns a service.',
          inputShape: '{"type":"object","properties":{"service":{"type":"string"}},"required":["service"]}',
        },
        { name: 'now', description: 'The current time as an ISO string.', inputShape: '{"type":"object"}' },
      ],
    });
    const text = render({ instructions: prompt.instructions, messages: [{ role: 'user', content: prompt.question }] });
    expect(text).toContain(
      "- `await lookup_owner(input)` → the tool's result, from the caller. The team that owns a service.",
    );
    expect(text).toContain('`context_1` is an array of 2 documents');
    return expect(text).toMatchFileSnapshot(file('tools-and-contexts'));
  });
});
