/** Which facilities (practices) this gateway acts for: the one policy every layer calls. */
export { assertFacilityAllowed, isFacilityAllowed, type FacilityPolicyConfig } from './facility-policy';
