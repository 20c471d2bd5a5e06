import type { Express } from 'express';
import request from 'supertest';
import {
  createEmulatorApp,
  EMULATOR_CREDENTIALS,
  NHI_SYSTEM,
  type EmulatorOptions,
  type EmulatorState,
} from '../../../src/emulator';

/** Shared set-up for the emulator's tests: an app, a token, and FHIR requests with ALEX's headers. */
export const FACILITY = 'F2N060-E';
export const OTHER_FACILITY = 'F99669-C';
export const ZZZ0016_ID = '14e52e16edb7a435bfa05e307afd008b';
export const TOKEN_PATH = `/${EMULATOR_CREDENTIALS.tenantId}/oauth2/v2.0/token`;
export { NHI_SYSTEM };

export function tokenForm(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const form: Record<string, string | undefined> = {
    grant_type: 'client_credentials',
    client_id: EMULATOR_CREDENTIALS.clientId,
    client_secret: EMULATOR_CREDENTIALS.clientSecret,
    scope: EMULATOR_CREDENTIALS.scope,
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

export async function fetchToken(app: Express): Promise<string> {
  const response = await request(app).post(TOKEN_PATH).type('form').send(tokenForm()).expect(200);
  return response.body.access_token as string;
}

export interface Kit {
  app: Express;
  state: EmulatorState;
  token: string;
  /** GET with a valid token and the facility header (F2N060-E unless given). */
  get(path: string, facility?: string): request.Test;
  /** POST a FHIR JSON body with a valid token and the facility header. */
  post(path: string, body: unknown, facility?: string): request.Test;
}

export async function emulatorKit(options: EmulatorOptions = {}): Promise<Kit> {
  const { app, state } = createEmulatorApp(options);
  const token = await fetchToken(app);
  const headers = (facility: string) => ({ Authorization: `Bearer ${token}`, 'mt-facilityid': facility });
  return {
    app,
    state,
    token,
    get: (path, facility = FACILITY) => request(app).get(path).set(headers(facility)),
    post: (path, body, facility = FACILITY) =>
      request(app)
        .post(path)
        .set(headers(facility))
        .set('Content-Type', 'application/fhir+json')
        .send(JSON.stringify(body)),
  };
}

/** A small valid JPEG-ish payload: the emulator checks base64 and size, not pixels. */
export const SMALL_IMAGE = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9,
]);

/** A Media shaped like the one UAT accepted (ALEX.md section 4). */
export function mediaBody(overrides: Partial<fhir4.Media> = {}): fhir4.Media {
  return {
    resourceType: 'Media',
    identifier: [{ system: 'https://clinicpro.co.nz/image-id', value: 'img-0001' }],
    status: 'completed',
    type: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/media-type', code: 'image', display: 'Image' },
      ],
    },
    subject: { reference: `Patient/${ZZZ0016_ID}` },
    createdDateTime: '2025-11-11T15:00:00+13:00',
    content: {
      contentType: 'image/jpeg',
      data: SMALL_IMAGE.toString('base64'),
      title: 'Left forearm lesion',
    },
    ...overrides,
  };
}
