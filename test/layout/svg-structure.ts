import { XMLParser } from 'fast-xml-parser';

/** What the playground reads from a picture: node and edge titles, and each node's texts in order. */
export interface SvgStructure {
  rootClass: string;
  nodes: Map<string, { texts: string[]; shapes: string[] }>;
  edges: string[];
  clusters: string[];
}

type XmlNode = Record<string, unknown>;

function children(node: XmlNode, tag: string): XmlNode[] {
  const value = node[tag];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as XmlNode[];
}

function textOf(node: XmlNode | string): string {
  if (typeof node === 'string') return node;
  const text = node['#text'];
  return text === undefined ? '' : String(text);
}

export function svgStructure(svg: string): SvgStructure {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', trimValues: false, parseTagValue: false, htmlEntities: true });
  const doc = parser.parse(svg) as XmlNode;
  const root = children(doc, 'svg')[0] as XmlNode;
  const graph = children(root, 'g')[0] as XmlNode;
  const nodes = new Map<string, { texts: string[]; shapes: string[] }>();
  const edges: string[] = [];
  const clusters: string[] = [];
  // Nodes, edges and clusters, also inside groups that only set colours (as g.node finds them).
  const groups = children(graph, 'g');
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as XmlNode;
    if (g['@class'] === undefined) groups.push(...children(g, 'g'));
    const title = textOf((children(g, 'title')[0] ?? '') as XmlNode | string);
    if (g['@class'] === 'node') {
      const shapes = ['polygon', 'ellipse'].filter((tag) => children(g, tag).length > 0);
      nodes.set(title, { texts: children(g, 'text').map((t) => textOf(t)), shapes });
    } else if (g['@class'] === 'edge') {
      edges.push(title);
    } else if (g['@class'] === 'cluster') {
      clusters.push(title);
    }
  }
  return { rootClass: String(graph['@class']), nodes, edges, clusters };
}
