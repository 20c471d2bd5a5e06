import fontkit from '@pdf-lib/fontkit';
import fc from 'fast-check';
import { PDFDocument, type PDFFont } from 'pdf-lib';
import { captionFontBytes } from '../../../../src/fhir/scan/caption-font';
import { wrapCaption } from '../../../../src/fhir/scan/wrap-caption';

/** The caption's own font and size, shaped by fontkit as the PDF renderer does. */
const SIZE = 11;
let font: PDFFont;
let shapedWidth: (text: string) => number;

beforeAll(async () => {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  font = await pdf.embedFont(captionFontBytes(), { subset: true });
  shapedWidth = (text) => font.widthOfTextAtSize(text, SIZE);
});

const letters = 'abcdefghijklmnopqrstuvwxyzĀāĒēĪīŌōŪū AVWTfiflLYo0123456789·,.-';
const word = fc
  .array(fc.constantFrom(...letters.replace(' ', '').split('')), { minLength: 1, maxLength: 40 })
  .map((chars) => chars.join(''));
const caption = fc.array(word, { minLength: 1, maxLength: 30 }).map((words) => words.join(' '));
const lineWidth = fc.integer({ min: 40, max: 800 });

describe('wrapCaption', () => {
  it('when any caption is wrapped, then no line, shaped by the real font, is wider than the page allows', () => {
    fc.assert(
      fc.property(caption, lineWidth, (text, maxWidth) => {
        for (const line of wrapCaption(text, maxWidth, shapedWidth)) {
          expect(shapedWidth(line)).toBeLessThanOrEqual(maxWidth);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('when any caption is wrapped, then every character is kept, in order, and no line is empty or padded', () => {
    fc.assert(
      fc.property(caption, lineWidth, (text, maxWidth) => {
        const lines = wrapCaption(text, maxWidth, shapedWidth);
        expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
        for (const line of lines) expect(line).toMatch(/^\S(.*\S)?$/);
      }),
      { numRuns: 150 },
    );
  });

  it('when a line is broken, then the next word would not have fitted on it (lines are filled greedily)', () => {
    fc.assert(
      fc.property(caption, lineWidth, (text, maxWidth) => {
        const lines = wrapCaption(text, maxWidth, shapedWidth);
        for (let index = 1; index < lines.length; index += 1) {
          const nextWord = lines[index].split(' ')[0];
          // A word cut between characters continues without a space; a whole word after one.
          const joined = text.includes(`${lines[index - 1]} ${nextWord}`)
            ? `${lines[index - 1]} ${nextWord}`
            : `${lines[index - 1]}${nextWord[0]}`;
          // Kerning across the join is invisible to the sum, hence the one-point tolerance.
          expect(shapedWidth(joined)).toBeGreaterThan(maxWidth * 0.98 - 1);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('when the caption fits, then it is one line, measured once per word rather than once per candidate line', () => {
    const measured: string[] = [];
    const lines = wrapCaption('Forearm · Left · Close-up · Lesion', 500, (text) => {
      measured.push(text);
      return shapedWidth(text);
    });
    expect(lines).toEqual(['Forearm · Left · Close-up · Lesion']);
    // ' ', then each distinct word once: 'Forearm', '·', 'Left', 'Close-up', 'Lesion'.
    expect(measured).toEqual([' ', 'Forearm', '·', 'Left', 'Close-up', 'Lesion']);
  });
});
