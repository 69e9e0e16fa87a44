import { asSchema, type Tool } from 'ai';
import type { EventScope } from '../run/emitter.ts';
import type { RunContext } from '../run/run-context.ts';
import type { HostFunction } from '../sandbox/index.ts';
import type { CallSite } from '../loop/subcalls.ts';

/** What the root's instructions say about one tool. */
export interface ToolDescription {
  name: string;
  description: string;
  /** The input's JSON Schema, compact. */
  inputShape: string;
}

/**
 * Caller tools as host functions of one RLM's REPL: the argument is validated against the tool's schema (a failure
 * rejects, so a cell can catch it), `execute` runs on the host, and the result comes back as a copy.
 */
export function createToolFunctions(
  run: RunContext,
  host: { scope: EventScope; site: () => CallSite; tools: Record<string, Tool> },
): Record<string, HostFunction> {
  const functions: Record<string, HostFunction> = {};
  for (const [name, tool] of Object.entries(host.tools)) {
    functions[name] = async (args, info) => {
      const input = args[0];
      const toolCallId = run.nextId('t');
      const site = host.site();
      const started = run.hub.now();
      host.scope.emit({
        type: 'tool_call_start',
        toolCallId,
        name,
        input: input ?? null,
        iteration: site.iteration,
        blockIndex: site.blockIndex,
      });
      const end = (ok: boolean, output: unknown, error: string | null) =>
        host.scope.emit({ type: 'tool_call_end', toolCallId, ok, output, error, durationMs: run.hub.now() - started });
      try {
        const valid = await validate(name, tool, input);
        const signal = AbortSignal.any([info.signal, run.workSignal]);
        const output = await tool.execute?.(valid as never, {
          toolCallId,
          messages: [],
          abortSignal: signal,
          context: undefined as never,
        });
        const copy = plainCopy(name, output);
        end(true, copy, null);
        return copy;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        end(false, null, message);
        // A fresh error without a cause keeps host stack frames (file paths) out of the sandbox.
        // oxlint-disable-next-line preserve-caught-error
        throw new Error(message.startsWith(`${name}:`) ? message : `${name}: ${message}`);
      }
    };
  }
  return functions;
}

async function validate(name: string, tool: Tool, input: unknown): Promise<unknown> {
  const schema = asSchema(tool.inputSchema);
  if (!schema.validate) return input;
  const result = await schema.validate(input);
  if (result.success) return result.value;
  throw new TypeError(`${name}: invalid input: ${result.error.message}`);
}

/** Tool results cross into the REPL as JSON-like data; anything else (functions, cycles) is refused with a reason. */
function plainCopy(name: string, value: unknown): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch (error) {
    throw new Error(`${name}: the tool returned a value that cannot be copied into the REPL (${String(error)})`, {
      cause: error,
    });
  }
}

export async function describeTools(tools: Record<string, Tool>): Promise<ToolDescription[]> {
  return Promise.all(
    Object.entries(tools).map(async ([name, tool]) => ({
      name,
      description: typeof tool.description === 'string' ? tool.description : '',
      inputShape: JSON.stringify(stripSchemaNoise(await asSchema(tool.inputSchema).jsonSchema)),
    })),
  );
}

/** `$schema` and `additionalProperties: false` only make the prompt longer. */
function stripSchemaNoise(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripSchemaNoise);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => key !== '$schema' && !(key === 'additionalProperties' && value === false))
      .map(([key, value]) => [key, stripSchemaNoise(value)]),
  );
}

/** The tools a child RLM gets, per `subTools`. */
export function childTools(
  parent: Record<string, Tool>,
  subTools: 'inherit' | 'none' | Record<string, Tool>,
): Record<string, Tool> {
  if (subTools === 'inherit') return parent;
  if (subTools === 'none') return {};
  return subTools;
}
