/**
 * The photo's capture time for the Scan caption ("Taken <date>", GATEWAY-API.md "The Scan
 * caption"), read from the EXIF block before the pipeline drops all metadata.
 *
 * A tiny TIFF reader rather than a general EXIF library: only two ASCII tags of the Exif IFD are
 * needed, and damaged EXIF (image00971.jpg in the corpus) must cost nothing but `null`.
 */

const EXIF_IFD_POINTER = 0x8769;
const DATE_TIME_ORIGINAL = 0x9003;
const OFFSET_TIME_ORIGINAL = 0x9011;
const ASCII = 2;
/** IFDs with more entries than this are damage, not a camera's EXIF. */
const MAX_ENTRIES = 1000;

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
const EXIF_OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;

interface Tiff {
  bytes: Buffer;
  little: boolean;
}

const u16 = (t: Tiff, at: number) => (t.little ? t.bytes.readUInt16LE(at) : t.bytes.readUInt16BE(at));
const u32 = (t: Tiff, at: number) => (t.little ? t.bytes.readUInt32LE(at) : t.bytes.readUInt32BE(at));

/** The ASCII tags of one IFD, by tag number; other types are skipped. */
function asciiTags(t: Tiff, ifdOffset: number, wanted: number[]): Map<number, string> {
  const found = new Map<number, string>();
  if (ifdOffset + 2 > t.bytes.length) return found;
  const count = u16(t, ifdOffset);
  if (count > MAX_ENTRIES) return found;
  for (let i = 0; i < count; i += 1) {
    const entry = ifdOffset + 2 + i * 12;
    if (entry + 12 > t.bytes.length) break;
    const tag = u16(t, entry);
    if (!wanted.includes(tag)) continue;
    if (tag === EXIF_IFD_POINTER) {
      found.set(tag, String(u32(t, entry + 8)));
      continue;
    }
    if (u16(t, entry + 2) !== ASCII) continue;
    const length = u32(t, entry + 4);
    const start = length <= 4 ? entry + 8 : u32(t, entry + 8);
    if (start + length > t.bytes.length) continue;
    found.set(
      tag,
      t.bytes
        .toString('latin1', start, start + length)
        .replace(/\0.*$/s, '')
        .trim(),
    );
  }
  return found;
}

/** `2026:11:30 14:05:09` (+ `+13:00`) as ISO 8601; `null` for blanks and impossible dates. */
export function exifDateToIso(dateTime: string, offset?: string): string | null {
  const match = EXIF_DATE.exec(dateTime);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const asUtc = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Rejects 0000:00:00, month 13, 31 February and the like: Date would silently roll them over.
  if (
    year < 1900 ||
    asUtc.getUTCFullYear() !== year ||
    asUtc.getUTCMonth() !== month - 1 ||
    asUtc.getUTCDate() !== day ||
    asUtc.getUTCHours() !== hour ||
    asUtc.getUTCMinutes() !== minute
  )
    return null;
  const local = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`;
  // Without OffsetTimeOriginal the camera's clock zone is unknown: a local time, no offset invented.
  return offset && EXIF_OFFSET.test(offset) ? `${local}${offset}` : local;
}

/**
 * DateTimeOriginal (with OffsetTimeOriginal when present) from an EXIF block as sharp's metadata
 * returns it (`Exif\0\0` then a TIFF header), or `null` when there is none or it cannot be read.
 */
export function captureTimeFromExif(exif: Buffer | undefined): string | null {
  if (!exif || exif.length < 14) return null;
  try {
    const bytes = exif.toString('latin1', 0, 6) === 'Exif\0\0' ? exif.subarray(6) : exif;
    const order = bytes.toString('latin1', 0, 2);
    if (order !== 'II' && order !== 'MM') return null;
    const t: Tiff = { bytes, little: order === 'II' };
    if (u16(t, 2) !== 42) return null;
    const ifd0 = asciiTags(t, u32(t, 4), [EXIF_IFD_POINTER]);
    const exifIfd = ifd0.get(EXIF_IFD_POINTER);
    if (exifIfd === undefined) return null;
    const tags = asciiTags(t, Number(exifIfd), [DATE_TIME_ORIGINAL, OFFSET_TIME_ORIGINAL]);
    const dateTime = tags.get(DATE_TIME_ORIGINAL);
    return dateTime ? exifDateToIso(dateTime, tags.get(OFFSET_TIME_ORIGINAL)) : null;
  } catch {
    // A pointer past the end of a damaged block: no capture time, the photo is still accepted.
    return null;
  }
}
