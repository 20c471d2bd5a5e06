import axios, { type AxiosInstance } from 'axios';
import { startEmulator, type RunningEmulator, type StartOptions } from '../../../src/emulator';

/** A started emulator (port 0) with an axios client that already holds a token and the facility header. */
export interface LiveEmulator {
  emulator: RunningEmulator;
  fhir: AxiosInstance;
  control: AxiosInstance;
  token: string;
}

export async function startLiveEmulator(options: StartOptions = {}): Promise<LiveEmulator> {
  const emulator = await startEmulator(options);
  const { credentials } = emulator;
  const tokenResponse = await axios.post(
    emulator.tokenUrl,
    new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      scope: credentials.scope,
    }),
  );
  const token = tokenResponse.data.access_token as string;
  const fhir = axios.create({
    baseURL: emulator.fhirBaseUrl,
    headers: {
      Authorization: `Bearer ${token}`,
      'mt-facilityid': 'F2N060-E',
      Accept: 'application/fhir+json',
    },
    validateStatus: () => true,
  });
  const control = axios.create({ baseURL: `${emulator.url}/__emulator`, validateStatus: () => true });
  return { emulator, fhir, control, token };
}

/** Waits until `check` passes (the journal is written when the socket closes, a tick after the client gives up). */
export async function eventually<T>(check: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const ZZZ0016_ID = '14e52e16edb7a435bfa05e307afd008b';

export function media(value = 'img-1'): fhir4.Media {
  return {
    resourceType: 'Media',
    identifier: [{ system: 'https://clinicpro.co.nz/image-id', value }],
    status: 'completed',
    subject: { reference: `Patient/${ZZZ0016_ID}` },
    createdDateTime: '2025-11-11T15:00:00+13:00',
    content: { contentType: 'image/jpeg', data: Buffer.from('jpeg-bytes').toString('base64') },
  };
}
