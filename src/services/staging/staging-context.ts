import type { Config } from '../../config';
import type { KeyValueStore } from '../../stores/types';
import type { EventNotifier } from '../events';
import type { ImageProcessor } from '../images';

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
  /**
   * Asked before a delete, after the caller's access was checked: the commit step's atomic
   * tombstone (throws 409 while a write is in flight or the file is committed). A function
   * rather than the commit service itself, since commits depend on staging, not the reverse.
   */
  removalGate?: (fileId: string, by: 'phone' | 'apiKey') => Promise<void>;
}

export type StagingContext = Required<Omit<StagingDeps, 'sessions' | 'removalGate'>> &
  Pick<StagingDeps, 'sessions' | 'removalGate'>;
