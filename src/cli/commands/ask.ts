import { readFileSync } from 'node:fs';
import {
  formatCount,
  createProviderResolver,
  createReplayResolver,
  createRlm,
  describeLogProblems,
  parseLog,
  type ModelResolver,
  type RlmResult,
} from '../../engine/internal.ts';
import { envValue, providerSettings, userConfigPath } from '../config/load-config.ts';
import type { FileConfig } from '../config/schema.ts';
import { countContextTokens, estimateContextTokens, type TokenCount } from '../context/count-tokens.ts';
import { loadContext, type LoadedContext } from '../context/load-context.ts';
import { CliError, ERROR_PREFIX, EXIT, exitCodeForRun, usageError } from '../exit-codes.ts';
import type { CliIO, StopCause } from '../io.ts';
import { defaultLogDir } from '../log/log-writer.ts';
import { describeLogFailure, openLogFromFlags } from '../log/open-run-log.ts';
import { formatBytes, formatTokens } from '../../ui/format.ts';
import { toJsonResult } from '../output/json-result.ts';
import { createProgressPrinter } from '../output/progress-printer.ts';
import { makeStyler } from '../output/style.ts';
import { tuneForRun } from '../run-tuning.ts';
import { discardLiveView } from '../../ui/live-view/view-process.ts';
import { openKeyboard } from '../terminal-input.ts';
import { jsonLine, redactedSource } from '../../output/index.ts';
import type { AskFlags } from '../program.ts';
import { checkModelAccess, contextSelection, resolveAskSettings, type RunSettings } from './ask-settings.ts';
import { checkCostLimitPrices } from './cost-limit.ts';
import { estimate, estimateText } from './estimate.ts';
import { loadRunSetup } from './run-setup.ts';

/** `rlm ask`: load config and context, run the engine, print the answer; returns the exit code. */
export async function askCommand(io: CliIO, words: string[], flags: AskFlags): Promise<number> {
  const { config, secrets, files, settings, promptTexts } = loadRunSetup(io, flags, (fileConfig) =>
    resolveAskSettings(words, flags, fileConfig),
  );
  const useTui = settings.output === 'text' && !flags.quiet && !flags.estimate && io.stdout.isTTY;
  // The live view's process started at the CLI's start on the words alone (early-live-view.ts): a run that will not
  // show it ends it now.
  if (!useTui) discardLiveView();
  const style = makeStyler(io.stderr);
  const warn = (line: string) => io.stderr.write(`${io.redact(line)}\n`);
  // -q: nothing on stderr but failures; the answer alone on stdout.
  const info = flags.quiet ? () => undefined : warn;

  const replay = flags.replay ? readReplay(flags.replay) : undefined;
  if (replay) {
    for (const note of describeLogProblems(flags.replay ?? '', replay.problems)) warn(`note: ${note}`);
    settings.model ??= replay.header?.model;
    settings.subModel ??= replay.header?.subModel;
  }
  if (!flags.estimate && !replay) checkModelAccess(settings, secrets);
  if (!flags.estimate)
    checkCostLimitPrices({
      maxCostUsd: settings.maxCostUsd,
      source: flags.maxCost === undefined ? 'maxCostUsd' : '--max-cost',
      models: [settings.model, settings.subModel].filter((id): id is string => id !== undefined),
      prices: config.prices,
      configFile: files.at(-1) ?? userConfigPath(io.env),
    });

  const specs = flags.context?.length ? flags.context : io.stdinIsTTY ? [] : ['-'];
  if (specs.length === 0)
    throw usageError('No context: pass --context <file|dir|glob> (repeatable) or pipe data on stdin');
  const loaded = await loadContext({
    cwd: io.cwd,
    specs,
    readStdin: io.readStdin,
    stdinIsTTY: io.stdinIsTTY,
    // Shown even with -q: it explains why rlm is waiting at a terminal, it is not progress.
    notice: (line) => warn(style('dim', line)),
    ...contextSelection(settings, flags),
  });
  // Exact counts only where they are promised: the tokenizer costs ~0.4 s to load, the estimate milliseconds.
  const tokens = flags.estimate ? await countContextTokens(loaded.context) : estimateContextTokens(loaded.context);
  info(style('dim', contextSummaryLine(loaded, tokens)));
  for (const skipped of loaded.skipped.slice(0, 10))
    info(style('dim', `  skipped ${skipped.path} (${skipped.reason}${skipped.detail ? `: ${skipped.detail}` : ''})`));
  if (loaded.skipped.length > 10) info(style('dim', `  … and ${loaded.skipped.length - 10} more skipped`));
  if (loaded.repaired.length > 0)
    info(
      style(
        'dim',
        `  invalid UTF-8 replaced in ${loaded.repaired.slice(0, 5).join(', ')}${loaded.repaired.length > 5 ? ', …' : ''}`,
      ),
    );

  if (flags.estimate) {
    const report = estimate({
      loaded,
      tokens,
      model: settings.model,
      subModel: settings.subModel ?? settings.model,
      maxIterations: settings.maxIterations ?? 30,
      models: config,
    });
    io.stdout.write(settings.output === 'text' ? `${estimateText(report)}\n` : `${JSON.stringify(report)}\n`);
    return EXIT.ok;
  }

  const model = settings.model ?? 'replay';
  const subModel = settings.subModel ?? model;
  const resolveModel: ModelResolver = replay
    ? createReplayResolver(replay.events, { mode: flags.replayMode })
    : createProviderResolver(providerSettings(secrets, settings));
  // The log opens before the run starts: a log that cannot be written must stop us before any model is paid for.
  const runId = crypto.randomUUID();
  const log = openLogFromFlags({
    flag: flags.log,
    logDir: config.logDir ?? defaultLogDir(io.env),
    id: runId,
    settings,
    loaded,
    tokens,
    model,
    subModel,
    replayOf: flags.replay,
    redact: io.redact,
    // Said at once in plain mode; the live view would be overdrawn, so it hears at the end.
    onFailure: (description) => {
      if (!useTui) warn(style('red', `${ERROR_PREFIX}${description}`));
    },
  });
  const rlm = createRlm({
    ...engineConfig(settings, config, model, subModel, resolveModel),
    ...promptTexts,
    generateId: () => runId,
  });
  tuneForRun();
  const run = rlm.start(settings.question, { context: loaded.context });
  // What every consumer sees: the run's events with secrets redacted, streamed deltas included.
  const events = redactedSource(run, io.redactor);

  events.subscribe((event) => log?.write(event));
  let stoppedBy: StopCause | undefined;
  // q in the live view stops like Ctrl-C (same exit code) but says which key it was.
  const stop = (cause: StopCause, reason: string = STOP_REASONS[cause]) => {
    stoppedBy ??= cause;
    if (cause === 'SIGINT' && !tui)
      info(style('yellow', 'Interrupted: cancelling every in-flight call… (press Ctrl-C again to force quit)'));
    if (cause === 'SIGTERM') info(style('yellow', 'Terminated (SIGTERM): cancelling every in-flight call…'));
    run.abort(reason);
  };
  // Keys come from the terminal even when the context arrives on a piped stdin.
  const keyboard = useTui ? openKeyboard(io.stdin) : null;
  const tui = useTui
    ? await (
        await import('../../ui/live-view/index.ts')
      ).renderRun({
        source: events,
        context: { files: loaded.files, bytes: loaded.bytes, tokens: tokens.tokens },
        stdout: io.stdout,
        stdin: keyboard?.stream ?? io.stdin,
        stderr: io.stderr,
        color: !envValue(io.env, 'NO_COLOR'),
        logFile: log ? io.redact(log.path) : null,
        env: io.env,
        onAbort: (key) => stop('SIGINT', key === 'q' ? 'Cancelled by the user (q)' : STOP_REASONS.SIGINT),
        onForceQuit: () => {
          keyboard?.close();
          events.flush();
          io.exit(EXIT.interrupted);
        },
      })
    : undefined;
  const toStdout = (text: string) => {
    if (!io.isStdoutClosed()) io.stdout.write(text);
  };
  if (settings.output === 'stream-json') events.subscribe((event) => toStdout(jsonLine(event)));
  else if (!tui && !flags.quiet) events.subscribe(createProgressPrinter(info, style));

  const stopInterrupt = io.onInterrupt(stop);
  const result = io.redactor.value(
    await run.result.finally(() => {
      stopInterrupt();
      // Events reach the log and the printers a moment after the engine emits them: all of them, before the end.
      events.flush();
      log?.close();
    }),
  );
  const logFailure = log?.failure ?? null;
  const exitCode = runExitCode(result, stoppedBy, logFailure !== null);
  // The view shows the answer and the log path; should it have been lost mid-run, they are printed as without it.
  const shown = tui ? await tui.finish() : false;
  keyboard?.close();
  if (tui && log && logFailure) warn(style('red', `${ERROR_PREFIX}${describeLogFailure(log.path, logFailure)}`));
  if (shown) return exitCode;

  const json = toJsonResult(result, log?.path ?? null, logFailure);
  if (settings.output === 'json') toStdout(jsonLine(json));
  else if (settings.output === 'stream-json') toStdout(jsonLine({ type: 'result', ...json }));
  else if (result.answer !== null) toStdout(`${result.answer}\n`);
  if (result.answer === null && result.error && stoppedBy !== 'stdout_closed')
    warn(style('red', `${ERROR_PREFIX}no answer: ${result.error.message}`));
  // Where to look is part of a failure report, so -q keeps it then.
  if (log)
    (logFailure || result.answer === null ? warn : info)(
      style('dim', `log: ${log.path}${logFailure ? ' (incomplete)' : ''}`),
    );
  return exitCode;
}

/** How a run stopped from outside is recorded in its log (`run_end.error.message`). */
const STOP_REASONS: Record<StopCause, string> = {
  SIGINT: 'Interrupted by the user (Ctrl-C)',
  SIGTERM: 'Terminated (SIGTERM)',
  stdout_closed: 'stdout was closed by its reader: the run was stopped',
};

/** An answer is success unless its record is incomplete; a run stopped from outside exits with that stop's status. */
function runExitCode(result: RlmResult, stoppedBy: StopCause | undefined, logIncomplete: boolean): number {
  const code = exitCodeForRun(result.answer, result.stopReason, result.error?.code ?? null);
  if (result.stopReason === 'aborted' && stoppedBy === 'SIGTERM') return EXIT.terminated;
  if (result.stopReason === 'aborted' && stoppedBy === 'stdout_closed') return EXIT.brokenPipe;
  if (code === EXIT.ok && logIncomplete) return EXIT.logIncomplete;
  return code;
}

export function engineConfig(
  settings: RunSettings,
  config: FileConfig,
  model: string,
  subModel: string,
  resolveModel: ModelResolver,
) {
  const defined = <T extends object>(value: T) =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    model,
    subModel,
    resolveModel,
    ...defined({
      maxIterations: settings.maxIterations,
      maxErrors: settings.maxErrors,
      rootContextWindow: settings.contextWindow,
      compactionThreshold: settings.compactionThreshold,
      maxDepth: settings.maxDepth,
      maxCostUsd: settings.maxCostUsd,
      maxTokens: settings.maxTokens,
      maxSubcalls: settings.maxSubcalls,
      timeoutMs: settings.timeoutMs,
      callTimeoutMs: settings.callTimeoutMs,
      firstByteTimeoutMs: settings.firstByteTimeoutMs,
      concurrency: settings.concurrency,
      prices: config.prices,
      contextWindows: config.contextWindows,
      sandbox: config.sandbox,
      retry: config.retry,
    }),
  };
}

function readReplay(file: string): Pick<ReturnType<typeof parseLog>, 'header' | 'events' | 'problems'> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw usageError(`--replay ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const parsed = parseLog(text);
  if (!parsed.header && parsed.events.length === 0) throw usageError(`--replay ${file}: not an rlm trajectory log`);
  if (!parsed.events.some((event) => event.type === 'llm_call_end'))
    throw new CliError('invalid_input', `--replay ${file}: the log holds no model calls to replay`, EXIT.usage);
  return { header: parsed.header, events: parsed.events, problems: parsed.problems };
}

export function contextSummaryLine(loaded: LoadedContext, tokens: TokenCount): string {
  const skipped = loaded.skipped.length > 0 ? ` · ${loaded.skipped.length} skipped` : '';
  const files = `${formatCount(loaded.files)} file${loaded.files === 1 ? '' : 's'}`;
  const counted = tokens.encoding === 'o200k_base' ? ` (${tokens.encoding})` : '';
  return `context: ${files} · ${formatBytes(loaded.bytes)} · ${tokens.estimated ? '≈' : ''}${formatTokens(tokens.tokens)} tokens${counted}${skipped}`;
}
