/**
 * Whether an `If-None-Match` header matches `etag` (RFC 9110 section 13.1.2): `*` matches any
 * current representation, and the comparison is weak, so `W/"x"` matches `"x"`. A list of
 * tags matches when any one does.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const value = header.trim();
  if (value === '*') return true;
  const wanted = opaque(etag);
  const tags = value.match(/(?:W\/)?"[^"]*"/g) ?? [];
  return tags.some((tag) => opaque(tag) === wanted);
}

const opaque = (tag: string) => tag.replace(/^W\//, '');
