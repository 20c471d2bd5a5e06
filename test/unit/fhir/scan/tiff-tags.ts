/** The tag numbers of a TIFF's first IFD, with the first value of each short/long tag. */
export function firstIfdTags(tiff: Buffer): Map<number, number> {
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (offset: number) => (little ? tiff.readUInt16LE(offset) : tiff.readUInt16BE(offset));
  const u32 = (offset: number) => (little ? tiff.readUInt32LE(offset) : tiff.readUInt32BE(offset));
  if (u16(2) !== 42) throw new Error('not a classic TIFF');
  const ifd = u32(4);
  const tags = new Map<number, number>();
  for (let index = 0; index < u16(ifd); index += 1) {
    const entry = ifd + 2 + index * 12;
    const type = u16(entry + 2);
    tags.set(u16(entry), type === 3 ? u16(entry + 8) : u32(entry + 8));
  }
  return tags;
}

export const TIFF_TAG = {
  compression: 259,
  photometric: 262,
  xResolution: 282,
  yResolution: 283,
  resolutionUnit: 296,
  xmp: 700,
  iptc: 33723,
  photoshop: 34377,
  exifIfd: 34665,
  gpsIfd: 34853,
  icc: 34675,
} as const;
