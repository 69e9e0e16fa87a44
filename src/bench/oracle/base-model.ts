// oracle-base: a plain model with a 128k-token window. Given the whole context and the question in one prompt it
// answers perfectly; given more than its window, it says it cannot read it all.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { ScriptedRequest } from '../../scripted-server/index.ts';
import { contextAsText } from '../../engine/internal.ts';
import { SUITES } from '../suites/index.ts';
import type { BenchTask } from '../suites/types.ts';

export const ORACLE_BASE_WINDOW = 128_000;

const contextText = (task: BenchTask) => contextAsText(task.context);

export function createBaseModel(tasks: BenchTask[]): (request: ScriptedRequest) => string {
  return (request) => {
    const prompt = request.messages.map((message) => message.content).join('\n');
    if (prompt.length > ORACLE_BASE_WINDOW * 12 || countTokens(prompt) > ORACLE_BASE_WINDOW)
      return 'I cannot read all of this.';
    // The task whose question the prompt asks and whose whole context the prompt holds.
    const task = tasks.find(
      (candidate) => prompt.includes(`Question: ${candidate.question}`) && prompt.includes(contextText(candidate)),
    );
    if (!task) return 'I do not see a question about the text I was given.';
    return SUITES[task.suite].reference(task);
  };
}
