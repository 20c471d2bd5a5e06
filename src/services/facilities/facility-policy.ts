import type { Config } from '../../config';
import { AppError } from '../../errors';

/** The part of the config the policy reads: MEDTECH_FACILITY_IDS (default MEDTECH_FACILITY_ID). */
export type FacilityPolicyConfig = { readonly medtech: Pick<Readonly<Config['medtech']>, 'facilityIds'> };

/**
 * The one rule for which practices a caller may act for: a facility is allowed when it is in
 * MEDTECH_FACILITY_IDS. Middleware, controllers and services all ask here.
 */
export function isFacilityAllowed(config: FacilityPolicyConfig, facilityId: string): boolean {
  return config.medtech.facilityIds.includes(facilityId);
}

/** Throws 403 FACILITY_NOT_ALLOWED unless {@link isFacilityAllowed}. */
export function assertFacilityAllowed(config: FacilityPolicyConfig, facilityId: string): void {
  if (!isFacilityAllowed(config, facilityId)) throw new AppError('FACILITY_NOT_ALLOWED');
}
