import { describe, expect, it } from 'vitest';
import { toOfficialJsonl, type OfficialCall, type OfficialIteration } from '../../src/cli/export/official.ts';
import { createRlm } from '../../src/engine/index.ts';
import { resolverOf } from '../support/engine-helpers.ts';
import { mockModel, repl } from '../support/mock-models.ts';
import { loadEvents } from '../ui/support.ts';
import { ITERATION_KEYS, keys, parseJsonl, RUN_METADATA_KEYS } from './official-fields.ts';

const callsOf = (iteration: OfficialIteration): OfficialCall[] =>
  iteration.code_blocks.flatMap((block) => block.result.rlm_calls);

// fixtures/events/depth-2.jsonl: root → rlm_query child r0.1 → rlm_query grandchild r0.1.1 → plain call at the limit.
describe('--export official nests child RLMs like the official logger', () => {
  const [metadata, ...iterations] = parseJsonl(toOfficialJsonl(null, loadEvents('depth-2'))) as [
    Record<string, unknown>,
    ...OfficialIteration[],
  ];

  it('keeps only the root trajectory at the top level', () => {
    expect(metadata.type).toBe('metadata');
    expect(iterations.every((line) => line.type === 'iteration')).toBe(true);
    expect(iterations.map((iteration) => iteration.iteration)).toEqual([1, 2, 3]);
  });

  it("puts a child RLM's run_metadata and iterations under its call's metadata, down to the grandchild", () => {
    const child = callsOf(iterations[1] as OfficialIteration)[0];
    expect(child?.prompt).toBe('Find the vault code in section B');
    expect(keys(child?.metadata)).toEqual(['iterations', 'run_metadata']);
    expect(keys(child?.metadata?.run_metadata)).toEqual(RUN_METADATA_KEYS);
    expect(child?.metadata?.run_metadata).toMatchObject({ root_model: 'sub-model', max_depth: 3 });
    const childIterations = child?.metadata?.iterations ?? [];
    expect(childIterations.length).toBeGreaterThan(0);
    for (const iteration of childIterations) expect(keys(iteration)).toEqual(ITERATION_KEYS);
    expect(childIterations.at(-1)?.final_answer).toBe(child?.response);
    // The child's own reply and prompt, not the root's.
    expect(childIterations[0]?.prompt.at(-1)?.content).toContain('Find the vault code in section B');

    const grandchild = childIterations.flatMap(callsOf).find((call) => call.metadata !== undefined);
    expect(grandchild?.prompt).toBe('Read the digits in the vault');
    const grandchildIterations = grandchild?.metadata?.iterations ?? [];
    expect(grandchildIterations.at(-1)?.final_answer).toBe(grandchild?.response);
    // At the depth limit rlm_query is a plain model call: no nested trajectory.
    const plain = grandchildIterations.flatMap(callsOf);
    expect(plain).toHaveLength(1);
    expect(plain[0]?.metadata).toBeUndefined();
  });

  it("charges a child's whole usage to its call", () => {
    const child = callsOf(iterations[1] as OfficialIteration)[0];
    const summary = child?.usage_summary.model_usage_summaries['sub-model'];
    // root of r0.1, root of r0.1.1 (its turns) and the plain call at the limit.
    expect(summary?.total_calls).toBeGreaterThanOrEqual(3);
    expect(summary?.total_input_tokens).toBe(child?.prompt_tokens);
    expect(child?.prompt_tokens).toBeGreaterThan(0);
  });
});

describe('--export official locals', () => {
  it("holds each variable's summary as the model was shown them after the turn, and the final answer on its block", async () => {
    const root = mockModel(
      [repl('const total = 40 + 2;\nconst names = ["ada", "alan"];\nprint(total)'), repl('FINAL(String(total))')],
      'root',
    );
    const rlm = createRlm({ model: 'root', subModel: 'root', resolveModel: resolverOf({ root }) });
    const result = await rlm.completion('Add them up', { context: 'numbers' });
    expect(result.answer).toBe('42');
    const iterations = parseJsonl(toOfficialJsonl(null, result.trajectory)).slice(1) as unknown as OfficialIteration[];
    const first = iterations[0]?.code_blocks[0]?.result;
    expect(Object.keys(first?.locals ?? {}).toSorted()).toEqual(['names', 'total']);
    expect(first?.locals.total).toMatch(/42/);
    expect(first?.locals.names).toMatch(/array|Array|2/);
    // The model saw the same list in its next prompt.
    const seen = iterations[1]?.prompt.at(-1)?.content ?? '';
    expect(seen).toContain(`total (${first?.locals.total})`);
    expect(first?.final_answer).toBeNull();
    expect(iterations[1]?.code_blocks[0]?.result.final_answer).toBe('42');
  });
});
