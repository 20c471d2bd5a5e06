import { SEED } from '../../../src/emulator';
import { authHeader } from '../../helpers/test-config';

export const LAUNCH = '/api/integrations/medtech/launch';

const practice = SEED.facilities[0];
export const FACILITY = practice.facilityId;
export const OTHER_FACILITY = SEED.facilities[1].facilityId;
/** Aroha Tapsell, ZZZ0016 (fictional, the emulator's seed). */
export const SEED_PATIENT = practice.patients[0];
export const PROVIDER = practice.practitioners[0].id;

export interface MintedLaunch {
  context: string;
  signature: string;
  launchUrl: string;
  createdTime: string;
}

/** Mints a launch on the emulator's control API, as Evolution would make one. */
export async function mintLaunch(
  emulatorUrl: string,
  input: {
    facilityId?: string;
    patientId?: string | null;
    providerId?: string | null;
    createdTime?: string;
  } = {},
): Promise<MintedLaunch> {
  const response = await fetch(`${emulatorUrl}/__emulator/launch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      facilityId: input.facilityId ?? FACILITY,
      patientId: input.patientId === undefined ? SEED_PATIENT.id : input.patientId,
      providerId: input.providerId === undefined ? PROVIDER : input.providerId,
      ...(input.createdTime ? { createdTime: input.createdTime } : {}),
    }),
  });
  if (response.status !== 201) throw new Error(`mint answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as MintedLaunch;
}

/** A launch whose pair holds at least one `+` (about every other mint does). */
export async function mintLaunchWithPlus(emulatorUrl: string): Promise<MintedLaunch> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const minted = await mintLaunch(emulatorUrl);
    if (`${minted.context}${minted.signature}`.includes('+')) return minted;
  }
  throw new Error('no minted launch held a "+" in 100 tries');
}

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the gateway, checked by the tests
  body: any;
}

/** Calls the gateway with the API key, as the frontend's server side does. */
export async function callGateway(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(base + path, {
    method,
    headers: { ...authHeader, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** POST launch with the pair as the frontend read it. */
export function decode(base: string, pair: { context: string; signature: string }): Promise<Answer> {
  return callGateway(base, 'POST', LAUNCH, { context: pair.context, signature: pair.signature });
}

/** Changes one character of base64 text to another base64 character. */
export function tamper(value: string): string {
  const index = Math.floor(value.length / 2);
  const swapped = value[index] === 'A' ? 'B' : 'A';
  return `${value.slice(0, index)}${swapped}${value.slice(index + 1)}`;
}
