/** What the first bytes of a file say it is; the allow-list of the pipeline. */
export type SniffedType = 'jpeg' | 'png' | 'webp' | 'heif';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * ISO-BMFF brands of still HEIF images: HEVC (`heic`, `heix`, `heim`, `heis`), sequences from
 * phones that store stills that way (`hevc`, `hevx`, `msf1`), the generic `mif1`/`mif2`, and AVIF.
 */
const HEIF_BRANDS = new Set([
  'heic',
  'heix',
  'heim',
  'heis',
  'hevc',
  'hevx',
  'mif1',
  'mif2',
  'msf1',
  'avif',
  'avis',
]);

function heifBrands(bytes: Buffer): string[] {
  if (bytes.length < 16 || bytes.toString('latin1', 4, 8) !== 'ftyp') return [];
  const boxSize = Math.min(bytes.readUInt32BE(0), bytes.length);
  const brands = [bytes.toString('latin1', 8, 12)];
  // Compatible brands follow the major brand and the minor version.
  for (let offset = 16; offset + 4 <= boxSize; offset += 4)
    brands.push(bytes.toString('latin1', offset, offset + 4));
  return brands;
}

/**
 * Decides the type from magic numbers alone, never from a name or a declared type. Anything not on
 * the allow-list (PDF, HTML, SVG, GIF, TIFF, text, ...) is `undefined`, so it is refused before any
 * decoder, SVG's XML parser included, looks at it.
 */
export function sniffImageType(bytes: Buffer): SniffedType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  )
    return 'webp';
  if (heifBrands(bytes).some((brand) => HEIF_BRANDS.has(brand))) return 'heif';
  return undefined;
}
