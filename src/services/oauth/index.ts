export { createTokenService, REFRESH_COOLDOWN_MS, type TokenServiceDeps } from './token-service';
export { TokenError, type TokenFailureKind } from './token-error';
export type { TokenInfo, TokenService } from './types';
