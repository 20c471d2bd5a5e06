import { emulatorPortFromEnv } from '../config/emulator-env';
import { createLogger } from '../logging/logger';
import { parseCliArgs, USAGE } from './cli-args';
import { SEED } from './seed';
import { startEmulator } from './start';

/** `npm run emulator`: runs the ALEX emulator on its own and prints how to reach it. */
async function main(): Promise<void> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2), emulatorPortFromEnv());
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const logger = createLogger({ level: 'info' });
  const emulator = await startEmulator({ ...options, logger });
  const { credentials } = emulator;
  const facilities = SEED.facilities.map((f) => f.facilityId).join(',');
  process.stdout.write(
    [
      `ALEX emulator listening on ${emulator.url}`,
      `  token endpoint  ${emulator.tokenUrl}`,
      `  FHIR base       ${emulator.fhirBaseUrl}`,
      `  control API     ${emulator.url}/__emulator/journal (see docs/EMULATOR.md)`,
      `  facilities      ${facilities}`,
      '',
      'Fixed, public, non-production credentials. To point a gateway at this emulator:',
      `  MEDTECH_CLIENT_ID=${credentials.clientId}`,
      `  MEDTECH_CLIENT_SECRET=${credentials.clientSecret}`,
      `  MEDTECH_TENANT_ID=${credentials.tenantId}`,
      `  MEDTECH_API_SCOPE=${credentials.scope}`,
      `  MEDTECH_TOKEN_URL=${emulator.tokenUrl}`,
      `  MEDTECH_API_BASE_URL=${emulator.fhirBaseUrl}`,
      `  MEDTECH_FACILITY_IDS=${facilities}`,
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
