import { formatCount, requestOf, type FullRequest, type LlmCallNode } from '../../engine/internal.ts';
import { formatCost, formatDuration, formatTokens } from '../format.ts';
import type { CellView, IterationView } from '../state/run-state.ts';
import { DocBuilder, type Doc } from './document.ts';
import type { InspectorData } from './inspector-data.ts';

/** Section ids, shared with search so a match can scroll to where it is. */
export const sectionIds = {
  request: (call: number) => `request:${call}`,
  reply: (call: number) => `reply:${call}`,
  cell: (cell: number) => `cell:${cell}`,
  output: (cell: number) => `cell:${cell}:output`,
  error: (cell: number) => `cell:${cell}:error`,
};

/**
 * An opened iteration, in full: the exact request of each root call (system instructions and messages), the full
 * reply, then every code cell with its untruncated output, value and error.
 */
export function iterationDoc(data: InspectorData, rlmId: string, iteration: IterationView): Doc {
  const doc = new DocBuilder();
  // Each call's whole request: a version-2 log records only what a root call adds to the previous one.
  const records = iteration.callIds.flatMap((key) => {
    const call = data.view.calls.get(key);
    const request = requestOf(data.view, key);
    return call && request ? [{ call, request }] : [];
  });
  doc.line(
    { text: `${rlmId} · turn ${iteration.iteration}`, role: 'accent' },
    {
      text: ` · ${formatTokens(iteration.usage.inputTokens)} in · ${formatTokens(iteration.usage.outputTokens)} out · ${formatCost(iteration.costUsd)}`,
      role: 'dim',
    },
    ...(iteration.done ? [] : [{ text: ' · unfinished', role: 'warn' as const }]),
  );
  for (const compaction of iteration.compactions)
    doc
      .blank()
      .heading(
        `compaction: ${compaction.replacedMessages} earlier messages replaced by this summary (~${formatTokens(compaction.tokensBefore)} → ~${formatTokens(compaction.tokensAfter)} tokens)`,
        'warn',
      )
      .text(compaction.summary);
  records.forEach((record, index) => addCall(doc, record, index));
  if (records.length === 0 && iteration.reply !== '')
    doc.section(sectionIds.reply(0)).heading('reply').text(iteration.reply);
  for (const cell of iteration.cells) addCell(doc, cell, data);
  return doc.build();
}

function addCall(doc: DocBuilder, record: { call: LlmCallNode; request: FullRequest }, index: number): void {
  const { call, request } = record;
  const end = call.end;
  const what =
    call.purpose === 'final_answer'
      ? 'final-answer request'
      : call.purpose === 'compaction'
        ? 'compaction request'
        : 'request';
  doc
    .blank()
    .section(sectionIds.request(index))
    .heading(
      `${what} to ${call.model} (${request.messages.length + (request.instructions ? 1 : 0)} messages)`,
      'accent',
    );
  if (request.instructions !== null)
    doc
      .section(`${sectionIds.request(index)}:system`)
      .heading('system', 'dim')
      .text(request.instructions);
  request.messages.forEach((message, position) =>
    doc
      .section(`${sectionIds.request(index)}:${position}`)
      .heading(message.role, 'dim')
      .text(message.content),
  );
  doc.blank().section(sectionIds.reply(index));
  if (!end) {
    doc.heading('reply', 'accent').line({ text: 'no reply: the log stops before this call finished', role: 'warn' });
    return;
  }
  const facts = [
    `${formatTokens(end.usage.inputTokens)} in`,
    `${formatTokens(end.usage.cachedInputTokens)} cached`,
    `${formatTokens(end.usage.outputTokens)} out`,
    formatCost(end.costUsd),
    formatDuration(end.latencyMs),
  ];
  if (end.retries > 0) facts.push(`${end.retries} retries`);
  if (end.cached) facts.push('cached');
  if (end.finishReason) facts.push(`finish: ${end.finishReason}`);
  doc.heading(`reply · ${facts.join(' · ')}`, 'accent');
  if (end.reasoning) doc.heading('reasoning', 'dim').text(end.reasoning, 'dim').heading('text', 'dim');
  doc.text(end.text);
  if (end.error) doc.line({ text: `error ${end.error.code}: ${end.error.message}`, role: 'fail' });
}

function addCell(doc: DocBuilder, cell: CellView, data: InspectorData): void {
  const output = cell.result;
  const status =
    cell.status === 'running'
      ? { text: 'no output: the log stops here', role: 'warn' as const }
      : cell.status === 'error'
        ? { text: '✗ error', role: 'fail' as const }
        : { text: '✓', role: 'ok' as const };
  doc
    .blank()
    .section(sectionIds.cell(cell.index))
    .line(
      { text: `── cell ${cell.index + 1} `, role: 'heading' },
      { text: cell.labels.map((label) => `[${label}]`).join(' '), role: 'label' },
      ' ',
      status,
      { text: cell.durationMs === null ? '' : ` ${formatDuration(cell.durationMs)}`, role: 'dim' },
      { text: cell.subcallIds.length > 0 ? ` · ${cell.subcallIds.length} sub-calls` : '', role: 'subcall' },
      { text: ' ──', role: 'heading' },
    );
  doc.code(cell.code);
  for (const call of cell.toolCallIds.flatMap((id) => data.view.tools[id] ?? [])) {
    doc.line(
      { text: `tool ${call.name}`, role: 'subcall' },
      {
        text: ` ${call.status}${call.durationMs === null ? '' : ` · ${formatDuration(call.durationMs)}`}`,
        role: 'dim',
      },
    );
    doc.heading('input', 'dim').text(JSON.stringify(call.input, null, 2) ?? 'undefined');
    if (call.error) doc.line({ text: `error: ${call.error}`, role: 'fail' });
    else doc.heading('output', 'dim').text(JSON.stringify(call.output, null, 2) ?? 'undefined');
  }
  if (!output) return;
  doc.section(sectionIds.output(cell.index)).heading('output', 'dim').text(output.output);
  if (output.omittedChars > 0)
    doc.line({
      text: `(the model saw this with ${formatCount(output.omittedChars)} characters omitted)`,
      role: 'warn',
    });
  if (output.value !== null) doc.line({ text: '⇒ ', role: 'dim' }, output.value);
  if (output.sessionReset) doc.line({ text: 'the sandbox was restarted: earlier variables are gone', role: 'warn' });
  if (output.error) {
    doc.section(sectionIds.error(cell.index)).line({
      text: `${output.error.name} (${output.error.kind})${output.error.line ? ` at line ${output.error.line}` : ''}:`,
      role: 'fail',
    });
    doc.text(output.error.message, 'fail');
  }
}
