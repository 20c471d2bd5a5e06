import sharp from 'sharp';
import { sniffImageType } from '../../../src/services/images/sniff';

describe('sniffImageType', () => {
  const solid = () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } });

  it.each([
    ['jpeg', () => solid().jpeg().toBuffer()],
    ['png', () => solid().png().toBuffer()],
    ['webp', () => solid().webp().toBuffer()],
    ['heif', () => solid().avif().toBuffer()],
  ])('when the bytes are a real %s, then the magic numbers say so', async (expected, make) => {
    expect(sniffImageType(await make())).toBe(expected);
  });

  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n')],
    ['HTML', Buffer.from('<!doctype html><html><body>hi</body></html>')],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')],
    ['TIFF', Buffer.from('II*\x00\x08\x00\x00\x00', 'latin1')],
    ['text', Buffer.from('just some words')],
    [
      'MP4 (ISO-BMFF but not a HEIF brand)',
      Buffer.from('\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2', 'latin1'),
    ],
    ['two bytes of a JPEG', Buffer.from([0xff, 0xd8])],
  ])('when the bytes are %s, then no accepted type is found', (_name, bytes) => {
    expect(sniffImageType(bytes)).toBeUndefined();
  });

  it('when a HEIF names its HEVC brand only among the compatible brands, then it is still recognised', () => {
    const ftyp = Buffer.from('\x00\x00\x00\x18ftypmsf1\x00\x00\x00\x00hevc', 'latin1');
    ftyp.writeUInt32BE(20, 0);
    expect(sniffImageType(Buffer.concat([ftyp, Buffer.alloc(8)]))).toBe('heif');
  });
});
