/**
 * Label text as it may appear inside an SVG <text>: the characters the Graphviz path replaces
 * (see src/graph/escape.ts) become U+FFFD here too, so both engines show a label the same way,
 * and XML's own specials are written as entities.
 */

// C0 controls but newline, DEL, U+FFFE/U+FFFF, unpaired surrogates, and bidi embeddings, overrides
// and isolates (valid XML, but they could reorder the numbers a reader sees).
const UNSAFE = new RegExp(
  '[\\u0000-\\u0009\\u000B-\\u001F\\u007F\\u202A-\\u202E\\u2066-\\u2069\\uFFFE\\uFFFF]' +
    '|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  'g',
);

/** The lines a label shows, unsafe characters replaced. */
export function labelLines(label: string): string[] {
  return label.replace(UNSAFE, '\uFFFD').split('\n');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text already made safe by labelLines, escaped for XML content or attribute values. */
export function xmlText(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] as string);
}
