import sharp from 'sharp';
import { assertHeifComplete } from '../../../src/services/images/heif-boxes';

describe('assertHeifComplete', () => {
  let avif: Buffer;

  beforeAll(async () => {
    // sharp can only write AV1-coded HEIF; the container layout (ftyp, meta/iloc, mdat) is the same as HEIC's.
    avif = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
      .avif({ quality: 50 })
      .toBuffer();
  });

  it('when the file is whole, then it passes', () => {
    expect(() => assertHeifComplete(avif)).not.toThrow();
  });

  it('when the file is cut off inside the image data, then it is refused', () => {
    expect(() => assertHeifComplete(avif.subarray(0, avif.length - 10))).toThrow(
      /past the end|runs past|cut off/,
    );
  });

  it('when the boxes were patched to look whole but an image extent ends past the data, then it is refused', () => {
    // Find the last top-level box (mdat) and shrink its declared size along with the file.
    let offset = 0;
    while (offset + avif.readUInt32BE(offset) < avif.length) offset += avif.readUInt32BE(offset);
    const cut = Buffer.from(avif.subarray(0, avif.length - 10));
    cut.writeUInt32BE(cut.length - offset, offset);

    expect(() => assertHeifComplete(cut)).toThrow(/image data runs past the end/);
  });

  it('when the file is cut off in a box header, then it is refused', () => {
    expect(() => assertHeifComplete(avif.subarray(0, 30))).toThrow();
  });

  it('when the file has no meta box, then it is refused', () => {
    const ftypOnly = avif.subarray(0, avif.readUInt32BE(0));
    expect(() => assertHeifComplete(ftypOnly)).toThrow(/no meta box/);
  });
});
