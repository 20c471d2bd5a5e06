import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { EmulatorCredentials } from './credentials';

/** The app roles ALEX.md section 1 names; the emulator grants them all and enforces none. */
export const EMULATOR_ROLES = [
  'patient.media.write',
  'patient.media.read',
  'patient.nhisearch.read',
  'patient.task.read',
  'patient.communication.generalcommunication.write',
] as const;

export type TokenCheck = 'valid' | 'invalid' | 'expired' | 'revoked';

interface EmulatorClaims {
  exp?: number;
  /** Revocation generation: tokens of an older generation are refused. */
  emu_gen?: number;
}

/** Verified tokens remembered so the signature is checked once per token, not once per request. */
const VERIFIED_CACHE_SIZE = 1000;

/**
 * Issues and checks the emulator's access tokens: HS256 JWTs shaped like Entra's, signed with a
 * key that lives only in this process. Expiry has JWT's one-second resolution: a token with a
 * lifetime of L seconds lives between L-1 and L seconds; a lifetime of 0 is expired at once.
 */
export class TokenIssuer {
  // A KeyObject, not a Buffer: given raw bytes, jsonwebtoken first tries (and fails) to parse
  // them as a public key on every call, which was most of the emulator's CPU under load.
  private readonly key = createSecretKey(randomBytes(32));
  private readonly verified = new Map<string, EmulatorClaims>();
  private generation = 0;

  constructor(
    private readonly credentials: EmulatorCredentials,
    public lifetimeSeconds: number,
  ) {}

  private get audience(): string {
    return this.credentials.scope.replace(/\/\.default$/, '');
  }

  private get issuer(): string {
    return `https://login.microsoftonline.com/${this.credentials.tenantId}/v2.0`;
  }

  issue(nowMs = Date.now()): { accessToken: string; expiresIn: number } {
    const iat = Math.floor(nowMs / 1000);
    const claims = {
      aud: this.audience,
      iss: this.issuer,
      iat,
      nbf: iat,
      exp: iat + this.lifetimeSeconds,
      sub: this.credentials.clientId,
      azp: this.credentials.clientId,
      appid: this.credentials.clientId,
      tid: this.credentials.tenantId,
      roles: [...EMULATOR_ROLES],
      jti: randomUUID(),
      ver: '2.0',
      emu_gen: this.generation,
    };
    return {
      accessToken: jwt.sign(claims, this.key, { algorithm: 'HS256' }),
      expiresIn: this.lifetimeSeconds,
    };
  }

  check(token: string, nowMs = Date.now()): TokenCheck {
    const claims = this.verified.get(token) ?? this.verify(token);
    if (typeof claims === 'string') return claims;
    // Same rule as jsonwebtoken: expired once the current second reaches exp.
    if (Math.floor(nowMs / 1000) >= (claims.exp ?? 0)) return 'expired';
    return claims.emu_gen === this.generation ? 'valid' : 'revoked';
  }

  private verify(token: string): EmulatorClaims | TokenCheck {
    try {
      const claims = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        audience: this.audience,
        issuer: this.issuer,
        ignoreExpiration: true,
      }) as EmulatorClaims;
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
      this.verified.set(token, claims);
      return claims;
    } catch {
      return 'invalid';
    }
  }

  /** Every token issued so far stops working; new ones work. */
  revokeAll(): void {
    this.generation += 1;
  }
}
