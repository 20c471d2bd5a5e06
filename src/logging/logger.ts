import winston from 'winston';
import { currentContext } from './request-context';
import { redact } from './redact';

export type Logger = winston.Logger;

const SPLAT = Symbol.for('splat');
const LEVEL = Symbol.for('level');

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
  const logger = winston.createLogger({
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
  return skipFilteredLines(logger);
}

/**
 * Winston runs the whole format chain (context, timestamp, redaction, JSON) on every line and
 * only then lets the transport drop the ones below its level: with `LOG_LEVEL=error`, each
 * request paid for two info lines nobody saw. Every path into the logger (`info()`, `log()`,
 * child loggers) ends in `write(info)`, so the level is checked there, before any formatting.
 * `isLevelEnabled` reads the current level and the transports' own, so a level changed at run
 * time still counts.
 */
function skipFilteredLines(logger: Logger): Logger {
  const write = logger.write.bind(logger) as (info: unknown, ...rest: unknown[]) => boolean;
  const guarded = (info: unknown, ...rest: unknown[]): boolean => {
    const fields = info as { [LEVEL]?: unknown; level?: unknown } | null;
    const level = fields?.[LEVEL] ?? fields?.level;
    if (typeof level === 'string' && !logger.isLevelEnabled(level)) return true;
    return write(info, ...rest);
  };
  logger.write = guarded as Logger['write'];
  return logger;
}
