import type { Request, Response } from 'express';
import { parseRequest } from '../middleware/validate';
import { fileIdParams } from '../schemas/attachments';
import type { CommitService } from '../services/commit';
import type { StagingService } from '../services/staging';
import { stagingCaller } from './attachments-uploads';
import { sessionFileView } from './attachments-views';

/** GET .../attachments/:fileId: the file's view with its commit state (queued, committed, ...). */
export function attachmentViewController(deps: {
  staging: Pick<StagingService, 'viewFile'>;
  commits: Pick<CommitService, 'stateOf'>;
}) {
  return async (req: Request, res: Response) => {
    const { fileId } = parseRequest(fileIdParams, req, 'params');
    const file = await deps.staging.viewFile(fileId, stagingCaller(res));
    res.json(sessionFileView(file, await deps.commits.stateOf(fileId)));
  };
}
