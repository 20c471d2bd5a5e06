import type { Express } from 'express';
import sharp from 'sharp';
import request from 'supertest';
import type { Config } from '../../../src/config';
import type { ImageProcessor } from '../../../src/services/images';
import { assembleGateway } from '../../../src/bootstrap';
import type { StagingService, UploadBudget } from '../../../src/services/staging';
import type { SessionService } from '../../../src/services/sessions';
import { createMemoryStore } from '../../../src/stores/memory-store';
import type { KeyValueStore } from '../../../src/stores/types';
import { captureLogs } from '../../helpers/log-capture';
import { authHeader, testConfig } from '../../helpers/test-config';

export const FACILITY = 'F2N060-E';
export const OTHER_FACILITY = 'F99669-C';
export const PATIENT_NAME = 'Aroha Testpatient';
export const PATIENT_NHI = 'ZZZ0016';
export const MOBILE = '/api/integrations/medtech/mobile';
export const ATTACHMENTS = '/api/integrations/medtech/attachments';
export { authHeader };

export interface Harness {
  app: Express;
  config: Readonly<Config>;
  store: KeyValueStore;
  sessions: SessionService;
  staging: StagingService;
  images: ImageProcessor;
  uploadBudget: UploadBudget;
  logs: ReturnType<typeof captureLogs>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  store?: KeyValueStore;
  clock?: () => number;
}

/**
 * The gateway as bootstrap wires it for phone handoff and uploads: createApp with the mobile
 * and attachment routers, a real store, the real image pipeline and a capturing logger.
 */
export function buildHarness(options: HarnessOptions = {}): Harness {
  const config = testConfig({ MEDTECH_FACILITY_IDS: `${FACILITY},${OTHER_FACILITY}`, ...options.env });
  const logs = captureLogs('debug');
  const gateway = assembleGateway(config, logs.logger, {
    store: options.store ?? createMemoryStore(),
    clock: options.clock,
  });
  return {
    app: gateway.app,
    config,
    store: gateway.store,
    sessions: gateway.services.sessions,
    staging: gateway.services.staging,
    images: gateway.services.images,
    uploadBudget: gateway.services.uploadBudget,
    logs,
    close: async () => {
      await gateway.close();
      if (!options.store) await gateway.store.close();
    },
  };
}

export interface StartedSession {
  sessionId: string;
  token: string;
  mobileUploadUrl: string;
  qrSvg: string;
  expiresAt: string;
}

/** POST /mobile/initiate with the API key; returns the session and its phone token. */
export async function startSession(
  app: Express,
  encounterId = 'enc-1',
  facilityId = FACILITY,
): Promise<StartedSession> {
  const response = await request(app)
    .post(`${MOBILE}/initiate`)
    .set(authHeader)
    .send({
      encounterId,
      patientId: 'pat-1',
      facilityId,
      patientDisplay: { name: PATIENT_NAME, nhi: PATIENT_NHI },
    })
    .expect(201);
  const token = new URL(response.body.mobileUploadUrl).searchParams.get('t') ?? '';
  return { ...response.body, token };
}

export const phone = (token: string) => ({ 'x-mobile-token': token });

/** upload-initiate as the phone; returns the declared files in order. */
export async function declareFromPhone(
  app: Express,
  token: string,
  files: Array<{ clientRef: string; contentType?: string; sizeBytes?: number }>,
): Promise<Array<{ fileId: string; uploadUrl: string; clientRef: string }>> {
  const response = await request(app)
    .post(`${ATTACHMENTS}/upload-initiate`)
    .set(phone(token))
    .send({ files: files.map((file) => ({ contentType: 'image/jpeg', sizeBytes: 500_000, ...file })) })
    .expect(201);
  return response.body.files;
}

/** A JPEG with EXIF including a GPS position (Auckland), as a phone would send it. */
export async function gpsJpeg(width = 1200, height = 900): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 190, g: 90, b: 60 } } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'Handset 1' },
      IFD3: {
        GPSLatitudeRef: 'S',
        GPSLatitude: '36/1 50/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '174/1 45/1 0/1',
      },
    })
    .toBuffer();
}
