import type { ImageProcessor } from '../../services/images';
import type { GatewayMetrics } from './gateway-metrics';

/**
 * The image processor with `process` timed into image_processing_duration_seconds by input
 * format (`jpeg`, `heic`, ...; `rejected` when the pipeline refused the bytes). Prototype
 * delegation keeps every other method of the processor as it is.
 */
export function instrumentImageProcessor(
  images: ImageProcessor,
  metrics: Pick<GatewayMetrics, 'recordImageProcessing'>,
): ImageProcessor {
  const instrumented = Object.create(images) as ImageProcessor;
  instrumented.process = async (input) => {
    const started = performance.now();
    try {
      const result = await images.process(input);
      metrics.recordImageProcessing(formatLabel(result.originalType), performance.now() - started);
      return result;
    } catch (error) {
      metrics.recordImageProcessing('rejected', performance.now() - started);
      throw error;
    }
  };
  return instrumented;
}

/** `image/heic` -> `heic`; anything odd becomes `other` in the metric. */
function formatLabel(contentType: string): string {
  return contentType.replace(/^image\//, '').toLowerCase();
}
