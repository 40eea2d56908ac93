// What POST /v1/expression answers, as a client reads it: written here, not imported from src/,
// so a change to the public shape fails the tests instead of following along.

export interface JsonNode {
  id: string;
  label: string;
  op: string;
  data: number;
  grad: number;
  inputs: string[];
}

export interface JsonEdge {
  from: string;
  to: string;
  operand: number;
  formula: string;
  local: number;
  contribution: number;
}

export interface ExpressionJson {
  output: JsonNode;
  nodes: JsonNode[];
  gradients: Record<string, number>;
  edges?: JsonEdge[];
  dot: string;
  svg?: string;
  warnings?: Record<string, unknown>[];
}
