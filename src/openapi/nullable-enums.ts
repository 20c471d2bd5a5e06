/**
 * zod-to-openapi 9 renders `z.literal('x').nullable()` (and nullable enums) for OpenAPI 3.1 as
 * `{ type: ['string', 'null'], enum: ['x'] }`: the enum leaves out null, so the schema refuses
 * the very null it allows by type. This adds null to such enums, in place. Found by validating
 * the examples against the generated document (test/unit/openapi/examples.test.ts).
 */
export function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) allowNullInNullableEnums(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as { type?: unknown; enum?: unknown[] };
  if (
    Array.isArray(schema.type) &&
    schema.type.includes('null') &&
    Array.isArray(schema.enum) &&
    !schema.enum.includes(null)
  ) {
    schema.enum.push(null);
  }
  for (const value of Object.values(node)) allowNullInNullableEnums(value);
}
