import type { FastifyInstance } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSource } from '../../src/http/encoded-source.js';
import { buildApp } from '../helpers/build-app.js';

// Hostile labels and sources through the real HTTP API, as image URLs and as POST: every SVG
// answered, drawing or error picture, is well-formed XML with nothing active in it, and still
// shows the text that was typed.

const NAUGHTY: string[] = [
  '"', '<', '>', '{', '}', '|', '\\', '&', 'a\nb', 'line one\nline two\n',
  'javascript:alert(1)', '<script>alert(1)</script>', '</text><script>alert(1)</script>',
  '<a href="javascript:alert(1)">x</a>', '" onload="alert(1)', "' onmouseover='alert(1)",
  '"] ; n9 [URL="javascript:alert(1)" label="', '{ x | <p> y }', '<?xml-stylesheet href="evil.css"?>',
  '<style>*{display:none}</style>', ']]>', '<!-- x -->', '&#1;', '&lt;b&gt;',
  '\u0001\u001b[31mred\u007f', 'a\u0000b', '\uD800lone', '\u202Eevil', '😀 Ω≈ç√∫ 田中さん مرحبا',
  'x'.repeat(5000),
];

/** A Python string literal for `text`, with every character outside printable ASCII escaped. */
function pythonString(text: string): string {
  let literal = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff ? text.codePointAt(i) ?? unit : unit;
    if (pair > 0xffff) {
      literal += `\\U${pair.toString(16).padStart(8, '0')}`;
      i++;
    } else if (unit === 0x22 || unit === 0x5c) literal += `\\${text[i]}`;
    else if (unit >= 0x20 && unit < 0x7f) literal += text[i];
    else literal += `\\u${unit.toString(16).padStart(4, '0')}`;
  }
  return `${literal}"`;
}

/** What a reader should see: characters unsafe in XML or in reading order as U+FFFD, one row per line. */
function shownLines(label: string): string[] {
  const unsafe = /[\u0000-\u0009\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
  return label.replace(unsafe, '\uFFFD').split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/** Everything in an SVG that could act: elements, attributes, processing instructions, raw controls. */
function activeParts(svg: string): string[] {
  const found: string[] = [];
  const valid = XMLValidator.validate(svg);
  if (valid !== true) found.push(`not well-formed: ${valid.err.msg}`);
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.exec(svg);
  if (control) found.push(`raw control character U+${control[0].charCodeAt(0).toString(16)}`);
  if (/<script/i.test(svg)) found.push('<script');
  if (/<a\s/i.test(svg)) found.push('<a ');
  if (/<\?xml-stylesheet|<style|<link/i.test(svg)) found.push('stylesheet');
  for (const [tag] of svg.matchAll(/<[A-Za-z][^>]*>/g)) {
    if (/href/i.test(tag)) found.push(`href in ${tag.slice(0, 60)}`);
    if (/\son[a-z]+\s*=/i.test(tag)) found.push(`event handler in ${tag.slice(0, 60)}`);
    if (/javascript:/i.test(tag)) found.push(`javascript: in ${tag.slice(0, 60)}`);
  }
  // The parsed tree too: only the elements Graphviz and the error picture write.
  const allowed = new Set(['svg', 'g', 'title', 'polygon', 'polyline', 'path', 'ellipse', 'text', 'rect', '#text', '?xml', '!DOCTYPE']);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (key.startsWith('@_')) {
        if (/^@_(on|href|xlink:href|style$)/i.test(key)) found.push(`attribute ${key.slice(2)}`);
        continue;
      }
      if (key !== ':@' && !allowed.has(key)) found.push(`element ${key}`);
      walk(child);
    }
  };
  walk(new XMLParser({ ignoreAttributes: false, preserveOrder: true, processEntities: false }).parse(svg));
  return found;
}

function texts(svg: string): string[] {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((match) =>
    (match[1] as string)
      .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
        if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
        if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
        return named[name] ?? whole;
      })
      .trim(),
  );
}

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp();
});

afterAll(async () => {
  await app.close();
});

describe('naughty labels in image URLs', () => {
  it.each(NAUGHTY.map((label) => [JSON.stringify(label).slice(0, 50), label]))('%s stays text', async (_name, label) => {
    const literal = pythonString(label);
    const source = `x = Value(1.5, label=${literal})\ny = x * 2\ny.label = ${literal}\ny.backward()`;
    // Short ones as a URL, as a document would embed them; the long one is POSTed.
    const response =
      label.length < 1000
        ? await app.inject(`/v1/expression/svg/${encodeSource(source)}`)
        : await app.inject({ method: 'POST', url: '/v1/expression.svg', payload: { source } });
    expect(response.statusCode).toBe(200);
    expect(activeParts(response.body)).toEqual([]);
    const shown = texts(response.body);
    for (const line of shownLines(label)) expect(shown.filter((text) => text === line).length).toBeGreaterThanOrEqual(2);
    expect(shown).toContain('data 1.5000');
    expect(shown).toContain('data 3.0000');
  });
});

describe('naughty sources in error pictures', () => {
  it.each(NAUGHTY.filter((text) => !text.includes('\n')).map((text) => [JSON.stringify(text).slice(0, 50), text]))(
    '%s in a broken line is drawn as text',
    async (_name, text) => {
      // The raw text after an assignment: a syntax error (or an unknown name) on that very line.
      const source = `a = Value(1.0)\nb = a + ${text}`;
      // POSTed: a lone surrogate has no UTF-8 form, so no URL can carry it; JSON can.
      const response = await app.inject({ method: 'POST', url: '/v1/expression.svg', payload: { source } });
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(activeParts(response.body)).toEqual([]);
      expect(texts(response.body).some((row) => row.startsWith('2 | b = a + '))).toBe(true);
    },
  );
});
