/** Options of `npm run emulator`, parsed from argv (the emulator needs no gateway config to run). */
export interface CliOptions {
  port: number;
  host: string;
  strictAppId: boolean;
  latencyMs: number;
  help: boolean;
}

/** The standalone emulator's port when none is given: fixed, so a .env can point at it. */
export const DEFAULT_CLI_PORT = 4010;

export const USAGE = `Usage: npm run emulator -- [--port N] [--host H] [--strict-app-id] [--latency-ms N]
  --port N          listen on N (default: EMULATOR_PORT, else ${DEFAULT_CLI_PORT}; 0 picks a free port)
  --host H          listen address (default 127.0.0.1; the control API has no auth, keep it on loopback)
  --strict-app-id   refuse requests carrying mt-appid with 403, like ALEX in November 2025
  --latency-ms N    add N ms to every /FHIR answer (ALEX takes 1-2 s from NZ)`;

/** Parses `--name value` and `--name=value`; throws with a readable message on bad input. */
export function parseCliArgs(argv: readonly string[], envPort?: string): CliOptions {
  const options: CliOptions = {
    port: envPort !== undefined && envPort !== '' ? toInt('EMULATOR_PORT', envPort) : DEFAULT_CLI_PORT,
    host: '127.0.0.1',
    strictAppId: false,
    latencyMs: 0,
    help: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--port' || flag === '-p') options.port = toInt(flag, value());
    else if (flag === '--host') options.host = value();
    else if (flag === '--strict-app-id') options.strictAppId = true;
    else if (flag === '--latency-ms') options.latencyMs = toInt(flag, value());
    else if (flag === '--help' || flag === '-h') options.help = true;
    else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

function toInt(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new Error(`${name} must be an integer from 0 to 65535`);
  return value;
}
