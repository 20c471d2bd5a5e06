import type { z } from 'zod';
import type { launchRequest, launchResponse } from '../schemas/launch';
import { FACILITY_ID, PATIENT_ID } from './examples';

/**
 * Launch examples (GATEWAY-API.md, Launch from Medtech Evolution), checked against the schemas
 * by the OpenAPI tests. The pair is made up (it decodes nowhere); the patient is the UAT test patient.
 */
export const LAUNCH_ID = '6f1c2b7e-4d3a-4e8f-9b0c-1a2d3e4f5a6b';
const PROVIDER_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

export const launchRequestExample: z.input<typeof launchRequest> = {
  context:
    'eyJmYWNpbGl0eUNvZGUiOiJGMk4wNjAtRSIsInBhdGllbnRJZCI6IjE0ZTUyZTE2ZWRiN2E0MzViZmEwNWUzMDdhZmQwMDhiIn0=',
  signature: 'q3 Jx9f0yTz2Vb8+Lm4Kp7Rw1Nc6Ds5Ea0Gh2Ui9Oj8=',
};

export const launchWithPatientExample: z.infer<typeof launchResponse> = {
  launchId: LAUNCH_ID,
  facilityId: FACILITY_ID,
  patientId: PATIENT_ID,
  providerId: PROVIDER_ID,
  createdTime: '2026-12-01T10:15:00+13:00',
  encounterId: `launch-${LAUNCH_ID}`,
  patient: {
    id: PATIENT_ID,
    name: 'Aroha Tapsell',
    nhi: 'ZZZ0016',
    birthDate: '1984-03-12',
    gender: 'female',
  },
};

export const launchWithoutPatientExample: z.infer<typeof launchResponse> = {
  ...launchWithPatientExample,
  patientId: null,
  patient: null,
};
