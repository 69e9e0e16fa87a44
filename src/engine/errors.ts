/** Stable, machine-readable error codes; the CLI maps them to exit codes. */
export type RlmErrorCode =
  | 'invalid_input'
  | 'invalid_config'
  | 'no_model'
  | 'auth_failed'
  | 'provider_failed'
  | 'budget_exhausted'
  | 'timeout'
  | 'aborted'
  | 'replay_divergence'
  | 'sandbox_failed'
  | 'internal';

/** The one error type the engine throws on purpose. Sandbox exceptions are observations for the model, never these. */
export class RlmError extends Error {
  readonly code: RlmErrorCode;

  constructor(code: RlmErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RlmError';
    this.code = code;
  }
}

export function isRlmError(error: unknown): error is RlmError {
  return error instanceof RlmError;
}
