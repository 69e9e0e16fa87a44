// The wording the oracle root policy uses for sub-calls and child RLMs, and that the oracle sub-model and child
// policies recognise. Plain text, as a real model would receive it.
import { LABELS } from '../suites/oolong/instances.ts';

export const CLASSIFY_HEADER = `Classify every instance line of this chunk into one of the six labels: ${LABELS.join(', ')}. Each instance is a question; its label is the type of answer it asks for. Reply with one \`line-number: label\` per line and nothing else.`;

export const HOP_REPLY_RULE =
  'Read the documents and reply with only the answer (a name or a year), or NONE if they do not say.';

/** `Sub-question [hop:employer] [entity:Marta Koval]: …` — one hop of a multihop chain, about the text that follows. */
export const HOP_PATTERN = /^Sub-question \[hop:(\w+)\] \[entity:([^\]]+)\]/;

export const TALLY_PREFIX = 'Sub-task [tally]';

/** The child RLM's question in rlm-d2 runs of oolong-lite and pairs-lite: a per-user, per-label count of its part. */
export function tallySubtask(window: { from: string; to: string } | null): string {
  const scope = window ? ` Count only instances dated from ${window.from} to ${window.to} (ISO dates, inclusive).` : '';
  return `${TALLY_PREFIX} ${JSON.stringify({ window })}: classify every instance line of your context into the six labels (${LABELS.join(', ')}) and count the instances per user id and label.${scope} Reply with only a JSON object {"<user id>": {"<label>": count}}.`;
}

export function parseTallySubtask(question: string): { window: { from: string; to: string } | null } | null {
  if (!question.startsWith(TALLY_PREFIX)) return null;
  const json = /^Sub-task \[tally\] (\{.*?\}):/.exec(question)?.[1];
  if (!json) return null;
  try {
    return JSON.parse(json) as { window: { from: string; to: string } | null };
  } catch {
    return null;
  }
}
