/** How wide a piece of text is, in points, at the caption's size. */
export type MeasureText = (text: string) => number;

/**
 * Greedy word wrap: as many words on a line as fit `maxWidth`, a word longer than a line cut
 * between characters. Each word is measured once (and each cut word character by character), and
 * a line's width is the sum of its words and spaces: measuring every candidate line instead
 * shaped the whole line again for each word added (fontkit's OpenType layout), which was most of
 * a Scan PDF's render time. Kerning across a space is lost in the sum, so lines keep a little
 * slack (`SLACK`) and never run past the margin.
 */
export function wrapCaption(text: string, maxWidth: number, measure: MeasureText): string[] {
  const limit = maxWidth * (1 - SLACK);
  const cache = new Map<string, number>();
  const width = (piece: string) => {
    let known = cache.get(piece);
    if (known === undefined) {
      known = measure(piece);
      cache.set(piece, known);
    }
    return known;
  };
  const space = width(' ');
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  const flush = () => {
    if (line) lines.push(line);
    line = '';
    lineWidth = 0;
  };

  for (const word of text.split(' ')) {
    const wordWidth = width(word);
    const added = line ? space + wordWidth : wordWidth;
    if (lineWidth + added <= limit) {
      line = line ? `${line} ${word}` : word;
      lineWidth += added;
      continue;
    }
    flush();
    if (wordWidth <= limit) {
      line = word;
      lineWidth = wordWidth;
      continue;
    }
    for (const char of word) {
      const charWidth = width(char);
      if (line && lineWidth + charWidth > limit) flush();
      line += char;
      lineWidth += charWidth;
    }
  }
  flush();
  return lines;
}

/** Share of the line left free for kerning the sum of word widths does not see. */
const SLACK = 0.02;
