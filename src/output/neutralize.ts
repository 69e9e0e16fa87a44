/* oxlint-disable no-control-regex -- finding control characters is what this module is for */
/**
 * Making text from models, files and logs safe for a terminal. Escape sequences in it could set the window title
 * (OSC 0), write the clipboard (OSC 52), move the cursor or clear the screen; control characters show as their
 * visible pictures (␛, ␇, …) instead, so the text stays readable and nothing reaches the terminal raw.
 */

/** C0 controls but tab and newline, DEL, and the C1 controls (a terminal may read U+009B as CSI, U+009D as OSC). */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

const picture = (char: string): string => {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
};

/** Every control character (but tab and newline; CRLF becomes a newline) made visible: for untrusted text. */
export function neutralize(text: string): string {
  const unified = text.includes('\r\n') ? text.replaceAll('\r\n', '\n') : text;
  return unified.replace(CONTROL, picture);
}

/**
 * What the terminal may receive: `text` keeps SGR sequences (colours, bold) and, for `screen`, the cursor and erase
 * sequences a full-screen renderer draws with; every other escape sequence and control character is neutralised.
 * `text` is for lines and answers; `screen` for the live view, whose text parts are neutralised before layout.
 */
export type TerminalPolicy = 'text' | 'screen';

const SGR = /^\u001B\[[\d;:]*m/;
/** CSI with its parameters (cursor moves, erase, private modes such as ?25l or ?2026h). */
const CSI = /^\u001B\[[\x30-\x3F]*[\x20-\x2F]*[\x40-\x7E]/;

export function terminalSafe(text: string, policy: TerminalPolicy = 'text'): string {
  if (!CONTROL_AT.test(text)) return text;
  const found = new RegExp(CONTROL_AT.source, 'g');
  let out = '';
  let index = 0;
  for (let match = found.exec(text); match !== null; match = found.exec(text)) {
    if (match.index < index) continue; // inside a sequence already kept
    out += text.slice(index, match.index);
    const rest = text.slice(match.index, match.index + 64);
    const allowed = SGR.exec(rest) ?? (policy === 'screen' ? CSI.exec(rest) : null);
    if (allowed) {
      out += allowed[0];
      index = match.index + allowed[0].length;
      continue;
    }
    const char = match[0];
    // A line's own carriage return (and the renderer's) is layout, not an attack.
    out += char === '\r' && (policy === 'screen' || text[match.index + 1] === '\n') ? char : picture(char);
    index = match.index + 1;
  }
  return out + text.slice(index);
}

const CONTROL_AT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/**
 * One JSON line whose text a terminal can show safely and a program reads back unchanged: JSON already escapes
 * C0 controls; DEL, the C1 controls and the line separators are escaped too.
 */
export function jsonLine(value: unknown): string {
  return `${escapeJsonControls(JSON.stringify(value))}\n`;
}

/** The same escaping for JSON text built elsewhere (a JSONL export): those characters only occur inside strings. */
export function escapeJsonControls(json: string): string {
  return json.replace(
    /[\u007F-\u009F\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
