import { formatCost, formatDuration } from '../format.ts';
import type { SubcallView } from '../state/run-state.ts';
import { DocBuilder, type Doc } from './document.ts';
import { formatCount, callsOfSubcall, requestOf } from '../../engine/internal.ts';
import type { InspectorData } from './inspector-data.ts';

export const subcallSections = { prompt: 'prompt', request: 'request', response: 'response', error: 'error' } as const;

/** One sub-call in full: where it was made, its prompt, response, usage, latency, retries, cache and error. */
export function subcallDoc(data: InspectorData, subcall: SubcallView): Doc {
  const doc = new DocBuilder();
  const status =
    subcall.status === 'running'
      ? { text: 'unfinished (the log stops first)', role: 'warn' as const }
      : subcall.status === 'done'
        ? { text: '✓ done', role: 'ok' as const }
        : { text: '✗ failed', role: 'fail' as const };
  doc.line(
    { text: `${subcall.kind} ${subcall.id}`, role: 'subcall' },
    { text: ` · ${subcall.model} · `, role: 'dim' },
    status,
  );
  const batch = subcall.batchId ? (data.view.batches[subcall.batchId] ?? []) : [];
  const where = `${subcall.rlmId} › turn ${subcall.iteration} › cell ${subcall.blockIndex + 1}${subcall.batchId ? ` › batch ${subcall.batchId} item ${batch.indexOf(subcall.id) + 1}/${batch.length}` : ''}`;
  doc.line({ text: 'made in   ', role: 'dim' }, where);
  if (subcall.mode === 'rlm')
    doc.line(
      { text: 'ran as    ', role: 'dim' },
      subcall.childRlmId
        ? `a child RLM (${subcall.childRlmId}): enter opens its iterations`
        : 'a child RLM (not in this log)',
    );
  else if (subcall.kind === 'rlm_query')
    doc.line({ text: 'ran as    ', role: 'dim' }, 'a plain LM call (at the depth limit)');
  doc.line({ text: 'latency   ', role: 'dim' }, subcall.latencyMs === null ? '?' : formatDuration(subcall.latencyMs), {
    text: ` · retries ${subcall.retries} · cached ${subcall.cached ? 'yes' : 'no'}`,
    role: 'plain',
  });
  const usage = subcall.usage;
  doc.line(
    { text: 'usage     ', role: 'dim' },
    `${formatCount(usage.inputTokens)} in · ${formatCount(usage.cachedInputTokens)} cached · ${formatCount(usage.outputTokens)} out${usage.reasoningTokens ? ` (${formatCount(usage.reasoningTokens)} reasoning)` : ''} · ${formatCost(subcall.costUsd)}`,
  );

  doc.blank().section(subcallSections.prompt).heading('prompt', 'accent').text(subcall.prompt);
  const records = callsOfSubcall(data.view, subcall);
  const first = records[0];
  const sent = first ? requestOf(data.view, first.key) : null;
  const sentText = sent ? sent.messages.map((message) => message.content).join('\n') : subcall.prompt;
  if (first && sent && (sentText !== subcall.prompt || sent.instructions !== null)) {
    doc.blank().section(subcallSections.request).heading(`request as sent to ${first.model}`, 'accent');
    if (sent.instructions !== null) doc.heading('system', 'dim').text(sent.instructions);
    for (const message of sent.messages) doc.heading(message.role, 'dim').text(message.content);
  }
  doc.blank().section(subcallSections.response).heading('response', 'accent');
  if (subcall.response !== null) doc.text(subcall.response);
  else if (subcall.status === 'running')
    doc.line({ text: 'no response: the log stops before this call finished', role: 'warn' });
  else doc.line({ text: '(none)', role: 'dim' });
  const reasoning = records.at(-1)?.end?.reasoning;
  if (reasoning) doc.heading('reasoning', 'dim').text(reasoning, 'dim');
  if (subcall.error) doc.blank().section(subcallSections.error).heading('error', 'fail').text(subcall.error, 'fail');
  return doc.build();
}
