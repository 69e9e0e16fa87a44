import { loadConfig } from '../config/load-config.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIO } from '../io.ts';
import { listLogFiles, summarizeLog, type RunSummary } from '../log/find-logs.ts';
import { defaultLogDir } from '../log/log-writer.ts';
import type { RunsFlags } from '../program.ts';
import { firstLine, formatCost, formatDuration } from '../../ui/format.ts';
import { jsonLine } from '../../output/index.ts';

/**
 * `rlm runs`: recent runs, newest first: time, stop reason (or `running` / `interrupted` for a log without its
 * end), cost, duration, models, question.
 */
export async function runsCommand(io: CliIO, flags: RunsFlags): Promise<number> {
  const { config } = loadConfig({ cwd: io.cwd, env: io.env });
  const dir = config.logDir ?? defaultLogDir(io.env);
  const files = listLogFiles(dir).slice(0, flags.limit);
  if (files.length === 0) {
    io.stderr.write(`No runs logged yet in ${dir}\n`);
    return EXIT.ok;
  }
  for (const file of files) {
    const run = summarizeLog(file);
    const when = (run.header ? new Date(run.header.createdAt) : run.modifiedAt)
      .toISOString()
      .replace('T', ' ')
      .slice(0, 19);
    if (run.session) {
      io.stdout.write(sessionLine(run, when, flags.json === true));
      continue;
    }
    if (flags.json) {
      io.stdout.write(
        jsonLine({
          file,
          createdAt: run.header?.createdAt ?? run.modifiedAt.toISOString(),
          question: run.header?.question ?? null,
          model: run.header?.model ?? null,
          subModel: run.header?.subModel ?? null,
          status: run.status,
          stopReason: run.end?.stopReason ?? null,
          costUsd: run.end?.usage.costUsd ?? null,
          durationMs: run.end?.durationMs ?? null,
        }),
      );
      continue;
    }
    const stop = run.end?.stopReason ?? run.status;
    const cost = run.end ? formatCost(run.end.usage.costUsd) : '—';
    const duration = run.end ? formatDuration(run.end.durationMs) : '—';
    io.stdout.write(
      `${when}  ${stop.padEnd(14)} ${cost.padStart(12)} ${duration.padStart(9)}  ${run.header?.model ?? '?'}${run.header && run.header.subModel !== run.header.model ? `/${run.header.subModel}` : ''}  ${firstLine(run.header?.question ?? '(no header)', 60)}\n`,
    );
    io.stdout.write(`    ${file}\n`);
  }
  return EXIT.ok;
}

/** A session (`rlm chat`): how many questions, their total cost and time, the first question. */
function sessionLine(run: RunSummary, when: string, json: boolean): string {
  const session = run.session;
  if (!session) return '';
  if (json)
    return `${JSON.stringify({
      file: run.file,
      createdAt: run.header?.createdAt ?? run.modifiedAt.toISOString(),
      session: true,
      questions: session.questions,
      answered: session.answered,
      question: session.firstQuestion,
      model: run.header?.model ?? null,
      subModel: run.header?.subModel ?? null,
      status: run.status,
      stopReason: run.end?.stopReason ?? null,
      costUsd: session.costUsd,
      durationMs: session.durationMs,
    })}\n`;
  const label = `session ×${session.questions}${run.status === 'finished' ? '' : ` ${run.status}`}`;
  const more = session.questions > 1 ? ` (+${session.questions - 1} more)` : '';
  return `${when}  ${label.padEnd(14)} ${formatCost(session.costUsd).padStart(12)} ${formatDuration(session.durationMs).padStart(9)}  ${run.header?.model ?? '?'}${run.header && run.header.subModel !== run.header.model ? `/${run.header.subModel}` : ''}  ${firstLine(session.firstQuestion ?? '(no question yet)', 50)}${more}\n    ${run.file}\n`;
}
