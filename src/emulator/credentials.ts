/** What a client needs to get a token from the emulator. */
export interface EmulatorCredentials {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  scope: string;
}

/**
 * The emulator's fixed credentials. They are public on purpose (the emulator runs on
 * loopback with fictional data) and the secret says it is not for production.
 */
export const EMULATOR_CREDENTIALS: EmulatorCredentials = Object.freeze({
  clientId: 'emulator-client-id',
  clientSecret: 'emulator-client-secret-not-for-production',
  tenantId: 'emulator-tenant',
  scope: 'api://alex-emulator/.default',
});
