// Labels a user can type, for every test that draws them: markup, DOT syntax, record syntax, entities Graphviz would decode,
// characters XML forbids, scripts in other directions, and a very long one.
export const NAUGHTY_LABELS: string[] = [
  '"', '<', '>', '{', '}', '|', '\\', '&', "'",
  'a\nb', 'line one\nline two\n',
  'javascript:alert(1)', '<script>alert(1)</script>', '</text><script>alert(1)</script>',
  '<a href="javascript:alert(1)">x</a>', '" onload="alert(1)', "' onmouseover='alert(1)",
  '"] ; n9 [URL="javascript:alert(1)" label="', '}"]; n9 [label="x', '{ x | <p> y }',
  '<?xml-stylesheet href="evil.css"?>', ']]>', '<![CDATA[x]]>', '--', '<!-- x -->',
  '&#1;', '&#x1b;', '&lt;b&gt;', '&nbsp;', '&amp;', '&foo;',
  'ends\\', '\\N \\G \\L \\E', '\\"',
  '\u0001\u001b[31mred\u007f', 'a\u0000b', '\u0000', '\t\r\n',
  '\uD800lone', 'lone\uDC00', '\uFFFE\uFFFF',
  '😀🎉 emoji', 'مرحبا עברית', '\u202Eevil', 'a\u2067b\u2069c', 'Ω≈ç√∫ 田中さん',
  "Robert'); DROP TABLE students;--",
  'x'.repeat(10_000),
];

/** The label as a reader should see it: XML-forbidden characters and bidi controls as U+FFFD. */
export function shownLabel(label: string): string {
  return label.replace(
    /[\u0000-\u0009\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}
