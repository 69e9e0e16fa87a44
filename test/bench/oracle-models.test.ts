import { describe, expect, it } from 'vitest';
import { oracleScript } from '../../src/bench/oracle/index.ts';
import { CLASSIFY_HEADER, HOP_REPLY_RULE } from '../../src/bench/oracle/protocol.ts';
import { SUITES } from '../../src/bench/suites/index.ts';
import type { MultihopQuery } from '../../src/bench/suites/multihop-docs.ts';
import type { ScriptedRequest } from '../../src/scripted-server/index.ts';

const oolong = SUITES['oolong-lite'].generate({ seed: 2, targetTokens: 8192 });
const multihop = SUITES['multihop-docs'].generate({ seed: 2, targetTokens: 8192 });
const script = oracleScript([oolong, multihop]);

const request = (
  model: string,
  messages: Array<{ role: string; content: string }>,
  system?: string,
): ScriptedRequest => ({
  api: 'chat',
  model,
  stream: false,
  messages: system ? [{ role: 'system', content: system }, ...messages] : messages,
  ...(system ? { system } : {}),
  body: {},
  headers: {},
  index: 0,
});
const text = async (req: ScriptedRequest) => (await script(req)).text ?? '';

describe('oracle-sub', () => {
  it('classifies instance lines by their text, one `n: label` per line', async () => {
    const [[first, firstLabel], [second, secondLabel]] = Object.entries(
      oolong.meta.labelOf as Record<string, string>,
    ) as [[string, string], [string, string]];
    const prompt = `${CLASSIFY_HEADER}\n\n1. ${first}\n2. ${second}\n3. Something it was never shown?`;
    expect(await text(request('oracle-sub', [{ role: 'user', content: prompt }]))).toBe(
      `1: ${firstLabel}\n2: ${secondLabel}\n3: unknown`,
    );
  });

  it('answers a hop from the documents in its prompt, and NONE when they do not say', async () => {
    const { start, hops } = multihop.meta.query as MultihopQuery;
    const chain = multihop.meta.chain as string[];
    const docs = multihop.context as Array<{ path: string; content: string }>;
    const ask = (content: string) =>
      text(
        request('oracle-sub', [
          {
            role: 'user',
            content: `Sub-question [hop:${hops[0]}] [entity:${start}]: Who? ${HOP_REPLY_RULE}\n\n${content}`,
          },
        ]),
      );
    expect(await ask(docs.map((doc) => doc.content).join('\n\n'))).toBe(chain[1]);
    expect(
      await ask(
        docs
          .filter((doc) => !doc.content.includes(`${start} `) || !doc.content.includes(chain[1] ?? ''))
          .map((doc) => doc.content)
          .join('\n'),
      ),
    ).toBe('NONE');
  });
});

describe('oracle-root', () => {
  const system =
    'You answer a question about data you cannot see directly. The data lives in a JavaScript REPL as the variable `context`.';
  const first = {
    role: 'user',
    content: `Question: ${oolong.question}\n\nTurn 1/30. You have not seen the context yet.`,
  };

  it('peeks first, then works in code, turn by turn', async () => {
    expect(await text(request('oracle-root', [first], system))).toMatch(/```repl\nprint\(typeof context/);
    const second = await text(
      request(
        'oracle-root',
        [first, { role: 'assistant', content: 'peek' }, { role: 'user', content: 'Output: …\n\nTurn 2/30.' }],
        system,
      ),
    );
    expect(second).toContain('llm_query_batched');
  });

  it('labels with keyword rules when the run has no sub-calls', async () => {
    const second = await text(
      request(
        'oracle-root',
        [first, { role: 'assistant', content: 'peek' }, { role: 'user', content: 'Turn 2/30.' }],
        `${system}\n- There are no sub-model calls in this run.`,
      ),
    );
    expect(second).toContain('keywordLabel(record.text)');
    expect(second).not.toContain('llm_query');
  });

  it('gives up politely on questions it does not know and on the last-chance message', async () => {
    expect(
      await text(request('oracle-root', [{ role: 'user', content: 'Question: What is love?\n\nTurn 1/30.' }], system)),
    ).toMatch(/^FINAL\(/);
    expect(
      await text(
        request('oracle-root', [first, { role: 'user', content: 'You have used all your turns. Reply now.' }], system),
      ),
    ).toBe('FINAL(unknown)');
  });
});
