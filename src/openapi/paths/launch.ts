import type { Config } from '../../config';
import { launchIdParams } from '../../schemas/launch';
import type { DocBuilder } from '../builder';
import { C } from '../components';
import {
  launchRequestExample,
  launchWithoutPatientExample,
  launchWithPatientExample,
} from '../examples-launch';
import { API_KEY_ERRORS, JSON_BODY_ERRORS } from './common';
import { ALEX_ERRORS } from './medtech';

const BASE = '/api/integrations/medtech/launch';

/** Launch from Medtech Evolution: decode the launch pair once, read the answer again on reload. */
export function describeLaunch(doc: DocBuilder, config: Readonly<Config>): void {
  const maxAge = config.launch.maxAgeSeconds;
  doc.add({
    method: 'post',
    path: BASE,
    operationId: 'decodeLaunch',
    tag: 'Launch',
    summary: 'Decode a Medtech Evolution launch: practice, patient, provider and the patient banner',
    description:
      "Call it from the frontend's **server side** with `context` and `signature` exactly as Evolution put " +
      'them in the launch URL (a `+` read from the query string as a space is mended here). The gateway ' +
      'has ALEX decode the pair, checks the practice against MEDTECH_FACILITY_IDS, refuses a launch older than ' +
      `${maxAge} s (LAUNCH_MAX_AGE_SECONDS) and a pair decoded before, then reads the patient for the banner. ` +
      '`encounterId` is a fresh `launch-<launchId>` (Medtech gives none); `providerId` goes to commit. ' +
      'The banner (name, NHI) is for the screen only: never log it, never put it or the pair in a URL.',
    credentials: ['apiKey'],
    body: { schema: C.LaunchRequest, examples: { fromLaunchUrl: { value: launchRequestExample } } },
    responses: {
      200: {
        description: 'Decoded. Keep `launchId` (and only it) in the URL; GET it on reload.',
        schema: C.LaunchResponse,
        examples: {
          withPatient: { value: launchWithPatientExample },
          noPatientSelected: { value: launchWithoutPatientExample },
        },
      },
    },
    errors: [
      ...API_KEY_ERRORS,
      ...JSON_BODY_ERRORS,
      'FACILITY_NOT_ALLOWED',
      'LAUNCH_INVALID',
      'LAUNCH_EXPIRED',
      'LAUNCH_ALREADY_USED',
      'PATIENT_NOT_FOUND',
      ...ALEX_ERRORS,
    ],
  });

  doc.add({
    method: 'get',
    path: `${BASE}/{launchId}`,
    operationId: 'getLaunch',
    tag: 'Launch',
    summary: 'The answer of an earlier decode, for a reload of the frontend',
    description: `The same body the decode answered, for ${maxAge} s (LAUNCH_MAX_AGE_SECONDS) after it; then 404.`,
    credentials: ['apiKey'],
    params: launchIdParams,
    responses: {
      200: {
        description: 'The launch.',
        schema: C.LaunchResponse,
        examples: { withPatient: { value: launchWithPatientExample } },
      },
    },
    errors: [...API_KEY_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND', 'FACILITY_NOT_ALLOWED'],
  });
}
