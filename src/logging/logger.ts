import winston from 'winston';
import { currentContext } from './request-context';
import { redact } from './redact';

export type Logger = winston.Logger;

const SPLAT = Symbol.for('splat');

/** Adds the request's correlationId to every line written inside a request. */
const withContext = winston.format((info) => {
  const context = currentContext();
  if (context && info.correlationId === undefined) info.correlationId = context.correlationId;
  return info;
});

/** Scrubs secrets and identifiers from every field of the line, the message included. */
const redaction = winston.format((info) => {
  const fields = info as Record<string, unknown>;
  const scrubbed = redact({ ...fields }) as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key !== 'level') fields[key] = scrubbed[key];
  }
  // Extra arguments (splat) are not printed by the JSON format; drop them so nothing leaks later.
  delete (info as unknown as Record<symbol, unknown>)[SPLAT];
  return info;
});

export interface LoggerOptions {
  level?: string;
  /** Tests pass a stream to capture lines; the default is stdout, which PM2 keeps. */
  stream?: NodeJS.WritableStream;
  silent?: boolean;
}

/** JSON lines with `timestamp`, `level`, `message`, `correlationId`; secrets removed. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();
  return winston.createLogger({
    level: options.level ?? 'info',
    silent: options.silent,
    format: winston.format.combine(
      winston.format.errors({ stack: false }),
      withContext(),
      winston.format.timestamp(),
      redaction(),
      winston.format.json(),
    ),
    transports: [transport],
  });
}
