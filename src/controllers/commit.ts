import { toFileCommitResult } from './commit-results';
import { correlationIdOf } from '../middleware/locals';
import type { RequestHandler } from 'express';
import { parseRequest } from '../middleware/validate';
import { commitRequest } from '../schemas/commit';
import type { CommitService } from '../services/commit';

/** POST .../attachments/commit: 200 when every file committed, 202 when some are queued and none failed, 207 when any failed; one body shape. */
export function commitController({ commits }: { commits: CommitService }): { handle: RequestHandler } {
  return {
    handle: async (req, res) => {
      const body = parseRequest(commitRequest, req);
      const outcome = await commits.commit(body);
      res.status(outcome.status).json({
        correlationId: correlationIdOf(res),
        files: outcome.files.map(toFileCommitResult),
      });
    },
  };
}
