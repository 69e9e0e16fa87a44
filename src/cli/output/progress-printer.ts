import type { RlmEvent } from '../../engine/internal.ts';
import { formatCount } from '../../engine/internal-light.ts';
import { firstLine, formatCost, formatDuration, formatTokens } from '../../ui/format.ts';
import type { Styler } from './style.ts';

/** Plain progress lines on stderr, one per notable event: for pipes, CI, and until the TUI takes over. */
export function createProgressPrinter(write: (line: string) => void, style: Styler): (event: RlmEvent) => void {
  const indent = (depth: number) => '  '.repeat(depth);
  return (event) => {
    const pad = indent(event.depth);
    switch (event.type) {
      case 'iteration_start':
        write(
          `${pad}${style('bold', `▸ turn ${event.iteration}/${event.maxIterations}`)}${event.depth > 0 ? style('dim', ` (child ${event.rlmId})`) : ''}`,
        );
        break;
      case 'code_block': {
        const lines = event.code.split('\n').length;
        write(
          `${pad}  ${style('cyan', '⟩')} ${firstLine(event.code, 70)}${lines > 1 ? style('dim', ` (+${lines - 1} lines)`) : ''}`,
        );
        break;
      }
      case 'repl_output':
        if (event.error)
          write(
            // Cancelling restarts the sandbox too, but that is part of the cancel, not news.
            `${pad}  ${style('red', '✗')} ${firstLine(event.error.message, 90)}${event.sessionReset && event.error.kind !== 'aborted' ? style('yellow', ' (sandbox restarted)') : ''}`,
          );
        else
          write(
            `${pad}  ${style('dim', `⟨ ${formatCount(event.output.length)} chars of output in ${formatDuration(event.durationMs)}`)}`,
          );
        break;
      case 'subcall_start':
        if (event.batchId === null)
          write(
            `${pad}  ${style('magenta', event.mode === 'rlm' ? '⤷ rlm_query' : '→ llm_query')} ${style('dim', firstLine(event.prompt, 60))}`,
          );
        else if (event.batchIndex === 0)
          write(
            `${pad}  ${style('magenta', `⇉ ${event.kind === 'rlm_query' ? 'rlm_query_batched' : 'llm_query_batched'} ×${event.batchSize}`)} ${style('dim', event.model)}`,
          );
        break;
      case 'llm_call_retry':
        write(
          `${pad}  ${style('yellow', `↻ retry ${event.attempt} in ${formatDuration(event.delayMs)}`)} ${style('dim', firstLine(event.reason, 70))}`,
        );
        break;
      case 'budget_warning':
        write(`${pad}${style('yellow', `! ${event.limit} budget at ${Math.round((event.used / event.max) * 100)}%`)}`);
        break;
      case 'error':
        write(`${pad}${style('red', `✗ ${event.code}: ${event.message}`)}`);
        break;
      case 'run_end': {
        if (event.depth > 0) break;
        const usage = event.usage.total;
        const mark = event.answer === null ? style('red', '✗') : style('green', '✓');
        write(
          `${mark} ${event.stopReason} after ${formatDuration(event.durationMs)} · ${event.iterations} turns · ${event.subcalls} sub-calls · ` +
            `${formatTokens(usage.inputTokens)} in / ${formatTokens(usage.outputTokens)} out tokens · ${formatCost(event.usage.costUsd)}`,
        );
        break;
      }
      default:
        break;
    }
  };
}
