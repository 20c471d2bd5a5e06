export { createAlexClient, type AlexClientDeps } from './alex-client';
export { alexReadinessCheck, ALEX_PROBE_CACHE_MS } from './readiness';
export { testConnectivity, type ConnectivityResult } from './connectivity-test';
export { isUpstreamFault, DEFAULT_BREAKER_OPTIONS, type BreakerOptions } from './breakers';
export { NHI_SYSTEM } from './resource-calls';
export { classifyWriteFailure, isFacilityOffline, type WriteFailureClass } from './write-outcome';
export * from './errors';
export * from './operation-outcome';
export type * from './types';
