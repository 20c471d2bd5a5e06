/**
 * A structural check of HEIF/AVIF files (ISO-BMFF) before decoding. libheif decodes a truncated
 * HEIC "successfully", painting the missing tiles a flat colour; a clinician would then see half a
 * photo. So a file is refused when a box, or an image item's data (the `iloc` extents), runs past
 * the end of the bytes received.
 */

interface Box {
  type: string;
  start: number;
  /** Where the box's payload starts (after size, type and any 64-bit size). */
  body: number;
  end: number;
}

function* boxes(bytes: Buffer, start: number, end: number): Generator<Box> {
  let offset = start;
  while (offset + 8 <= end) {
    let size = bytes.readUInt32BE(offset);
    let header = 8;
    if (size === 1) {
      if (offset + 16 > end) throw new Error('box header cut off');
      size = Number(bytes.readBigUInt64BE(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header) throw new Error('box with an impossible size');
    if (offset + size > end) throw new Error('box runs past the end of the file');
    yield {
      type: bytes.toString('latin1', offset + 4, offset + 8),
      start: offset,
      body: offset + header,
      end: offset + size,
    };
    offset += size;
  }
  if (offset !== end && end - offset < 8) throw new Error('trailing bytes shorter than a box header');
}

function readUInt(bytes: Buffer, offset: number, size: number): number {
  if (size === 0) return 0;
  if (size === 4) return bytes.readUInt32BE(offset);
  if (size === 8) return Number(bytes.readBigUInt64BE(offset));
  if (size === 2) return bytes.readUInt16BE(offset);
  throw new Error(`unsupported iloc field size ${size}`);
}

/** Throws when an item stored by file offset (construction method 0) ends past the file's end. */
function checkItemLocations(bytes: Buffer, iloc: Box): void {
  const version = bytes[iloc.body];
  let p = iloc.body + 4;
  const offsetSize = bytes[p] >> 4;
  const lengthSize = bytes[p] & 0x0f;
  const baseOffsetSize = bytes[p + 1] >> 4;
  const indexSize = version === 1 || version === 2 ? bytes[p + 1] & 0x0f : 0;
  p += 2;
  const itemCount = version < 2 ? bytes.readUInt16BE(p) : bytes.readUInt32BE(p);
  p += version < 2 ? 2 : 4;
  for (let item = 0; item < itemCount; item += 1) {
    p += version < 2 ? 2 : 4; // item_ID
    let constructionMethod = 0;
    if (version === 1 || version === 2) {
      constructionMethod = bytes.readUInt16BE(p) & 0x0f;
      p += 2;
    }
    p += 2; // data_reference_index
    const baseOffset = readUInt(bytes, p, baseOffsetSize);
    p += baseOffsetSize;
    const extentCount = bytes.readUInt16BE(p);
    p += 2;
    for (let extent = 0; extent < extentCount; extent += 1) {
      p += indexSize;
      const extentOffset = readUInt(bytes, p, offsetSize);
      p += offsetSize;
      const extentLength = readUInt(bytes, p, lengthSize);
      p += lengthSize;
      if (p > iloc.end) throw new Error('iloc box cut off');
      if (constructionMethod === 0 && baseOffset + extentOffset + extentLength > bytes.length) {
        throw new Error('image data runs past the end of the file');
      }
    }
  }
}

/**
 * Throws an Error describing the damage when the HEIF container is cut off or inconsistent;
 * returns quietly when every box and every image extent lies within `bytes`.
 */
export function assertHeifComplete(bytes: Buffer): void {
  let meta: Box | undefined;
  for (const box of boxes(bytes, 0, bytes.length)) if (box.type === 'meta') meta = box;
  if (!meta) throw new Error('no meta box');
  // `meta` is a full box: 4 bytes of version and flags before its children.
  for (const child of boxes(bytes, meta.body + 4, meta.end)) {
    if (child.type === 'iloc') return checkItemLocations(bytes, child);
  }
  throw new Error('no iloc box');
}
