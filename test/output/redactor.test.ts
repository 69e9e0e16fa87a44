import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED, urlSecrets } from '../../src/output/index.ts';

const KEY = 'sk-live-0123456789abcdefXYZ';

describe('createRedactor', () => {
  it('replaces every configured secret, the longest first, and URL credentials anywhere', () => {
    const redactor = createRedactor([KEY, `${KEY}-extended-suffix`, 'short', undefined]);
    expect(redactor.text(`a ${KEY} b ${KEY}-extended-suffix c`)).toBe(`a ${REDACTED} b ${REDACTED} c`);
    // Values shorter than 8 characters would redact ordinary words.
    expect(redactor.text('a short word')).toBe('a short word');
    expect(redactor.text('see https://alice:hunter2@db.example.com/x and git@github.com:o/r')).toBe(
      `see https://${REDACTED}@db.example.com/x and git@github.com:o/r`,
    );
  });

  it('redacts strings inside values, keeping objects that needed no change', () => {
    const redactor = createRedactor([KEY]);
    const clean = { a: 1, b: ['x', { c: 'y' }] };
    expect(redactor.value(clean)).toBe(clean);
    const dirty = { a: 1, b: ['x', { c: `key ${KEY}` }], d: clean };
    const redacted = redactor.value(dirty);
    expect(redacted).toEqual({ a: 1, b: ['x', { c: `key ${REDACTED}` }], d: clean });
    expect(redacted.d).toBe(clean);
    expect(dirty.b[1]).toEqual({ c: `key ${KEY}` });
  });

  it('learns secrets added later', () => {
    const redactor = createRedactor();
    expect(redactor.text(KEY)).toBe(KEY);
    redactor.add([KEY]);
    expect(redactor.text(KEY)).toBe(REDACTED);
  });
});

describe('pieces: secrets split across streamed deltas', () => {
  const message = `The key is ${KEY}, and again:${KEY}. Done.`;

  it('never lets a secret through, wherever the text is cut, and loses nothing else', () => {
    const redactor = createRedactor([KEY]);
    for (let first = 1; first < message.length; first += 1) {
      for (const second of [first + 1, first + 5, first + 17]) {
        const pieces = redactor.pieces();
        const shown = [message.slice(0, first), message.slice(first, second), message.slice(second)].map((piece) =>
          pieces.push('c1', piece),
        );
        shown.push(pieces.flush('c1'));
        const joined = shown.join('');
        expect(joined).not.toContain(KEY);
        // No piece shows the start of the key either (it could be completed by reading the next one).
        for (const piece of shown) expect(piece).not.toContain(KEY.slice(0, 12));
        expect(joined).toBe(`The key is ${REDACTED}, and again:${REDACTED}. Done.`);
      }
    }
  });

  it('holds back nothing when no secret could start at the end, and keeps streams apart', () => {
    const redactor = createRedactor([KEY]);
    const pieces = redactor.pieces();
    expect(pieces.push('a', 'hello ')).toBe('hello ');
    expect(pieces.push('a', 'wor')).toBe('wor');
    expect(pieces.push('a', 'see sk-li')).toBe('see ');
    expect(pieces.push('b', 've-0123')).toBe('ve-0123');
    expect(pieces.push('a', 've-0123456789abcdefXYZ!')).toBe(`${REDACTED}!`);
    expect(pieces.push('a', 'sk-')).toBe('');
    expect(pieces.flush('a')).toBe('sk-');
  });

  it('holds back URL credentials until they are complete', () => {
    const pieces = createRedactor().pieces();
    // Cut anywhere after the scheme's colon (the configured URL's own credentials are exact secrets, held back
    // wherever they are cut, as above).
    for (const cut of [9, 10, 11, 12, 15, 19, 21]) {
      const text = 'use http://alice:pass@host/v1 now';
      const shown = [text.slice(0, cut), text.slice(cut, cut + 4), text.slice(cut + 4)].map((piece) =>
        pieces.push('c', piece),
      );
      expect(shown.join('')).toBe(`use http://${REDACTED}@host/v1 now`);
      expect(shown.join(' ')).not.toContain('pass');
    }
  });
});

describe('urlSecrets', () => {
  it('finds user:password credentials and credential query parameters', () => {
    const secrets = urlSecrets('http://user:s3cretpassword@127.0.0.1:8000/v1?api_key=abcdef123456&model=x');
    expect(secrets).toEqual(
      expect.arrayContaining(['user:s3cretpassword', 's3cretpassword', 'api_key=abcdef123456', 'abcdef123456']),
    );
    expect(secrets.join(' ')).not.toContain('model=x');
    expect(urlSecrets('http://127.0.0.1:8000/v1')).toEqual([]);
    expect(urlSecrets('not a url')).toEqual([]);
    expect(urlSecrets(undefined)).toEqual([]);
  });
});
