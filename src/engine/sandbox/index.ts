export { Sandbox, SESSION_RESET_NOTE } from './sandbox.ts';
export { messageOnlyError } from './cell-errors.ts';
export { sandboxLimits, type Limits } from './limits.ts';
export { composeCellReport } from './cell-report.ts';
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
