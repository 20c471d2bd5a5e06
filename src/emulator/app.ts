import express, { type Express } from 'express';
import { warmUpConformance } from '../fhir/conformance';
import { controlApi } from './control-api';
import { sendApim } from './fhir-http';
import { errorHandler } from './middleware/error-handler';
import { journalRecorder } from './middleware/journal-recorder';
import { latencyAndFaults } from './middleware/latency-and-faults';
import type { EmulatorOptions } from './options';
import { ALEX_TEXT } from './outcomes';
import { fhirRouter } from './routes/fhir-router';
import { EmulatorState } from './state';
import { tokenRouter } from './token-endpoint';

/** The largest body accepted: a 1 MB image is 1.4 MB in base64, plus the Media around it. */
const BODY_LIMIT = '2mb';
/**
 * Scan documents may reach 8 MB (11 MB in base64): their route reads up to 16 MB, so a payload
 * of 8 MB or more gets ALEX's `400 too-long` from the rules rather than a parser's 413.
 */
const SCAN_BODY_LIMIT = '16mb';
const JSON_TYPES = ['application/json', 'application/fhir+json'];

/**
 * The emulator as an Express app, without listening: supertest can drive it directly.
 * Order matters: control API (not journaled) -> journal -> body parsers -> latency and
 * faults (so a dropped POST was read first) -> Entra token endpoint -> ALEX /FHIR.
 */
export function createEmulatorApp(options: EmulatorOptions = {}): { app: Express; state: EmulatorState } {
  // Compile the FHIR schema now (about a second) rather than inside the first POST.
  warmUpConformance();
  const state = new EmulatorState(options);
  const app = express();
  app.disable('x-powered-by');
  // Express's automatic ETag would hash every 1.4 MB Media body; ALEX's ETags are set explicitly.
  app.set('etag', false);

  app.use('/__emulator', controlApi(state));
  app.use(journalRecorder(state, options.logger));
  // Routing is case-insensitive: this covers /fhir/DocumentReference too. The general parser skips a parsed body.
  app.post('/FHIR/DocumentReference', express.json({ type: JSON_TYPES, limit: SCAN_BODY_LIMIT }));
  app.use(express.json({ type: JSON_TYPES, limit: BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  app.use(latencyAndFaults(state));
  app.use(tokenRouter(state));
  app.use('/FHIR', fhirRouter(state));
  app.use((_req, res) => sendApim(res, 404, ALEX_TEXT.resourceNotFound));
  app.use(errorHandler(options.logger));
  return { app, state };
}
