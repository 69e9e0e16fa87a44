import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO = fileURLToPath(new URL('../../fixtures/demo/run.jsonl', import.meta.url));
export const DEMO_DIR = path.dirname(DEMO);

/**
 * The shipped demo log with fields of the wrong type, as a hand edit or another tool could leave it: the final
 * answer an object (what crashed the inspector with React error #31), the first root reply an object, the second
 * cell's code a number, one line an array, and the last line cut mid-write. Returns the text and the numbers of
 * the lines that were broken.
 */
export function brokenDemoLog(): { text: string; broken: number[] } {
  const lines = readFileSync(DEMO, 'utf8').trimEnd().split('\n');
  const broken: number[] = [];
  const edit = (
    find: (record: Record<string, unknown>) => boolean,
    change: (record: Record<string, unknown>) => void,
  ) => {
    const index = lines.findIndex((line) => find(JSON.parse(line) as Record<string, unknown>));
    const record = JSON.parse(lines[index] ?? '{}') as Record<string, unknown>;
    change(record);
    lines[index] = JSON.stringify(record);
    broken.push(index + 1);
  };
  edit(
    (record) => record.type === 'final',
    (record) => (record.answer = { text: 'Config v418' }),
  );
  edit(
    (record) => record.type === 'llm_call_end' && record.purpose === 'root',
    (record) => (record.text = { reply: 'hi' }),
  );
  let blocks = 0;
  edit(
    (record) => record.type === 'code_block' && ++blocks === 2,
    (record) => (record.code = 42),
  );
  lines.splice(3, 0, '[1, 2, 3]');
  broken.forEach((line, position) => (broken[position] = line >= 4 ? line + 1 : line));
  broken.push(4);
  lines.push('{"type":"run_end","stopReason":"fin');
  broken.push(lines.length);
  return { text: `${lines.join('\n')}\n`, broken: broken.toSorted((a, b) => a - b) };
}
