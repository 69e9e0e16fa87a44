/**
 * The RLM functions inside the sandbox. `rlmSandboxApi` runs INSIDE the isolate (sent as source text), so it
 * must stay self-contained; it wraps the raw host functions with argument checks and readable errors.
 */
export const RLM_HOST_FUNCTIONS = ['llm_query', 'llm_query_batched', 'rlm_query'] as const;
export const RLM_HOST_CALLBACKS = ['__final', '__budget'] as const;
export const RLM_RESERVED = [...RLM_HOST_FUNCTIONS, 'FINAL', 'FINAL_VAR', 'SHOW_VARS', 'budget'];

interface HostApi {
  callSync(name: string, args: unknown[]): unknown;
  describe(value: unknown): string;
  print(...values: unknown[]): void;
  globals: Record<string, unknown>;
}

export function rlmSandboxApi(host: HostApi): void {
  const g = host.globals;
  const raw = {
    llm_query: g.llm_query as (prompt: string, options: object) => Promise<string>,
    llm_query_batched: g.llm_query_batched as (prompts: string[], options: object) => Promise<string[]>,
    rlm_query: g.rlm_query as (prompt: string, options: object) => Promise<string>,
  };

  const asText = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (value === undefined) return 'undefined';
    try {
      const json = JSON.stringify(value, null, 2);
      return json === undefined ? host.describe(value) : json;
    } catch {
      return host.describe(value);
    }
  };
  const options = (name: string, value: unknown): Record<string, unknown> => {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value))
      throw new TypeError(`${name}: the second argument must be an options object like { model: "…" }`);
    return value as Record<string, unknown>;
  };
  const prompt = (name: string, value: unknown): string => {
    if (value === undefined || value === null || value === '') throw new TypeError(`${name}: the prompt is empty`);
    return asText(value);
  };

  g.llm_query = (text: unknown, opts?: unknown) => raw.llm_query(prompt('llm_query', text), options('llm_query', opts));
  g.llm_query_batched = (prompts: unknown, opts?: unknown) => {
    if (!Array.isArray(prompts))
      throw new TypeError('llm_query_batched: the first argument must be an array of prompts');
    return raw.llm_query_batched(
      prompts.map((item, index) => prompt(`llm_query_batched (item ${index})`, item)),
      options('llm_query_batched', opts),
    );
  };
  g.rlm_query = (text: unknown, opts?: unknown) => raw.rlm_query(prompt('rlm_query', text), options('rlm_query', opts));

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

export const RLM_SANDBOX_API_SOURCE = `(${rlmSandboxApi.toString()})(host);`;
