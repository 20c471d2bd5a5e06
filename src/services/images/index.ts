export { createImageProcessor, type ImageProcessorOptions } from './processor';
export type { ImageLimits, ImageProcessor, ProcessedImage } from './types';
export { findHeifConvert } from './heif-convert';
