/**
 * sharp cannot be told which colour profile raw pixels are in, and iPhones shoot in Display P3.
 * Wrapping the decoded RGBA pixels in a minimal uncompressed TIFF that carries the HEIC's ICC
 * profile lets libvips convert them to sRGB exactly as it does for a JPEG with a profile. The
 * TIFF is internal: users' TIFF uploads are still refused by the type check.
 */

const TIFF_HEADER_BYTES = 8;
const IFD_ENTRY_BYTES = 12;

const SHORT = 3;
const LONG = 4;
const UNDEFINED = 7;

export interface RgbaPixels {
  width: number;
  height: number;
  /** width * height * 4 bytes, RGBA, 8 bits per sample. */
  data: Uint8Array;
}

/** Builds a little-endian baseline TIFF (one strip, RGBA, unassociated alpha) with `icc` embedded. */
export function rgbaToTiff(pixels: RgbaPixels, icc: Buffer): Buffer {
  const { width, height, data } = pixels;
  if (data.length !== width * height * 4) throw new Error('pixel buffer does not match its dimensions');
  const entries: Array<[tag: number, type: number, count: number, value: number]> = [];
  const entryCount = 12;
  const ifdBytes = 2 + entryCount * IFD_ENTRY_BYTES + 4;
  const bitsOffset = TIFF_HEADER_BYTES + ifdBytes;
  const iccOffset = bitsOffset + 8;
  const dataOffset = iccOffset + icc.length + (icc.length % 2);

  entries.push(
    [256, LONG, 1, width],
    [257, LONG, 1, height],
    [258, SHORT, 4, bitsOffset],
    [259, SHORT, 1, 1], // no compression
    [262, SHORT, 1, 2], // RGB
    [273, LONG, 1, dataOffset],
    [277, SHORT, 1, 4],
    [278, LONG, 1, height],
    [279, LONG, 1, data.length],
    [284, SHORT, 1, 1], // chunky
    [338, SHORT, 1, 2], // the fourth sample is unassociated alpha
    [34675, UNDEFINED, icc.length, iccOffset],
  );

  const tiff = Buffer.allocUnsafe(dataOffset + data.length);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(TIFF_HEADER_BYTES, 4);
  tiff.writeUInt16LE(entryCount, TIFF_HEADER_BYTES);
  entries.forEach(([tag, type, count, value], index) => {
    const at = TIFF_HEADER_BYTES + 2 + index * IFD_ENTRY_BYTES;
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    // A single SHORT sits left-justified in the 4-byte value field.
    if (type === SHORT && count === 1) tiff.writeUInt32LE(value & 0xffff, at + 8);
    else tiff.writeUInt32LE(value, at + 8);
  });
  tiff.writeUInt32LE(0, TIFF_HEADER_BYTES + 2 + entryCount * IFD_ENTRY_BYTES); // no next IFD
  for (let i = 0; i < 4; i += 1) tiff.writeUInt16LE(8, bitsOffset + i * 2);
  icc.copy(tiff, iccOffset);
  if (icc.length % 2) tiff[iccOffset + icc.length] = 0;
  tiff.set(data, dataOffset);
  return tiff;
}
