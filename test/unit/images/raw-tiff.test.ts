import sharp from 'sharp';
import { rgbaToTiff } from '../../../src/services/images/raw-tiff';

describe('rgbaToTiff', () => {
  const pixels = (rgba: number[], count: number) => {
    const data = new Uint8Array(count * 4);
    for (let i = 0; i < count; i += 1) data.set(rgba, i * 4);
    return data;
  };

  async function displayP3Profile(): Promise<Buffer> {
    const tagged = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#808080' } })
      .withIccProfile('p3')
      .png()
      .toBuffer();
    return (await sharp(tagged).metadata()).icc as Buffer;
  }

  it('when wrapped, then sharp reads the same dimensions, channels and pixel values back', async () => {
    const tiff = rgbaToTiff(
      { width: 3, height: 2, data: pixels([200, 100, 50, 255], 6) },
      await displayP3Profile(),
    );

    const { data, info } = await sharp(tiff, { ignoreIcc: true }).raw().toBuffer({ resolveWithObject: true });

    expect(info).toMatchObject({ width: 3, height: 2, channels: 4 });
    expect([...data.subarray(0, 4)]).toEqual([200, 100, 50, 255]);
  });

  it('when the pixels are Display P3, then sharp converts them to different sRGB values through the embedded profile', async () => {
    const tiff = rgbaToTiff(
      { width: 2, height: 2, data: pixels([200, 100, 50, 255], 4) },
      await displayP3Profile(),
    );

    const srgb = await sharp(tiff).toColourspace('srgb').raw().toBuffer();

    // P3 orange is more saturated than the same numbers in sRGB: red goes up, blue goes down.
    expect(srgb[0]).toBeGreaterThan(205);
    expect(srgb[2]).toBeLessThan(45);
  });

  it('when the buffer does not match the dimensions, then it refuses to build a TIFF', () => {
    expect(() => rgbaToTiff({ width: 4, height: 4, data: new Uint8Array(10) }, Buffer.alloc(4))).toThrow();
  });
});
