import type { Request, Response } from 'express';
import { parseRequest } from '../middleware/validate';
import { launchIdParams, launchRequest } from '../schemas/launch';
import type { LaunchService } from '../services/launch';

/** Launch from Medtech Evolution: decode a pair (the first time), read the answer again (reloads). */
export function launchController(launches: LaunchService) {
  return {
    async decode(req: Request, res: Response) {
      const pair = parseRequest(launchRequest, req);
      res.json(await launches.decode(pair));
    },

    async get(req: Request, res: Response) {
      const { launchId } = parseRequest(launchIdParams, req, 'params');
      res.json(await launches.get(launchId));
    },
  };
}
