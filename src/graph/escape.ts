/**
 * User text (labels, cluster titles) reaches DOT only through these two functions, and only inside a
 * quoted label; ids and attributes are always generated. Graphviz copies attribute values such as
 * URL or fontname into the SVG unchecked, but escapes label text, so a label can only ever show text.
 */

const REPLACEMENT = '\uFFFD';

// Characters Graphviz would copy raw into the SVG where XML forbids them: C0 controls other than
// newline, DEL, the noncharacters U+FFFE/U+FFFF and unpaired surrogates (a NUL even cuts the label).
// Bidi embeddings, overrides and isolates are replaced too: valid XML, but they can reorder the text
// a reader sees (a label could show other numbers than the ones computed).
export const UNSAFE_IN_XML =
  '[\\u0000-\\u0009\\u000B-\\u001F\\u007F\\u202A-\\u202E\\u2066-\\u2069\\uFFFE\\uFFFF]' +
  '|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';

// `&` is written `&amp;` because Graphviz decodes HTML entities in every label: `&#1;` would become a
// raw control character (invalid XML) and `&lt;` would show as `<` instead of the text typed.
const RECORD_SPECIAL = new RegExp(`[\\\\"{}|<>&\\n]|${UNSAFE_IN_XML}`, 'g');
const LABEL_SPECIAL = new RegExp(`[\\\\"&\\n]|${UNSAFE_IN_XML}`, 'g');

function escapeOne(ch: string): string {
  switch (ch) {
    case '&':
      return '&amp;';
    case '\n':
      return '\\n';
    case '\\':
    case '"':
    case '{':
    case '}':
    case '|':
    case '<':
    case '>':
      return '\\' + ch;
    default:
      return REPLACEMENT;
  }
}

/**
 * Text for one field of a `shape=record` label that sits inside a DOT "quoted string": a backslash
 * before each character the record parser or the DOT lexer treats specially, so the text can
 * neither add fields or ports nor end the string. Unescaped, Graphviz silently draws the node's
 * id instead of its label.
 */
export function escapeRecordField(text: string): string {
  return text.replace(RECORD_SPECIAL, escapeOne);
}

/** Text for a plain (non-record) quoted DOT label, such as an op node or a cluster title. */
export function escapeLabel(text: string): string {
  return text.replace(LABEL_SPECIAL, escapeOne);
}
