/**
 * The RLM functions inside the sandbox. `rlmSandboxApi` runs INSIDE the isolate (sent as source text), so it
 * must stay self-contained; it wraps the raw host functions with argument checks and readable errors.
 */
import type { SubcallBounds } from './subcall-bounds.ts';

export const RLM_HOST_FUNCTIONS = ['llm_query', 'llm_query_batched', 'rlm_query', 'rlm_query_batched'] as const;
export const RLM_HOST_CALLBACKS = ['__final'] as const;
export const RLM_HOST_READS = ['__budget'] as const;
export const RLM_RESERVED = [...RLM_HOST_FUNCTIONS, 'FINAL', 'FINAL_VAR', 'SHOW_VARS', 'budget'];

interface HostApi {
  callSync(name: string, args: unknown[]): unknown;
  describe(value: unknown): string;
  print(...values: unknown[]): void;
  globals: Record<string, unknown>;
}

export function rlmSandboxApi(host: HostApi, bounds: SubcallBounds): void {
  const g = host.globals;
  const raw = {
    llm_query: g.llm_query as (prompt: string, options: object) => Promise<string>,
    llm_query_batched: g.llm_query_batched as (prompts: string[], options: object) => Promise<string[]>,
    rlm_query: g.rlm_query as (prompt: string, options: object) => Promise<string>,
    rlm_query_batched: g.rlm_query_batched as (prompts: string[], options: object) => Promise<string[]>,
  };
  // Captured before any cell runs: cells may replace these, and what crosses to the host must not depend on them.
  const isArray = Array.isArray;
  const stringify = JSON.stringify;
  const hasOwn = Object.prototype.hasOwnProperty;
  const call = Reflect.apply;
  const charCodeAt = String.prototype.charCodeAt;
  const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

  const asText = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (value === undefined) return 'undefined';
    try {
      const json = stringify(value, null, 2);
      return typeof json === 'string' ? json : host.describe(value);
    } catch {
      return host.describe(value);
    }
  };
  const regexpReplace = RegExp.prototype[Symbol.replace] as (this: RegExp, text: string, by: string) => string;
  /** UTF-8 size of `text`; a string longer than `cap` is over it whatever it holds, so its length is enough. */
  const utf8Bytes = (text: string, cap: number): number => {
    if (text.length > cap) return text.length;
    // The ASCII runs are dropped natively; only the (usually few) other characters are walked.
    // oxlint-disable-next-line no-control-regex -- every ASCII character, control characters included
    const others = call(regexpReplace, /[\x00-\x7f]+/g, [text, '']) as string;
    let bytes = text.length;
    for (let i = 0; i < others.length; i += 1) {
      const code = call(charCodeAt, others, [i]) as number;
      // One more byte below U+0800, two more up to U+FFFF; a surrogate pair is 4 bytes for its 2 code units.
      if (code < 0x800) bytes += 1;
      else if (code < 0xdc00 || code > 0xdfff) bytes += 2;
    }
    return bytes;
  };
  const tooBig = (name: string, what: string, chars: number, limit: number, hint: string) =>
    new RangeError(
      `${name}: ${what} holds ${grouped(chars)} characters, over the limit of ${grouped(limit)} bytes ${hint}`,
    );
  const options = (name: string, value: unknown, keys: string[]): Record<string, unknown> => {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || isArray(value))
      throw new TypeError(`${name}: the second argument must be an options object like { model: "…" }`);
    // Only the known options cross, as fresh values: nothing else of the caller's object is copied to the host.
    const picked: Record<string, unknown> = {};
    for (const key of keys) {
      if (!call(hasOwn, value, [key])) continue;
      const option = (value as Record<string, unknown>)[key];
      if (option === undefined || option === null) continue;
      if (key === 'model' && typeof option !== 'string')
        throw new TypeError(`${name}: opts.model must be a model id string`);
      picked[key] =
        key === 'context' ? contextOption(name, option) : key === 'contexts' ? contextsOption(name, option) : option;
    }
    return picked;
  };
  const contextOption = (name: string, value: unknown): unknown => {
    if (typeof value === 'string') return value;
    const error = new TypeError(`${name}: opts.context must be a string or an array of { path, content } strings`);
    if (!isArray(value)) throw error;
    const documents: Array<{ path: string; content: string }> = [];
    for (let i = 0; i < value.length; i += 1) {
      const doc = value[i] as { path?: unknown; content?: unknown } | null;
      const path = doc?.path;
      const content = doc?.content;
      if (typeof path !== 'string' || typeof content !== 'string') throw error;
      documents[i] = { path, content };
    }
    return documents;
  };
  const contextsOption = (name: string, value: unknown): unknown[] => {
    if (!isArray(value)) throw new TypeError(`${name}: opts.contexts must be an array with one context per prompt`);
    const contexts: unknown[] = [];
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      contexts[i] = item === undefined || item === null ? null : contextOption(`${name} (context ${i})`, item);
    }
    return contexts;
  };
  const prompt = (name: string, value: unknown): string => {
    if (value === undefined || value === null || value === '') throw new TypeError(`${name}: the prompt is empty`);
    const text = asText(value);
    if (typeof text !== 'string') throw new TypeError(`${name}: the prompt must be a string`);
    const bytes = utf8Bytes(text, bounds.promptBytes);
    if (bytes > bounds.promptBytes)
      throw tooBig(
        name,
        'the prompt',
        text.length,
        bounds.promptBytes,
        "per sub-call prompt (set by the sub-model's context window): send a slice of the text, not all of it",
      );
    return text;
  };

  g.llm_query = (text: unknown, opts?: unknown) =>
    raw.llm_query(prompt('llm_query', text), options('llm_query', opts, ['model']));
  /** A fresh array of checked prompts, within the per-batch bound. */
  const promptList = (name: string, prompts: unknown): string[] => {
    if (!isArray(prompts)) throw new TypeError(`${name}: the first argument must be an array of prompts`);
    // An index loop into a fresh array: the caller's array (its own `map`, getters, a Proxy) never crosses itself.
    const list: string[] = [];
    let bytes = 0;
    let chars = 0;
    const count = prompts.length;
    for (let i = 0; i < count; i += 1) {
      const item = prompt(`${name} (item ${i})`, prompts[i]);
      bytes += utf8Bytes(item, bounds.promptBytes);
      chars += item.length;
      if (bytes > bounds.batchBytes)
        throw tooBig(
          name,
          `the batch (items 0 to ${i})`,
          chars,
          bounds.batchBytes,
          'per batch: send fewer or smaller prompts per call',
        );
      list[i] = item;
    }
    return list;
  };
  g.llm_query_batched = (prompts: unknown, opts?: unknown) =>
    raw.llm_query_batched(promptList('llm_query_batched', prompts), options('llm_query_batched', opts, ['model']));
  g.rlm_query_batched = (prompts: unknown, opts?: unknown) => {
    const list = promptList('rlm_query_batched', prompts);
    const picked = options('rlm_query_batched', opts, ['model', 'context', 'contexts']);
    const contexts = picked.contexts as unknown[] | undefined;
    if (contexts !== undefined && contexts.length !== list.length)
      throw new TypeError(
        `rlm_query_batched: opts.contexts has ${contexts.length} contexts for ${list.length} prompts (one per prompt)`,
      );
    return raw.rlm_query_batched(list, picked);
  };
  g.rlm_query = (text: unknown, opts?: unknown) =>
    raw.rlm_query(prompt('rlm_query', text), options('rlm_query', opts, ['model', 'context']));

  // `undefined` is never an answer: it is what a variable holds when the cell meant to assign it threw first
  // (declarations are hoisted), so finishing with it would report "undefined" as a success.
  g.FINAL = (value: unknown) => {
    if (value === undefined) {
      throw new TypeError(
        'FINAL(undefined): there is no answer to send. Compute the answer first (print it to check it), then call FINAL(answer)',
      );
    }
    host.callSync('__final', [asText(value), 'FINAL']);
    return value;
  };
  g.FINAL_VAR = (name: unknown) => {
    if (typeof name !== 'string') {
      throw new TypeError(
        'FINAL_VAR expects the variable name as a string, e.g. FINAL_VAR("answer"); to finish with a value use FINAL(value)',
      );
    }
    if (!Object.prototype.hasOwnProperty.call(g, name)) {
      throw new ReferenceError(
        `FINAL_VAR: there is no variable named "${name}" (define it first, or use FINAL(value))`,
      );
    }
    if (g[name] === undefined) {
      throw new TypeError(
        `FINAL_VAR: the variable "${name}" is undefined (a cell that should have assigned it probably failed first); assign it, print it to check, then call FINAL_VAR again`,
      );
    }
    host.callSync('__final', [asText(g[name]), 'FINAL_VAR']);
    return g[name];
  };
  g.SHOW_VARS = () => {
    const variables = (g.__rlm_list_vars as () => Array<{ name: string; summary: string }>)();
    host.print(
      variables.length === 0
        ? 'No variables yet.'
        : variables.map((variable) => `${variable.name}: ${variable.summary}`).join('\n'),
    );
    return variables.map((variable) => variable.name);
  };
  g.budget = () => host.callSync('__budget', []);
}

/** The extension source a session runs: the API above with this run's bounds. */
export function rlmSandboxApiSource(bounds: SubcallBounds): string {
  return `(${rlmSandboxApi.toString()})(host, ${JSON.stringify(bounds)});`;
}
