import { deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

/** Budgets the gateway runs with by default (CONFIG.md). */
export const DEFAULT_LIMITS = {
  maxInputPixels: 60_000_000,
  maxOutputBytes: 1_048_576,
  maxEdgePx: 2048,
  maxInputEdgePx: 16_384,
};

/** The JPEG markers before the scan data, e.g. ['D8', 'E0', 'DB', 'C0', 'C4', 'DA']. */
export function jpegMarkers(jpeg: Buffer): string[] {
  const markers: string[] = [];
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return markers;
  markers.push('D8');
  let offset = 2;
  while (offset + 4 <= jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1];
    markers.push(marker.toString(16).toUpperCase());
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    offset += 2 + jpeg.readUInt16BE(offset + 2);
  }
  return markers;
}

/** Markers that carry metadata: APP1 (EXIF, XMP), APP2 (ICC), APP13 (IPTC), COM (comments). */
export const METADATA_MARKERS = ['E1', 'E2', 'ED', 'FE'];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG chunks use it (node:zlib's crc32 arrived only in Node 22). */
export function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A hand-made PNG whose header claims `width` x `height` but whose data is a few bytes: a bomb. */
export function pngWithDeclaredSize(width: number, height: number, idat: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Random RGB noise: the worst case for JPEG, so it cannot fit a small budget at high quality. */
export function noiseImage(width: number, height: number, seed = 1): Sharp {
  const data = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < data.length; i += 1) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    data[i] = state >> 23;
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

/** A landscape picture whose halves differ, so a wrong rotation or mirror shows in the pixels. */
export function twoToneImage(width: number, height: number): Sharp {
  return sharp({ create: { width, height, channels: 3, background: '#2050c0' } }).composite([
    {
      input: {
        create: {
          width: Math.round(width / 2),
          height: Math.round(height / 2),
          channels: 3,
          background: '#f0d020',
        },
      },
      left: 0,
      top: 0,
    },
  ]);
}

/** A 32x24 greyscale thumbnail, for comparing what two pictures look like. */
export function fingerprint(image: Buffer): Promise<Buffer> {
  return sharp(image).resize(32, 24, { fit: 'fill' }).greyscale().raw().toBuffer();
}

export function meanAbsoluteDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** A JPEG cut at `fraction` of its bytes with an end-of-image marker appended: a phone upload cut short. */
export function cutWithEndMarker(jpeg: Buffer, fraction: number): Buffer {
  return Buffer.concat([jpeg.subarray(0, Math.floor(jpeg.length * fraction)), Buffer.from([0xff, 0xd9])]);
}

/** The same JPEG with its SOF header rewritten to claim `width` x `height`: a header larger than its data. */
export function jpegClaimingSize(jpeg: Buffer, width: number, height: number): Buffer {
  const copy = Buffer.from(jpeg);
  let offset = 2;
  while (offset + 9 <= copy.length && copy[offset] === 0xff) {
    const marker = copy[offset + 1];
    if (marker >= 0xc0 && marker <= 0xc2) {
      copy.writeUInt16BE(height, offset + 5);
      copy.writeUInt16BE(width, offset + 7);
      return copy;
    }
    offset += 2 + copy.readUInt16BE(offset + 2);
  }
  throw new Error('no SOF marker found');
}

/**
 * A real, valid 1-bit greyscale PNG of `width` x `height`, all black, built row by row so that a
 * 59,999,999 x 1 picture is a few KB on disk (its one row of 7.5 MB deflates to almost nothing).
 */
export function oneBitPng(width: number, height: number): Buffer {
  const rowBytes = 1 + Math.ceil(width / 8); // filter byte, then 8 pixels a byte
  const raw = Buffer.alloc(rowBytes * height);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // 1-bit greyscale, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
