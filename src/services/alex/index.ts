export { createAlexClient, type AlexClientDeps } from './alex-client';
export { alexReadinessCheck, ALEX_PROBE_CACHE_MS } from './readiness';
export { testConnectivity, type ConnectivityResult } from './connectivity-test';
export { isUpstreamFault, DEFAULT_BREAKER_OPTIONS, type BreakerOptions } from './breakers';
export { NHI_SYSTEM } from './resource-calls';
export { STANDARD_TOKEN_MESSAGE, isStandardTokenRejection } from './token-rejection';
export * from './errors';
export * from './operation-outcome';
export type * from './types';
