import sharp from 'sharp';

/** The dictionary codings the caption tests use (CODES.md). */
export const FOREARM = { system: 'http://snomed.info/sct', code: '14975008', display: 'Forearm' };
export const LEFT = { system: 'http://snomed.info/sct', code: '7771000', display: 'Left' };
export const NOT_APPLICABLE = {
  system: 'http://snomed.info/sct',
  code: '385432009',
  display: 'Not applicable',
};
export const CLOSE_UP = {
  system: 'https://clinicpro.co.nz/fhir/CodeSystem/image-view',
  code: 'close-up',
  display: 'Close-up',
};
export const LESION = {
  system: 'https://clinicpro.co.nz/fhir/CodeSystem/image-type',
  code: 'lesion',
  display: 'Lesion',
};

/** A baseline JPEG like the pipeline stores: a gradient, so its pixels are not uniform. */
export async function storedLikeJpeg(width: number, height: number, quality = 85) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 3;
      pixels[offset] = (x * 255) / width;
      pixels[offset + 1] = (y * 255) / height;
      pixels[offset + 2] = 128;
    }
  }
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
  return { jpeg, width, height };
}

/** A JPEG of random noise, which does not compress: `megapixels` of it make a big file. */
export async function noiseJpeg(width: number, height: number) {
  const jpeg = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 90 },
    },
  })
    .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
    .toBuffer();
  return { jpeg, width, height };
}
