import { SEED } from '../../../src/emulator';
import { startGatewayWithEmulator, type GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import { TEST_API_KEY, authHeader } from '../../helpers/test-config';
import { freePort, listen } from './listen';

export { TEST_API_KEY };

const practice = SEED.facilities[0];
export const FACILITY = practice.facilityId;
/** Aroha Tapsell, ZZZ0016: a seeded test patient (fictional). */
export const PATIENT = {
  id: practice.patients[0].id,
  name: `${practice.patients[0].given} ${practice.patients[0].family}`,
  nhi: practice.patients[0].nhi,
};
export const [PRACTITIONER, OTHER_PRACTITIONER] = practice.practitioners.map((p) => p.id);

export const API = '/api/integrations/medtech';

export interface E2eGateway {
  harness: GatewayWithEmulator;
  /** `http://127.0.0.1:<port>`, also the origin of MOBILE_UPLOAD_BASE_URL. */
  url: string;
  close(): Promise<void>;
}

/**
 * The whole gateway in live mode against its own ALEX emulator, on a real port known before the
 * gateway is built, so MOBILE_UPLOAD_BASE_URL (and so the QR link) points at this very server.
 */
export async function startE2eGateway(env: Record<string, string> = {}): Promise<E2eGateway> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const harness = await startGatewayWithEmulator({
    env: { MOBILE_UPLOAD_BASE_URL: `${url}/mobile`, GATEWAY_PUBLIC_URL: url, ...env },
  });
  let stop: () => Promise<void>;
  try {
    stop = await listen(harness.gateway.app, port);
  } catch (error) {
    await harness.close();
    throw error;
  }
  return {
    harness,
    url,
    async close() {
      await stop();
      await harness.close();
    },
  };
}

export interface ApiAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the gateway, checked by the tests
  body: any;
}

/** Calls the gateway with the API key, as the ClinicPro frontend's server does. */
export async function callApi(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const response = await fetch(base + API + path, {
    method,
    headers: { ...authHeader, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export interface StartedSession {
  sessionId: string;
  mobileUploadUrl: string;
  expiresAt: string;
  ttlSeconds: number;
}

/** POST mobile/initiate for the seeded patient, with the name and NHI the phone page shows. */
export async function initiateSession(
  base: string,
  encounterId: string,
  options: { patientDisplay?: boolean } = {},
): Promise<StartedSession> {
  const answer = await callApi(base, 'POST', '/mobile/initiate', {
    encounterId,
    patientId: PATIENT.id,
    facilityId: FACILITY,
    ...(options.patientDisplay === false ? {} : { patientDisplay: { name: PATIENT.name, nhi: PATIENT.nhi } }),
  });
  if (answer.status !== 201)
    throw new Error(`initiate answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export interface SessionFile {
  fileId: string;
  clientRef: string;
  position: number;
  status: string;
  width: number;
  height: number;
  sha256: string;
}

/** The desktop's view of a session (GET mobile/sessions/:id). */
export async function sessionFiles(base: string, sessionId: string): Promise<SessionFile[]> {
  const answer = await callApi(
    base,
    'GET',
    `/mobile/sessions/${encodeURIComponent(sessionId)}?facilityId=${encodeURIComponent(FACILITY)}`,
  );
  if (answer.status !== 200) throw new Error(`session view answered ${answer.status}`);
  return answer.body.files;
}
