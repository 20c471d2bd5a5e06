/**
 * Byte-level edits of a JPEG's header segments, for the JPEG that `heif-convert` writes: its EXIF
 * is dropped (libheif has already applied the HEIF's irot/imir, so an orientation tag could only
 * turn the picture twice) and the HEIC's ICC profile is put in (heif-convert leaves it out, and an
 * iPhone's pixels are Display P3). The entropy-coded data is copied untouched.
 */

const SOI = 0xd8;
const SOS = 0xda;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const ICC_SIGNATURE = Buffer.from('ICC_PROFILE\0', 'latin1');
/** A segment's payload is at most 65533 bytes: 2 for the length, 14 for the signature and sequence. */
const ICC_CHUNK_BYTES = 65519;

interface Segment {
  marker: number;
  start: number;
  end: number;
}

function headerSegments(jpeg: Buffer): { segments: Segment[]; scanStart: number } {
  if (jpeg[0] !== 0xff || jpeg[1] !== SOI) throw new Error('not a JPEG');
  const segments: Segment[] = [];
  let offset = 2;
  for (;;) {
    if (offset + 4 > jpeg.length || jpeg[offset] !== 0xff) throw new Error('JPEG header cut off');
    const marker = jpeg[offset + 1];
    if (marker === SOS) return { segments, scanStart: offset };
    const end = offset + 2 + jpeg.readUInt16BE(offset + 2);
    if (end > jpeg.length) throw new Error('JPEG segment runs past the end');
    segments.push({ marker, start: offset, end });
    offset = end;
  }
}

function iccSegments(icc: Buffer): Buffer[] {
  const count = Math.ceil(icc.length / ICC_CHUNK_BYTES);
  return Array.from({ length: count }, (_, index) => {
    const chunk = icc.subarray(index * ICC_CHUNK_BYTES, (index + 1) * ICC_CHUNK_BYTES);
    const head = Buffer.alloc(4);
    head[0] = 0xff;
    head[1] = APP2;
    head.writeUInt16BE(2 + ICC_SIGNATURE.length + 2 + chunk.length, 2);
    return Buffer.concat([head, ICC_SIGNATURE, Buffer.from([index + 1, count]), chunk]);
  });
}

/** The JPEG without APP1 (EXIF, XMP) or APP2 (ICC) segments, with `icc` embedded when given. */
export function replaceJpegMetadata(jpeg: Buffer, icc: Buffer | undefined): Buffer {
  const { segments, scanStart } = headerSegments(jpeg);
  const kept = segments.filter((segment) => segment.marker !== APP1 && segment.marker !== APP2);
  const parts: Buffer[] = [jpeg.subarray(0, 2)];
  // JFIF's APP0 stays first, as its specification asks; the profile follows it.
  const app0 = kept.findIndex((segment) => segment.marker === APP0);
  kept.forEach((segment, index) => {
    if (index === 0 && app0 !== 0 && icc) parts.push(...iccSegments(icc));
    parts.push(jpeg.subarray(segment.start, segment.end));
    if (index === app0 && icc) parts.push(...iccSegments(icc));
  });
  if (kept.length === 0 && icc) parts.push(...iccSegments(icc));
  parts.push(jpeg.subarray(scanStart));
  return Buffer.concat(parts);
}
