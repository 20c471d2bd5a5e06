import sharp from 'sharp';

/**
 * A camera-sized JPEG made on the spot, for tests that need a photo but not the shared corpus.
 * Random noise compresses like a photo (about 700 KB) and gives every call its own hash.
 */
export async function generatedPhoto(seed: number, name = `generated-${seed}.jpg`) {
  const buffer = await sharp({
    create: {
      width: 1600,
      height: 1200,
      channels: 3,
      background: { r: (seed * 67) % 256, g: 90, b: 160 },
      noise: { type: 'gaussian', mean: 128, sigma: 30 },
    },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
  return { name, mimeType: 'image/jpeg', buffer };
}
