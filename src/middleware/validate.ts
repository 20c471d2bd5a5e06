import type { Request } from 'express';
import type { z } from 'zod';
import { fromZodError } from '../errors';

/**
 * Parses one part of a request with a zod schema; a failure becomes 400 VALIDATION_FAILED with
 * field paths. Controllers call this rather than trusting `req.body`.
 */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  req: Request,
  part: 'body' | 'query' | 'params' = 'body',
): z.infer<S> {
  const result = schema.safeParse(req[part] ?? {});
  if (!result.success) throw fromZodError(result.error, part === 'body' ? [] : [part]);
  return result.data;
}
