export { createLaunchService, type LaunchService, type LaunchServiceDeps } from './launch-service';
export { mendPair, pairHash, type LaunchPair } from './pair';
export { patientBanner, displayName } from './patient-banner';
export { assertFresh, CLOCK_SKEW_SECONDS } from './freshness';
