export { Sandbox, messageOnlyError } from './sandbox.ts';
export { truncateMiddle, DEFAULT_OUTPUT_LIMIT_CHARS } from './truncate.ts';
export type {
  CellError,
  CellErrorKind,
  CellResult,
  ContextDocument,
  HostCallback,
  HostCallInfo,
  HostFunction,
  HostRead,
  SandboxContext,
  SandboxOptions,
  VariableSummary,
} from './types.ts';
