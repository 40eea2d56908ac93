import { XMLValidator } from 'fast-xml-parser';

/** Problems that make an SVG unsafe or unusable as an image; empty when there are none. */
export function svgProblems(svg: string): string[] {
  const problems: string[] = [];
  const validation = XMLValidator.validate(svg);
  if (validation !== true) problems.push(`not well-formed XML: ${JSON.stringify(validation.err)}`);
  // The validator accepts raw control characters, which XML 1.0 forbids (browsers refuse the image).
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.exec(svg);
  if (control) problems.push(`raw control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
  for (const forbidden of ['<script', '<a ', '<a>', '<?xml-stylesheet', '<foreignObject', '<iframe']) {
    if (svg.toLowerCase().includes(forbidden.toLowerCase())) problems.push(`contains ${forbidden}`);
  }
  // Labels may legitimately show words like "href" as text; only markup must never carry them.
  for (const [tag] of svg.matchAll(/<[A-Za-z][^>]*>/g)) {
    if (/\shref\s*=|\sxlink:href\s*=|\son[a-z]+\s*=/i.test(tag)) problems.push(`active attribute in ${tag.slice(0, 80)}`);
    if (/javascript:/i.test(tag)) problems.push(`javascript: URL in ${tag.slice(0, 80)}`);
  }
  return problems;
}

/** The text of every <text> element, entities decoded: what a reader sees. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => decodeEntities(m[1] as string));
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return named[body] ?? whole;
  });
}
