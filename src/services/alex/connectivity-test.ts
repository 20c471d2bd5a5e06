import { AlexHttpError } from './errors';
import type { AlexClient } from './types';

export interface ConnectivityResult {
  patientFound: boolean;
  patientId: string | null;
  alexStatus: number;
}

/**
 * What `GET /api/medtech/test` proves: a token was obtained and ALEX answered for this
 * facility. A patient that is not there is still a successful round trip, so it is reported as
 * `patientFound: false` rather than an error. Nothing about the patient but the id comes back.
 */
export async function testConnectivity(
  alex: Pick<AlexClient, 'readPatient' | 'searchPatientByNhi'>,
  target: { facilityId: string; nhi: string } | { facilityId: string; patientId: string },
): Promise<ConnectivityResult> {
  if ('patientId' in target) {
    try {
      const { patient, status } = await alex.readPatient(target.facilityId, target.patientId);
      return { patientFound: true, patientId: patient.id ?? target.patientId, alexStatus: status };
    } catch (error) {
      if (error instanceof AlexHttpError && error.status === 404) {
        return { patientFound: false, patientId: null, alexStatus: 404 };
      }
      throw error;
    }
  }
  const { patient, status } = await alex.searchPatientByNhi(target.facilityId, target.nhi);
  return { patientFound: patient !== undefined, patientId: patient?.id ?? null, alexStatus: status };
}
