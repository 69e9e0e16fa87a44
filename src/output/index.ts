// Everything that leaves the process goes through here: secrets redacted, text made safe for a terminal.
// Below both src/ui and src/cli; depends only on the engine's public types.
export { createRedactor, MIN_SECRET_CHARS, REDACTED, type PieceRedactor, type Redactor } from './redactor.ts';
export { escapeJsonControls, jsonLine, neutralize, terminalSafe, type TerminalPolicy } from './neutralize.ts';
export { guardStream } from './terminal-stream.ts';
export { redactedSource, type DeferredEventSource, type RunEventSource } from './redacted-source.ts';
export { createEventHub, type EventHub } from './event-hub.ts';
export { mapStrings } from './map-strings.ts';
export { urlSecrets } from './url-secrets.ts';
