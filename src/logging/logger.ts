import winston from 'winston';
import { currentContext } from './request-context';
import { redactFields } from './redact';

export type Logger = winston.Logger;

const SPLAT = Symbol.for('splat');
const LEVEL = Symbol.for('level');
const MESSAGE = Symbol.for('message');

/**
 * Everything a written line needs, in one pass: the request's correlationId, a timestamp,
 * redaction of every field (the message included), then the JSON text. One format instead of
 * logform's four (context, timestamp, redaction, json) because each was a full pass over the
 * line, and the JSON one re-configured safe-stable-stringify and sorted the keys on every line.
 * Plain `JSON.stringify` is enough here: `redactFields` has already turned the fields into plain
 * data (no cycles, no Buffers, Errors as `{name, message}`, bigints as strings).
 */
const gatewayLine = winston.format((info) => {
  const fields = info as Record<string, unknown>;
  const context = currentContext();
  if (context && fields.correlationId === undefined) fields.correlationId = context.correlationId;
  if (!fields.timestamp) fields.timestamp = new Date().toISOString();
  redactFields(fields);
  const symbols = info as unknown as Record<symbol, unknown>;
  symbols[MESSAGE] = JSON.stringify(fields);
  // Extra arguments (splat) are never printed; drop them so nothing leaks later (after the JSON,
  // since a delete turns the object into a slower dictionary-mode object).
  delete symbols[SPLAT];
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
    format: winston.format.combine(winston.format.errors({ stack: false }), gatewayLine()),
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
