import { describe, expect, test } from 'vitest';
import { escapeLabel, escapeRecordField } from '../../src/graph/escape.js';

describe('escapeRecordField', () => {
  test('puts one backslash before each character records or DOT strings treat specially', () => {
    expect(escapeRecordField('\\{}|<>"')).toBe('\\\\\\{\\}\\|\\<\\>\\"');
    expect(escapeRecordField('a | b')).toBe('a \\| b');
  });

  test('writes a newline as \\n and an ampersand as an entity Graphviz will decode back', () => {
    expect(escapeRecordField('a\nb')).toBe('a\\nb');
    expect(escapeRecordField('&#1; &lt;')).toBe('&amp;#1; &amp;lt;');
  });

  test('replaces characters XML forbids with U+FFFD', () => {
    expect(escapeRecordField('a\u0000b\u0001\u0008\u000b\u000c\r\u001b\u001f\u007f\t')).toBe(
      'a\uFFFDb' + '\uFFFD'.repeat(9),
    );
    expect(escapeRecordField('\uFFFE\uFFFF')).toBe('\uFFFD\uFFFD');
    expect(escapeRecordField('x\uD800y\uDC00z\uDBFF')).toBe('x\uFFFDy\uFFFDz\uFFFD');
  });

  test('replaces bidi embeddings, overrides and isolates, which could reorder what a reader sees', () => {
    expect(escapeRecordField('x\u202Ey\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069')).toBe('x\uFFFDy' + '\uFFFD'.repeat(8));
    expect(escapeLabel('a\u2067b')).toBe('a\uFFFDb');
  });

  test('leaves ordinary text, emoji, right-to-left text and other controls alone', () => {
    const text = 'w1 · 😀 مرحبا עברית \u0085\u2028 ñ';
    expect(escapeRecordField(text)).toBe(text);
  });
});

describe('escapeLabel', () => {
  test('escapes only what a plain quoted label needs', () => {
    expect(escapeLabel('{a|b} <c> "d" \\e')).toBe('{a|b} <c> \\"d\\" \\\\e');
    expect(escapeLabel('x\ny & z')).toBe('x\\ny &amp; z');
  });

  test('replaces characters XML forbids with U+FFFD', () => {
    expect(escapeLabel('\u0000\u001f\u007f\uFFFF\uDC00')).toBe('\uFFFD'.repeat(5));
  });

  test('a trailing backslash cannot swallow the closing quote', () => {
    expect(escapeLabel('ends\\')).toBe('ends\\\\');
  });
});
