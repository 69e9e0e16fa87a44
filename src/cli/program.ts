import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT_CODES_HELP } from './exit-codes.ts';
import { VERSION } from './version.ts';

/** Raw `rlm ask` options as commander parses them. */
export interface AskFlags {
  context?: string[];
  model?: string;
  subModel?: string;
  baseUrl?: string;
  maxIterations?: number;
  maxErrors?: number;
  contextWindow?: number;
  maxDepth?: number;
  maxCost?: number;
  maxTokens?: number;
  maxSubcalls?: number;
  timeout?: number;
  callTimeout?: number;
  firstByteTimeout?: number;
  concurrency?: number;
  include?: string[];
  exclude?: string[];
  gitignore: boolean;
  hidden?: boolean;
  maxContextBytes?: number;
  maxFileBytes?: number;
  json?: boolean;
  streamJson?: boolean;
  quiet?: boolean;
  log?: string | boolean;
  replay?: string;
  replayMode: 'strict' | 'sequential';
  estimate?: boolean;
  systemPromptFile?: string;
  instructions?: string;
  replReference?: boolean;
}

/** `rlm chat` takes ask's model and limit flags (limits per question) plus limits over the whole session. */
export interface ChatFlags extends AskFlags {
  sessionMaxCost?: number;
  sessionMaxTokens?: number;
}

export interface ViewFlags {
  export?: 'official' | 'markdown';
  out?: string;
}

export interface RunsFlags {
  limit: number;
  json?: boolean;
}

export interface BenchFlags {
  suite: string;
  lengths: string;
  seeds: number;
  methods: string;
  model?: string;
  subModel?: string;
  baseUrl?: string;
  concurrency?: number;
  out?: string;
  oracle?: boolean;
  maxIterations?: number;
  maxCost?: number;
}

export interface ModelsFlags {
  json?: boolean;
}

/** `rlm prompt`: the instructions a run would send. */
export interface PromptCommandFlags {
  context?: string[];
  depth: number;
  maxDepth?: number;
  maxIterations?: number;
  model?: string;
  subModel?: string;
  include?: string[];
  exclude?: string[];
  gitignore: boolean;
  hidden?: boolean;
  systemPromptFile?: string;
  instructions?: string;
  replReference?: boolean;
  json?: boolean;
}

/** What each command does; the program only declares flags and hands parsed values over. */
export interface CommandActions {
  ask: (words: string[], flags: AskFlags) => Promise<void>;
  chat: (flags: ChatFlags) => Promise<void>;
  view: (log: string, flags: ViewFlags) => Promise<void>;
  runs: (flags: RunsFlags) => Promise<void>;
  bench: (flags: BenchFlags) => Promise<void>;
  models: (ids: string[], flags: ModelsFlags) => Promise<void>;
  prompt: (words: string[], flags: PromptCommandFlags) => Promise<void>;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function integer(min: number) {
  return (value: string) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min)
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got "${value}"`);
    return parsed;
  };
}

function positiveNumber(value: string) {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return parsed;
}

function nonNegativeNumber(value: string) {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError(`expected a number ≥ 0, got "${value}"`);
  return parsed;
}

/** `10mb`, `512k`, `2GB` or plain bytes. */
function byteSize(value: string) {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb)?$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`expected a size like 50mb or 1gb, got "${value}"`);
  const unit = (match[2] ?? 'b').toLowerCase()[0] ?? 'b';
  const scale = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit] ?? 1;
  return Math.round(Number(match[1]) * scale);
}

const ASK_EXAMPLES = `
Examples:
  $ rlm ask --context ./repo "where is the retry policy configured?"
  $ kubectl logs deploy/api | rlm ask "which request ids failed and why?"
  $ rlm ask -c 'logs/**/*.log' -c notes.md --max-cost 0.50 "summarise the incidents"
  $ rlm ask --base-url http://localhost:11434/v1 -m llama3.1 -c ./docs "what does the API rate-limit?"
  $ rlm ask --replay fixtures/demo/run.jsonl -c fixtures/demo/service.log "what caused the outage?"
  $ rlm ask --estimate -c ./repo "how big is this?"

Models: provider:name (openai:gpt-5-mini, anthropic:claude-sonnet-4-5, google:gemini-2.5-flash,
openrouter:vendor/model) or a bare name. With --base-url or RLM_BASE_URL, bare names go to that
OpenAI-compatible server (no key needed). "rlm models" lists windows and prices.
Environment: OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_GENERATIVE_AI_API_KEY, OPENROUTER_API_KEY, RLM_API_KEY;
endpoints OPENAI_BASE_URL, ANTHROPIC_BASE_URL, GOOGLE_BASE_URL, OPENROUTER_BASE_URL, RLM_BASE_URL;
RLM_MODEL, RLM_SUB_MODEL, NO_COLOR.
Config: ~/.config/rlm/config.json, then .rlm.json up to the git root; flags win.

${EXIT_CODES_HELP}`;

const TOP_EXAMPLES = `
Examples:
  $ rlm ask -c ./repo "where is the retry policy configured?"
  $ cat big.log | rlm ask -m openai:gpt-5-mini "which request ids failed?"
  $ rlm runs                      # recent runs, newest first
  $ rlm view last                 # inspect the latest run (a text summary when piped)
  $ rlm bench --oracle            # the benchmark harness, offline

Run rlm <command> --help for a command's options and examples.`;

const VIEW_EXAMPLES = `
Examples:
  $ rlm view                                   # the latest run, interactively
  $ rlm view last | less                       # a text summary with the whole answer
  $ rlm view ~/.local/state/rlm/runs/2026-05-01_10-00-00_1a2b3c4d.jsonl
  $ rlm view last --export markdown -o run.md  # a readable report
  $ rlm view last --export official            # the official RLM visualizer's JSONL

Keys: ↑/↓ or j/k move · enter open · esc/backspace back · / search · c cost breakdown · q quit`;

const BENCH_EXAMPLES = `
Examples:
  $ rlm bench --oracle                                        # offline: built-in oracle models, proves the harness
  $ rlm bench -m openai:gpt-5-mini --lengths 8k,32k,131k --seeds 3
  $ rlm bench --base-url http://localhost:8000/v1 -m qwen3 --suite sniah --methods base,rlm,rlm-no-sub
  $ rlm bench -m openai:gpt-5 --sub-model openai:gpt-5-mini --max-cost 0.50 --out results/

Results (JSON, a markdown table and an SVG chart) go to --out, default ./rlm-bench/<timestamp>.`;

/** The model and limit flags `rlm ask` and `rlm chat` share. */
/** The root's instructions, for `ask` and `chat` alike (`rlm prompt` shows what they produce). */
function withPromptOptions(command: Command): Command {
  return command
    .option('--system-prompt-file <path>', "replace the root's instructions with this file's text (see rlm prompt)")
    .option('--no-repl-reference', 'with --system-prompt-file: do not append the REPL reference to it')
    .option('--instructions <text|@file>', 'append these instructions (or a file: @path) to the prompt');
}

function withRunOptions(command: Command): Command {
  return command
    .option('-m, --model <id>', 'root model, e.g. openai:gpt-5-mini')
    .option('--sub-model <id>', 'model for llm_query and child RLMs (default: the root model)')
    .option('--base-url <url>', 'OpenAI-compatible server (Chat Completions), e.g. http://localhost:8000/v1')
    .option('--max-iterations <n>', 'root turns per RLM (default 30)', integer(1))
    .option('--max-errors <n>', 'stop after n consecutive turns in which every cell failed', integer(1))
    .option(
      '--context-window <tokens>',
      "the root model's context window; earlier turns are compacted near it",
      integer(1024),
    )
    .option('--max-depth <n>', 'RLM levels; 1 = sub-calls are plain LM calls (default 1)', integer(1))
    .option('--max-cost <usd>', 'stop when the run has cost this much', nonNegativeNumber)
    .option('--max-tokens <n>', 'stop after this many input + output tokens', integer(1))
    .option('--max-subcalls <n>', 'stop after this many llm_query / rlm_query calls', integer(0))
    .option('--timeout <seconds>', 'wall-clock limit for the run', positiveNumber)
    .option('--call-timeout <seconds>', 'limit for one model call attempt (default 180; retried once)', positiveNumber)
    .option('--first-byte-timeout <seconds>', 'limit for a streamed reply to start (default 60)', positiveNumber)
    .option('--concurrency <n>', 'model calls in flight at once (default 16)', integer(1))
    .option('--include <glob>', 'only load files matching this glob (repeatable)', collect)
    .option('--exclude <glob>', 'skip files matching this glob (repeatable)', collect)
    .option('--no-gitignore', 'load files that .gitignore excludes')
    .option('--hidden', 'load hidden files and directories')
    .option('--max-context-bytes <size>', 'refuse contexts larger than this (default 256mb)', byteSize)
    .option('--max-file-bytes <size>', 'skip files larger than this (default 32mb)', byteSize);
}

const CHAT_EXAMPLES = `
Examples:
  $ rlm chat -c ./repo -m openai:gpt-5                   # a terminal app: ask, read, ask again
  $ printf 'how many services?\nwhich one logs most?\n' | rlm chat -c logs/ --json

In the app: /context <path|glob> adds a context (context_1, …), /vars lists the REPL's variables, /cost shows the
cost per question and for the session, /help, /exit. Ctrl-C cancels the running question; Ctrl-D or /exit ends.
With stdin not a terminal, each non-empty line is a question; the exit code is 0 when every question got an answer.

${EXIT_CODES_HELP}`;

export function buildProgram(actions: CommandActions): Command {
  const program = new Command('rlm')
    .description(
      'Recursive Language Models: answer questions about huge contexts by letting a model explore them from a sandboxed JavaScript REPL.',
    )
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `${TOP_EXAMPLES}\n\n${EXIT_CODES_HELP}`);

  const ask = program
    .command('ask')
    .description('Ask a question about a context (files, directories, globs or stdin).')
    .argument('[question...]', 'the question (quoted, or as several words)')
    .option('-c, --context <path>', 'file, directory, glob, or - for stdin (repeatable)', collect);
  withRunOptions(ask)
    .option('--json', 'print one JSON object with the answer and usage at the end')
    .option('--stream-json', 'print every event as a JSON line, then a "result" line')
    .option('-q, --quiet', 'no live display: only the answer on stdout')
    .option('--log <file>', 'write the trajectory log here (default: ~/.local/state/rlm/runs/)')
    .option('--no-log', 'do not write a trajectory log')
    .option('--replay <file>', 'answer model calls from a recorded trajectory log instead of a provider')
    .addOption(
      new Option('--replay-mode <mode>', 'strict: requests must match the recording; sequential: replay in order')
        .choices(['strict', 'sequential'])
        .default('strict'),
    )
    .option('--estimate', 'print context size, tokens and an estimated cost range, then exit without calling a model');
  withPromptOptions(ask)
    .addHelpText('after', ASK_EXAMPLES)
    .action(async (words: string[], flags: AskFlags) => actions.ask(words, flags));

  const chat = withRunOptions(
    program
      .command('chat')
      .description('A conversation over one persistent REPL: questions in turn, variables and contexts kept.')
      .option('-c, --context <path>', 'file, directory or glob loaded as `context` (repeatable)', collect),
  )
    .option('--session-max-cost <usd>', 'stop asking once the session has cost this much', nonNegativeNumber)
    .option('--session-max-tokens <n>', 'stop asking once the session has used this many tokens', integer(1))
    .option('--json', 'piped: one JSON object per question (the ask --json fields plus "question")')
    .option('--stream-json', 'piped: every event as a JSON line, then a "result" line per question')
    .option('-q, --quiet', 'piped: only the answers on stdout')
    .option('--log <file>', "write the session's trajectory log here (default: ~/.local/state/rlm/runs/)")
    .option('--no-log', 'do not write a trajectory log');
  withPromptOptions(chat)
    .addHelpText('after', CHAT_EXAMPLES)
    .action(async (flags: ChatFlags) => actions.chat(flags));

  program
    .command('runs')
    .description('List recent runs (newest first) from the log directory.')
    .option('-n, --limit <n>', 'how many runs to list', integer(1), 20)
    .option('--json', 'one JSON object per run')
    .action(async (flags: RunsFlags) => actions.runs(flags));

  program
    .command('view')
    .description('Inspect a trajectory log interactively (a summary when stdout is not a terminal), or export it.')
    .argument('[log]', 'a log file, or "last" for the most recent run', 'last')
    .addOption(
      new Option('--export <format>', 'write the run in another format instead of viewing it').choices([
        'official',
        'markdown',
      ]),
    )
    .option('-o, --out <file>', 'where --export writes (default: stdout)')
    .addHelpText('after', VIEW_EXAMPLES)
    .action(async (log: string, flags: ViewFlags) => actions.view(log, flags));

  program
    .command('bench')
    .description('Paper-style long-context benchmark: RLM vs a plain model call on synthetic suites.')
    .option('--suite <names>', 'comma-separated: sniah, oolong-lite, pairs-lite, multihop-docs', 'sniah,oolong-lite')
    .option('--lengths <list>', 'context lengths in tokens, e.g. 8k,32k,131k,1m', '8k,32k')
    .option('--seeds <n>', 'tasks per suite and length', integer(1), 1)
    .option('--methods <names>', 'comma-separated: base, rlm, rlm-no-sub, rlm-d2', 'base,rlm')
    .option('-m, --model <id>', 'root model (and the base method model)')
    .option('--sub-model <id>', 'sub-model for llm_query')
    .option('--base-url <url>', 'OpenAI-compatible server')
    .option('--concurrency <n>', 'tasks and model calls in flight at once', integer(1))
    .option('--max-iterations <n>', 'root turns per RLM', integer(1))
    .option('--max-cost <usd>', 'cost limit per task', nonNegativeNumber)
    .option('--oracle', 'use the built-in oracle models on a local server (offline proof of the harness)')
    .option('--out <dir>', 'where results go (default: ./rlm-bench/<timestamp>)')
    .addHelpText('after', BENCH_EXAMPLES)
    .action(async (flags: BenchFlags) => actions.bench(flags));

  program
    .command('models')
    .description('List known models: provider, input window, prices per million tokens, and where each came from.')
    .argument('[ids...]', 'look up these model ids (dated snapshots match their family) instead of listing all')
    .option('--json', 'print a JSON array')
    .action(async (ids: string[], flags: ModelsFlags) => actions.models(ids, flags));

  program
    .command('prompt')
    .description(
      'Print the exact instructions and first message a run would send (the description of the data included).',
    )
    .argument('[question...]', 'the question (default: a placeholder)')
    .option('-c, --context <path>', 'file, directory, glob, or - for stdin (repeatable); none: no data', collect)
    .option('--depth <n>', '0 for the root; 1 and more for a child RLM started by rlm_query', integer(0), 0)
    .option('--max-depth <n>', 'RLM levels, as for rlm ask (default 1)', integer(1))
    .option('--max-iterations <n>', 'root turns per RLM (default 30)', integer(1))
    .option('-m, --model <id>', 'root model (its sub-model sets the sub-call capacity the prompt states)')
    .option('--sub-model <id>', 'sub-model whose context window sizes the sub-calls')
    .option('--include <glob>', 'only load files matching this glob (repeatable)', collect)
    .option('--exclude <glob>', 'skip files matching this glob (repeatable)', collect)
    .option('--no-gitignore', 'load files that .gitignore excludes')
    .option('--hidden', 'load hidden files and directories')
    .option('--system-prompt-file <path>', "replace the default instructions with this file's text")
    .option('--no-repl-reference', 'with --system-prompt-file: do not append the REPL reference to it')
    .option('--instructions <text|@file>', 'append these instructions (or a file: @path)')
    .option('--json', 'print { instructions, messages } as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ rlm prompt -c ./repo "where is the retry policy configured?"
  $ rlm prompt --max-depth 2 --depth 1 "a sub-task"        # what a child RLM is told
  $ rlm prompt --system-prompt-file mine.md --instructions @house-style.md | less
  $ diff <(rlm prompt) <(rlm prompt --instructions "Answer in French.")`,
    )
    .action(async (words: string[], flags: PromptCommandFlags) => actions.prompt(words, flags));

  return program;
}
