/**
 * The HEIC worker's code, run with `new Worker(source, { eval: true })`.
 *
 * Why a string and not a worker file: the same module must start the worker under ts-jest and tsx
 * (TypeScript sources, where a `.ts` worker file cannot be loaded by a bare worker thread) and from
 * the compiled `dist/` (where tsc would not copy a hand-written `.js` file). An eval'd worker needs
 * no loader and no build step in any of them. It is plain CommonJS, kept tiny; `heic-decode` is
 * required by the absolute path the parent resolved, so the worker's working directory is irrelevant.
 *
 * Protocol: in `{ id, input: Uint8Array, width, height, maxPixels }` (the primary image's size as
 * sharp read it from the header); out `{ id, width, height, data: ArrayBuffer }` with the pixel buffer
 * transferred (not copied), or `{ id, error: string }`.
 */
export const HEIC_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const decode = require(workerData.heicDecodePath);

// On Linux a nice value is per thread: this lowers only the decoder's priority, so when the cores
// are busy the event loop and JPEG work are scheduled first. Elsewhere it may apply to the process
// or be refused; decoding works either way.
if (process.platform === 'linux') {
  try {
    require('node:os').setPriority(workerData.nice);
  } catch (error) {
    // not permitted in this environment: keep the default priority
  }
}

// heic-decode's default export takes the first top-level image, which need not be the primary one;
// pick the image with the primary's size instead, and never decode one larger than the pixel limit.
function choose(images, width, height, maxPixels) {
  const image = images.find((candidate) => candidate.width === width && candidate.height === height) || images[0];
  if (image.width * image.height > maxPixels) throw new Error('image larger than the pixel limit');
  return image;
}

parentPort.on('message', async ({ id, input, width, height, maxPixels }) => {
  let images;
  try {
    images = await decode.all({ buffer: input });
    // libheif applies the container's irot/imir transforms, so the pixels come out upright.
    const decoded = await choose(images, width, height, maxPixels).decode();
    const data = decoded.data;
    parentPort.postMessage(
      { id, width: decoded.width, height: decoded.height, data: data.buffer, byteOffset: data.byteOffset, byteLength: data.byteLength },
      [data.buffer],
    );
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  } finally {
    if (images) images.dispose();
  }
});
`;
