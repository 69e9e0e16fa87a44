import { writeFileSync } from 'node:fs';
import {
  describeLogProblems,
  indexTrajectory,
  summarizeTrajectory,
  type LogHeader,
  type RlmEvent,
} from '../../engine/internal.ts';
import { firstLine, formatCost, formatDuration, formatTokens } from '../../ui/format.ts';
import { envValue, loadConfig } from '../config/load-config.ts';
import { EXIT } from '../exit-codes.ts';
import { toMarkdown } from '../export/markdown.ts';
import { toOfficialJsonl } from '../export/official.ts';
import type { CliIO } from '../io.ts';
import { readLog, resolveLogArgument } from '../log/find-logs.ts';
import { defaultLogDir } from '../log/log-writer.ts';
import type { ViewFlags } from '../program.ts';
import { escapeJsonControls } from '../../output/index.ts';

/** `rlm view [log|last]`: the interactive inspector on a terminal, a readable summary otherwise, or an export. */
export async function viewCommand(io: CliIO, argument: string, flags: ViewFlags): Promise<number> {
  const { config } = loadConfig({ cwd: io.cwd, env: io.env });
  const file = resolveLogArgument(argument, config.logDir ?? defaultLogDir(io.env), io.cwd);
  const log = readLog(file);
  for (const note of describeLogProblems(file, log.problems)) io.stderr.write(`note: ${note}\n`);

  if (flags.export) {
    // Logs are written redacted; this also covers logs from before a secret was known (URL credentials).
    const text = io.redact(
      flags.export === 'official'
        ? escapeJsonControls(toOfficialJsonl(log.header, log.events))
        : toMarkdown(log.header, log.events),
    );
    if (flags.out) {
      writeFileSync(flags.out, text);
      io.stderr.write(`wrote ${flags.out}\n`);
    } else {
      io.stdout.write(text);
    }
    return EXIT.ok;
  }

  if (io.stdout.isTTY) {
    const { renderInspector } = await import('../../ui/index.ts');
    await renderInspector({
      file,
      header: log.header,
      events: log.events,
      partial: log.partial,
      stdout: io.stdout,
      stdin: io.stdin,
      stderr: io.stderr,
      color: !envValue(io.env, 'NO_COLOR'),
    });
    return EXIT.ok;
  }
  io.stdout.write(await textSummary(file, log.header, log.events, log.partial));
  return EXIT.ok;
}

/** What `rlm view` prints when stdout is not a terminal: the run at a glance, one line per turn. */
export async function textSummary(
  file: string,
  header: LogHeader | null,
  events: RlmEvent[],
  partial: boolean,
): Promise<string> {
  const index = indexTrajectory(events);
  const summary = summarizeTrajectory(index);
  const current = index.questions.at(-1);
  const lines = [
    `${file}${partial ? '  (partial: the run did not finish)' : ''}`,
    `question: ${header?.question || summary.question || '?'}`,
    `models:   root ${header?.model ?? current?.model ?? '?'} · sub ${header?.subModel ?? current?.subModel ?? '?'}`,
    `result:   ${summary.stopReason ?? 'incomplete'} · ${summary.iterations} turns · ${summary.subcalls} sub-calls · ${formatTokens(summary.usage.total.inputTokens)} in / ${formatTokens(summary.usage.total.outputTokens)} out · ${formatCost(summary.usage.costUsd)}${summary.durationMs === null ? '' : ` · ${formatDuration(summary.durationMs)}`}`,
    `cost:     ${Object.entries(summary.usage.byDepth)
      .map(([depth, entry]) => `depth ${depth} ${formatCost(entry.costUsd)} (${entry.calls} calls)`)
      .join(' · ')}`,
    `          ${Object.entries(summary.usage.byModel)
      .map(([model, entry]) => `${model} ${formatCost(entry.costUsd)} (${entry.calls} calls)`)
      .join(' · ')}`,
    '',
  ];
  const several = index.questions.length > 1;
  for (const [position, question] of index.questions.entries()) {
    if (several) lines.push(`question ${position + 1}: ${firstLine(question.question, 200)}`);
    for (const iteration of index.rlms[question.rootRlmId]?.iterations ?? []) {
      const labels = [...new Set(iteration.cells.flatMap((cell) => cell.labels))]
        .map((label) => `[${label}]`)
        .join(' ');
      const subcalls = iteration.cells.reduce((sum, cell) => sum + cell.subcallIds.length, 0);
      lines.push(
        `turn ${String(iteration.iteration).padStart(2)}  ${labels.padEnd(30)} ${String(subcalls).padStart(5)} sub-calls  ${formatTokens(iteration.usage.inputTokens)} in · ${formatTokens(iteration.usage.outputTokens)} out · ${formatCost(iteration.costUsd)}`,
      );
    }
    // The last question's answer closes the summary; the earlier ones follow their turns.
    if (several && position < index.questions.length - 1)
      lines.push(answerBlock(question.answer).replace(/^answer:/, `answer ${position + 1}:`), '');
  }
  lines.push('', answerBlock(summary.answer), '');
  if (summary.error) lines.push(`error: ${summary.error.code}: ${summary.error.message}`, '');
  return lines.join('\n');
}

/** The whole answer: a one-line answer after its label, a longer one below it, never cut. */
function answerBlock(answer: string | null): string {
  if (answer === null) return 'answer: (none)';
  return answer.includes('\n') ? `answer:\n${answer.replace(/\n+$/, '')}` : `answer: ${answer}`;
}
