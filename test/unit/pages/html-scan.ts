/** One start tag of an HTML document: its name and attributes (names lower-cased). */
export interface StartTag {
  name: string;
  attributes: Map<string, string>;
}

const START_TAG =
  /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/**
 * The start tags of an HTML document, comments removed. Enough for the pages' own markup
 * (no parser package is installed, and these files are small and hand-written).
 */
export function startTags(html: string): StartTag[] {
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
  const tags: StartTag[] = [];
  for (const match of withoutComments.matchAll(START_TAG)) {
    const attributes = new Map<string, string>();
    for (const attr of (match[2] ?? '').matchAll(ATTRIBUTE)) {
      attributes.set(attr[1].toLowerCase(), attr[2] ?? attr[3] ?? attr[4] ?? '');
    }
    tags.push({ name: match[1].toLowerCase(), attributes });
  }
  return tags;
}

/** The text between each `<script ...>` and its `</script>`, with the tag's attribute text. */
export function scriptBlocks(html: string): Array<{ attributes: string; content: string }> {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)].map((m) => ({
    attributes: m[1],
    content: m[2],
  }));
}
