import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { FAULTS, type Fault } from './faults';
import { nzDateTime } from './launch-contexts';
import { SEED } from './seed';
import type { EmulatorState } from './state';

const faultSchema = z.strictObject({
  route: z.string().min(1),
  count: z.number().int().positive().optional(),
  kind: z.enum(['status', 'drop', 'delay']),
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  delayMs: z.number().int().min(0).optional(),
  afterWrite: z.boolean().optional(),
  processAfterDelay: z.boolean().optional(),
});

/** Shorthand for curl users: `{"preset":"rateLimited","route":"GET /FHIR/Patient","retryAfter":"2"}`. */
const presetSchema = z.strictObject({
  preset: z.enum([
    'practiceOffline',
    'rateLimited',
    'serverError',
    'unauthorized',
    'drop',
    'dropAfterWrite',
    'delay',
    'slowWrite',
    'errorAfterWrite',
    'forbidden',
  ]),
  route: z.string().min(1).default('*'),
  count: z.number().int().positive().default(1),
  retryAfter: z.string().optional(),
  delayMs: z.number().int().min(0).default(0),
  /** For `errorAfterWrite`: the proxy's status. */
  status: z.union([z.literal(500), z.literal(502), z.literal(504)]).default(502),
});

const latencySchema = z.strictObject({ route: z.string().min(1), ms: z.number().min(0) });
const lifetimeSchema = z.strictObject({ seconds: z.number().int().min(0) });
/** Where the minted launchUrl points unless the control call names the frontend. */
export const DEFAULT_LAUNCH_BASE_URL = 'http://localhost:3001/medtech-images/launch';

const typeSchema = z.enum(['Media', 'Communication', 'Task', 'DocumentReference']);
const launchId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);
const launchSchema = z.strictObject({
  facilityId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  patientId: launchId.nullable(),
  providerId: launchId.nullable().default(null),
  /** An older (or any) time for expiry tests; default now. Written in NZ time with its offset. */
  createdTime: z.iso.datetime({ offset: true }).optional(),
  /** The frontend launch route Evolution opens; the pair is appended as Evolution does, unencoded. */
  launchBaseUrl: z.url().default(DEFAULT_LAUNCH_BASE_URL),
});
/** Behaviour switches that stay until changed or reset (unlike faults, which are consumed). */
const controlsSchema = z.strictObject({
  documentReferenceSearch: z.enum(['allowed', 'forbidden']).optional(),
});

function fromPreset(input: z.infer<typeof presetSchema>): Fault {
  switch (input.preset) {
    case 'rateLimited':
      return FAULTS.rateLimited(input.route, input.retryAfter, input.count);
    case 'delay':
      return FAULTS.delay(input.route, input.delayMs, input.count);
    case 'slowWrite':
      return FAULTS.slowWrite(input.route, input.delayMs, input.count);
    case 'errorAfterWrite':
      return FAULTS.errorAfterWrite(input.route, input.status, input.count);
    default:
      return FAULTS[input.preset](input.route, input.count);
  }
}

function controlsOf(state: EmulatorState) {
  return { documentReferenceSearch: state.documentReferenceSearch() };
}

function parse<T>(schema: z.ZodType<T>, value: unknown, res: Response): T | undefined {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  res
    .status(400)
    .json({ error: result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) });
  return undefined;
}

/**
 * The test and benchmark remote control, under /__emulator/. No authentication: the
 * emulator listens on loopback only. These calls are not journaled.
 */
export function controlApi(state: EmulatorState): Router {
  const router = Router();
  router.use(express.json({ limit: '256kb' }));
  router.get('/journal', (req, res) => {
    const since = Number(req.query.since);
    res.json({ entries: state.journal(Number.isFinite(since) ? since : undefined) });
  });
  router.delete('/journal', (_req, res) => {
    state.resetJournal();
    res.status(204).end();
  });
  router.post('/reset', (_req, res) => {
    state.reset();
    res.status(204).end();
  });
  router.post('/latency', (req, res) => {
    const input = parse(latencySchema, req.body, res);
    if (!input) return;
    state.setLatency(input.route, input.ms);
    res.status(204).end();
  });
  router.post('/faults', (req, res) => {
    const body: unknown = req.body;
    const isPreset = typeof body === 'object' && body !== null && 'preset' in body;
    const fault = isPreset
      ? parse(presetSchema.transform(fromPreset), body, res)
      : parse(faultSchema, body, res);
    if (!fault) return;
    state.failNext(fault);
    res.status(201).json({ pending: state.pendingFaults() });
  });
  router.get('/faults', (_req, res) => {
    res.json({ pending: state.pendingFaults() });
  });
  router.post('/tokens/lifetime', (req, res) => {
    const input = parse(lifetimeSchema, req.body, res);
    if (!input) return;
    state.setTokenLifetime(input.seconds);
    res.status(204).end();
  });
  router.post('/tokens/revoke', (_req, res) => {
    state.revokeAllTokens();
    res.status(204).end();
  });
  router.get('/tokens/count', (_req, res) => {
    res.json({ tokenRequests: state.tokenRequestCount() });
  });
  router.get('/resources/:type', (req, res) => {
    const type = parse(typeSchema, req.params.type, res);
    if (!type) return;
    res.json({ resources: state.createdRecords(type) });
  });
  router.post('/launch', (req, res) => {
    const input = parse(launchSchema, req.body, res);
    if (!input) return;
    const createdTime = nzDateTime(input.createdTime ? new Date(input.createdTime) : new Date());
    const pair = state.launches.mint({
      facilityCode: input.facilityId,
      patientId: input.patientId,
      providerId: input.providerId,
      createdTime,
    });
    // Evolution fills `{context}` and `{signature}` into the configured URL as they are.
    const launchUrl = `${input.launchBaseUrl}?context=${pair.context}&signature=${pair.signature}`;
    res.status(201).json({ ...pair, launchUrl, createdTime });
  });
  router.post('/controls', (req, res) => {
    const input = parse(controlsSchema, req.body, res);
    if (!input) return;
    if (input.documentReferenceSearch) state.setDocumentReferenceSearch(input.documentReferenceSearch);
    res.json(controlsOf(state));
  });
  router.get('/controls', (_req, res) => {
    res.json(controlsOf(state));
  });
  // The stored Scan document itself, so a developer can open the PDF the gateway sent.
  router.get('/resources/DocumentReference/:id/content', (req, res) => {
    const record = state.createdRecords('DocumentReference').find((r) => r.resource.id === req.params.id);
    const attachment = (record?.resource as fhir4.DocumentReference | undefined)?.content[0]?.attachment;
    if (!attachment?.data) {
      res.status(404).json({ error: 'no stored DocumentReference with this id' });
      return;
    }
    res
      .status(200)
      .type(attachment.contentType ?? 'application/octet-stream')
      .set(
        'Content-Disposition',
        `inline; filename*=UTF-8''${encodeURIComponent(attachment.title ?? 'document')}`,
      )
      .send(Buffer.from(attachment.data, 'base64'));
  });
  router.get('/seed', (_req, res) => {
    res.json(SEED);
  });
  return router;
}
