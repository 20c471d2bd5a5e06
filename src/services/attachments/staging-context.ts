import type { Config } from '../../config';
import type { KeyValueStore } from '../../stores/types';
import type { EventNotifier } from '../events';
import type { ImageProcessor } from '../images/types';

/** The collaborators of the staging service. */
export interface StagingDeps {
  config: Readonly<Pick<Config, 'images' | 'store' | 'medtech'>>;
  store: KeyValueStore;
  images: ImageProcessor;
  /** Told about a phone session's first upload (created | opened -> uploading). */
  sessions?: { markUploading(sessionId: string): Promise<void> };
  /** Told about every change of a file (live status); ids only. Defaults to nobody. */
  notify?: Pick<EventNotifier, 'fileChanged'>;
  /** Epoch milliseconds; tests pass a fake. */
  clock?: () => number;
}

export type StagingContext = Required<Omit<StagingDeps, 'sessions'>> & Pick<StagingDeps, 'sessions'>;
