import { Type, type TObject, type TSchema } from 'typebox';

/**
 * An object schema whose properties fill in nothing: for options that are merged over others
 * (the query over an encoded spec's options, over Kroki's `diagram_options`), where an option
 * left out must leave the other's alone rather than bring back its default.
 */
export function withoutDefaults<Schema extends TObject>(schema: Schema): Schema {
  const properties = Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, withoutDefault(property)]));
  return Type.Object(properties, { additionalProperties: false }) as unknown as Schema;
}

/** A copy of `schema` without its default; TypeBox's own markers (non-enumerable) are kept. */
function withoutDefault(schema: TSchema): TSchema {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(schema)) as TSchema & { default?: unknown };
  delete copy.default;
  return copy;
}
