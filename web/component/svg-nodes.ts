/**
 * An SVG answer as DOM nodes, never as markup: parsed as XML, with anything that could run code
 * removed, since the element may be pointed at any service.
 */
export function svgElement(markup: string): SVGSVGElement | undefined {
  const parsed = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = parsed.documentElement;
  if (!(root instanceof SVGSVGElement)) return undefined;
  for (const element of [root, ...Array.from(root.querySelectorAll('*'))]) {
    const name = element.localName.toLowerCase();
    if (name === 'script' || name === 'foreignobject') {
      element.remove();
      continue;
    }
    for (const attribute of Array.from(element.attributes)) {
      const unsafe = attribute.name.toLowerCase().startsWith('on') || /^\s*javascript:/i.test(attribute.value);
      if (unsafe) element.removeAttribute(attribute.name);
    }
  }
  return document.importNode(root, true);
}
