/**
 * Label text as it may appear inside an SVG <text>: the characters the Graphviz path replaces
 * (see src/graph/escape.ts) become U+FFFD here too, so both engines show a label the same way,
 * and XML's own specials are written as entities.
 */

import { UNSAFE_IN_XML } from '../graph/escape.js';

// The same characters as the Graphviz path replaces.
const UNSAFE = new RegExp(UNSAFE_IN_XML, 'g');
const UNSAFE_TEST = new RegExp(UNSAFE_IN_XML);

/** The lines a label shows, unsafe characters replaced. */
export function labelLines(label: string): string[] {
  // Most labels and every number are printable ASCII: one line, nothing to replace, no pattern run.
  if (printableAscii(label)) return [label];
  const safe = UNSAFE_TEST.test(label) ? label.replace(UNSAFE, '\uFFFD') : label;
  return safe.includes('\n') ? safe.split('\n') : [safe];
}

function printableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}

const XML_SPECIAL = /[&<>"']/g;
const XML_SPECIAL_TEST = /[&<>"']/;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text already made safe by labelLines, escaped for XML content or attribute values. */
export function xmlText(text: string): string {
  // Most labels and numbers have nothing to escape; testing first skips building a new string.
  return XML_SPECIAL_TEST.test(text) ? text.replace(XML_SPECIAL, (ch) => ENTITIES[ch] as string) : text;
}
