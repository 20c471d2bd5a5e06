/**
 * The standalone emulator (`npm run emulator`) is a dev tool that must run without a valid
 * gateway environment, so it does not load the gateway's config; this is the one variable it
 * reads, kept here so that src/config stays the only reader of process.env.
 */
export function emulatorPortFromEnv(): string | undefined {
  return process.env.EMULATOR_PORT;
}
