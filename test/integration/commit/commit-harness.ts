import type { Express } from 'express';
import sharp from 'sharp';
import request from 'supertest';
import { SEED, type JournalEntry, type RunningEmulator } from '../../../src/emulator';
import { validateFhirResource } from '../../../src/fhir/conformance';
import { authHeader } from '../../helpers/test-config';
import { startGatewayWithEmulator, type GatewayWithEmulator } from '../../helpers/gateway-with-emulator';

/**
 * Shared pieces of the commit integration tests: the seeded practice, dictionary codings,
 * staging helpers that go through the real HTTP API, and journal readers.
 */
export const FACILITY = 'F2N060-E';
export const OTHER_FACILITY = 'F99669-C';
export const PATIENT_ID = '14e52e16edb7a435bfa05e307afd008b';
/** Another seeded patient of the same practice. */
export const OTHER_PATIENT_ID = SEED.facilities[0].patients[1].id;
export const [DR_MARSH, DR_RUAWAI, NURSE_PEMBERTON] = SEED.facilities[0].practitioners.map((p) => p.id);
export const ATTACHMENTS = '/api/integrations/medtech/attachments';
export const MOBILE = '/api/integrations/medtech/mobile';
export const COMMIT = `${ATTACHMENTS}/commit`;
export { authHeader };

const SCT = 'http://snomed.info/sct';
export const CODES = {
  forearm: { system: SCT, code: '14975008', display: 'Forearm' },
  upperArm: { system: SCT, code: '40983000', display: 'Upper arm' },
  chest: { system: SCT, code: '51185008', display: 'Chest' },
  left: { system: SCT, code: '7771000', display: 'Left' },
  right: { system: SCT, code: '24028007', display: 'Right' },
  notApplicable: { system: SCT, code: '385432009', display: 'Not applicable (midline, unpaired)' },
  closeUp: {
    system: 'https://clinicpro.co.nz/fhir/CodeSystem/image-view',
    code: 'close-up',
    display: 'Close-up',
  },
  lesion: { system: 'https://clinicpro.co.nz/fhir/CodeSystem/image-type', code: 'lesion', display: 'Lesion' },
};

export const MEDIA_ROUTE = 'POST /FHIR/Media';
export const COMMUNICATION_ROUTE = 'POST /FHIR/Communication';
export const TASK_ROUTE = 'POST /FHIR/Task';

export interface StagingContext {
  encounterId: string;
  patientId: string;
  facilityId: string;
}

export const DEFAULT_CONTEXT: StagingContext = {
  encounterId: 'enc-1',
  patientId: PATIENT_ID,
  facilityId: FACILITY,
};

/** Starts the gateway (live mode) against a fresh emulator; `env` overrides CONFIG.md variables. */
export function startCommitGateway(env: Record<string, string> = {}): Promise<GatewayWithEmulator> {
  return startGatewayWithEmulator({ env });
}

/** A small JPEG whose pixels (hence SHA) differ with `seed`. */
export async function distinctJpeg(seed: number, width = 96, height = 72): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: (seed * 37) % 256, g: (seed * 91 + 40) % 256, b: (seed * 53 + 90) % 256 },
    },
  })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** upload-initiate with the API key (desktop) and an upload of each buffer; returns the file ids. */
export async function stageFiles(
  app: Express,
  buffers: Buffer[],
  context: StagingContext = DEFAULT_CONTEXT,
): Promise<string[]> {
  const declared = await request(app)
    .post(`${ATTACHMENTS}/upload-initiate`)
    .set(authHeader)
    .send({
      ...context,
      files: buffers.map((bytes, index) => ({
        clientRef: `f${index}`,
        contentType: 'image/jpeg',
        sizeBytes: bytes.length,
      })),
    })
    .expect(201);
  const files = declared.body.files as Array<{ fileId: string; uploadUrl: string }>;
  for (const [index, file] of files.entries()) {
    await request(app)
      .post(file.uploadUrl)
      .set(authHeader)
      .attach('file', buffers[index], { filename: `photo${index}.jpg`, contentType: 'image/jpeg' })
      .expect(200);
  }
  return files.map((file) => file.fileId);
}

/** Declares files without uploading them (they stay `awaiting_upload`). */
export async function declareOnly(app: Express, count: number, context = DEFAULT_CONTEXT): Promise<string[]> {
  const declared = await request(app)
    .post(`${ATTACHMENTS}/upload-initiate`)
    .set(authHeader)
    .send({
      ...context,
      files: Array.from({ length: count }, (_, i) => ({
        clientRef: `d${i}`,
        contentType: 'image/jpeg',
        sizeBytes: 1000,
      })),
    })
    .expect(201);
  return (declared.body.files as Array<{ fileId: string }>).map((file) => file.fileId);
}

/** The staged JPEG as the desktop reads it before committing. */
export function stagedContent(app: Express, fileId: string, facilityId = FACILITY) {
  return request(app)
    .get(`${ATTACHMENTS}/${fileId}/content`)
    .query({ facilityId })
    .set(authHeader)
    .buffer(true);
}

export interface FileOptions {
  resend?: boolean;
  meta?: Record<string, unknown>;
  alsoInbox?: Record<string, unknown>;
  alsoTask?: Record<string, unknown>;
  idempotencyKey?: string;
}

/** A commit body for `fileIds`, each with `perFile(index)` options (defaults: forearm, left, no follow-ups). */
export function commitBody(
  fileIds: string[],
  perFile: (index: number) => FileOptions = () => ({}),
  context: StagingContext = DEFAULT_CONTEXT,
) {
  return {
    ...context,
    providerId: DR_MARSH,
    files: fileIds.map((fileId, index) => {
      const options = perFile(index);
      return {
        fileId,
        meta: options.meta ?? { bodySite: CODES.forearm, laterality: CODES.left },
        ...(options.alsoInbox && { alsoInbox: options.alsoInbox }),
        ...(options.alsoTask && { alsoTask: options.alsoTask }),
        ...(options.idempotencyKey && { idempotencyKey: options.idempotencyKey }),
        ...(options.resend && { resend: true }),
      };
    }),
  };
}

export function commit(app: Express, body: unknown) {
  return request(app)
    .post(COMMIT)
    .set(authHeader)
    .send(body as object);
}

/** Journal entries for FHIR routes only (the token request left out), optionally one route. */
export function fhirCalls(emulator: RunningEmulator, route?: string, since?: number): JournalEntry[] {
  return emulator.state
    .journal(since)
    .filter((entry) => entry.route.includes('/FHIR') && (route === undefined || entry.route === route));
}

/** The highest journal sequence number so far: pass it as `since` to see only later calls. */
export function journalMark(emulator: RunningEmulator): number {
  const entries = emulator.state.journal();
  return entries.length === 0 ? 0 : entries[entries.length - 1].seq;
}

export const identifierOf = (entry: JournalEntry): string | undefined =>
  (entry.body as { identifier?: Array<{ value?: string }> } | undefined)?.identifier?.[0]?.value;

/** Every resource body the gateway sent ALEX, checked against the FHIR R4 schema; returns the failures. */
export function nonConformantBodies(emulator: RunningEmulator): Array<{ route: string; issues: unknown }> {
  return fhirCalls(emulator)
    .filter((entry) => entry.method === 'POST')
    .map((entry) => ({ route: entry.route, result: validateFhirResource(entry.body) }))
    .filter(({ result }) => !result.valid)
    .map(({ route, result }) => ({ route, issues: 'issues' in result ? result.issues : [] }));
}

/** The most requests in flight at any instant; a request ending at t is out before one starting at t. */
export function maxInFlight(entries: JournalEntry[]): number {
  const events = entries.flatMap((entry) => [
    { at: entry.atMs, delta: 1 },
    { at: entry.atMs + (entry.durationMs ?? 0), delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let max = 0;
  for (const event of events) {
    current += event.delta;
    max = Math.max(max, current);
  }
  return max;
}

/** The file view (GET attachments/:fileId) with its commit state. */
export function fileView(app: Express, fileId: string, facilityId = FACILITY) {
  return request(app).get(`${ATTACHMENTS}/${fileId}`).query({ facilityId }).set(authHeader);
}

/** Polls the file view until its commit state is `status` (background delivery at work). */
export async function waitForCommitStatus(
  app: Express,
  fileId: string,
  status: 'committed' | 'queued' | 'error',
  timeoutMs = 15_000,
): Promise<{ commit: Record<string, unknown> } & Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const view = await fileView(app, fileId);
    if (view.status === 200 && view.body.commit?.status === status) return view.body;
    if (Date.now() > until)
      throw new Error(`file ${fileId} never reached ${status}: ${JSON.stringify(view.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
