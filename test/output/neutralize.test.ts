/* oxlint-disable no-control-regex -- these tests look for raw control characters */
import { describe, expect, it } from 'vitest';
import { escapeJsonControls, jsonLine, mapStrings, neutralize, terminalSafe } from '../../src/output/index.ts';

const OSC_TITLE = '\u001B]0;pwned\u0007';
const OSC_CLIPBOARD = '\u001B]52;c;ZWNobyBwd25lZA==\u0007';
const C1_OSC = '\u009D0;pwned\u009C';
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe('neutralize', () => {
  it('makes every control character visible, keeping tabs and newlines (CRLF becomes a newline)', () => {
    expect(neutralize(`a${OSC_TITLE}b\tc\r\nd\re${C1_OSC}`)).toBe('a␛]0;pwned␇b\tc\nd␍e<U+009D>0;pwned<U+009C>');
    expect(neutralize('plain text')).toBe('plain text');
  });
});

describe('terminalSafe', () => {
  it('keeps colours and neutralises titles, clipboard writes, C1 controls and cursor moves (text policy)', () => {
    const line = `\u001B[33m↻ retry\u001B[39m ${OSC_TITLE}${OSC_CLIPBOARD}${C1_OSC}\u001B[2J\u001B[H\u001Bc done\r\n`;
    const safe = terminalSafe(line);
    expect(safe).toContain('\u001B[33m↻ retry\u001B[39m');
    expect(safe).toContain('␛]0;pwned␇');
    expect(safe).toContain('␛]52;c;ZWNobyBwd25lZA==␇');
    expect(safe).toContain('␛[2J␛[H␛c done\r\n');
    expect(safe.replaceAll(/\u001B\[[\d;]*m/g, '').replaceAll('\r\n', '\n')).not.toMatch(RAW);
  });

  it('lets a renderer’s cursor moves through under the screen policy, never OSC', () => {
    const frame = `\u001B[2K\u001B[1A\u001B[G\u001B[?25l\u001B[32m✓\u001B[39m ${OSC_CLIPBOARD}`;
    const safe = terminalSafe(frame, 'screen');
    expect(safe.startsWith('\u001B[2K\u001B[1A\u001B[G\u001B[?25l\u001B[32m✓\u001B[39m ')).toBe(true);
    expect(safe).toContain('␛]52;c;');
  });
});

describe('jsonLine', () => {
  it('keeps the data (parsed back unchanged) with no raw control character in the text', () => {
    const value = { answer: `x${OSC_TITLE}${C1_OSC}\u007F\u2028y` };
    const line = jsonLine(value);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(RAW);
    expect(JSON.parse(line)).toEqual(value);
    expect(JSON.parse(escapeJsonControls(JSON.stringify(value)))).toEqual(value);
  });
});

describe('mapStrings', () => {
  it('maps every nested string and keeps the very same objects wherever nothing changed', () => {
    const clean = { n: 1, flag: true, none: null, list: ['a', { b: 'c' }] };
    expect(mapStrings(clean, neutralize)).toBe(clean);
    const dirty = { n: 1, keep: clean, list: ['ok', { text: `x${OSC_TITLE}` }] };
    const mapped = mapStrings(dirty, neutralize);
    expect(mapped).toEqual({ n: 1, keep: clean, list: ['ok', { text: 'x␛]0;pwned␇' }] });
    expect(mapped.keep).toBe(clean);
    expect(dirty.list[1]).toEqual({ text: `x${OSC_TITLE}` });
  });
});
