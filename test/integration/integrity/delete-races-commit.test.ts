import type { GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import { COMMIT, commitBody, distinctJpeg, stageFiles, startCommitGateway } from '../commit/commit-harness';
import { attachmentPath, dropPrefix, eventually, mediaIn, timed, uniquePrefix } from './integrity-harness';

/**
 * QUALITY.md "Integrity under faults": a delete races a commit of the same file. Either the
 * delete wins (204, no Media, later commits FILE_NOT_FOUND) or the commit wins (409 for the
 * delete, one Media); never a 204 and a Media. Many rounds, the delete sent a little earlier or
 * later each time, with both stores.
 */
jest.setTimeout(90_000);

const ROUNDS = 16;

interface RoundResult {
  deleteStatus: number;
  deleteCode?: string;
  commitStatus: number;
  mediaAdded: number;
  laterCommitCode?: string;
}

describe.each([
  ['memory', {}],
  ['redis', { STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' }],
] as const)('integrity: delete versus commit (STORE=%s)', (store, storeEnv) => {
  let h: GatewayWithEmulator | undefined;
  const prefix = uniquePrefix('race');
  afterAll(async () => {
    await h?.close();
    if (store === 'redis') await dropPrefix('redis://127.0.0.1:6379', prefix);
  });

  it(`when a DELETE races a commit of the same file (${ROUNDS} rounds), then either the delete wins with no Media and later commits FILE_NOT_FOUND, or the commit wins and the delete gets 409; never both`, async () => {
    h = await startCommitGateway({
      ...storeEnv,
      ...(store === 'redis' && { REDIS_KEY_PREFIX: prefix }),
      ALEX_WRITE_SETTLE_SECONDS: '1',
    });
    const url = await h.listen();
    const emulator = h.emulator;
    // A little ALEX latency widens the window in which the commit holds the file.
    emulator.state.setLatency('*', 5);
    const results: RoundResult[] = [];

    for (let round = 0; round < ROUNDS; round += 1) {
      const [fileId] = await stageFiles(h.gateway.app, [
        await distinctJpeg(400 + round + (store === 'redis' ? 100 : 0)),
      ]);
      const before = mediaIn(emulator).length;
      const body = commitBody([fileId]);
      // From the delete 6 ms ahead to 8 ms behind the commit, so both can win.
      const offsetMs = ((round % 8) - 3) * 2;
      const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
      const [committed, deleted] = await Promise.all([
        after(-offsetMs).then(() => timed(url, 'POST', COMMIT, { body })),
        after(offsetMs).then(() => timed(url, 'DELETE', attachmentPath(fileId))),
      ]);
      const result: RoundResult = {
        deleteStatus: deleted.status,
        deleteCode: deleted.body.error?.code,
        commitStatus: committed.status,
        mediaAdded: 0,
      };
      if (deleted.status === 204) {
        const later = await timed(url, 'POST', COMMIT, { body });
        const files = later.body.files as Array<{ error?: { code?: string } }> | undefined;
        result.laterCommitCode = later.body.error?.code ?? files?.[0]?.error?.code;
        // Give any stray background write time to land before counting.
        await new Promise((resolve) => setTimeout(resolve, 300));
      } else {
        await eventually(() => mediaIn(emulator).length > before, 5000);
      }
      result.mediaAdded = mediaIn(emulator).length - before;
      results.push(result);
    }

    for (const result of results) {
      if (result.deleteStatus === 204) {
        expect(result).toMatchObject({ mediaAdded: 0, laterCommitCode: 'FILE_NOT_FOUND' });
      } else {
        expect(result).toMatchObject({ deleteStatus: 409, mediaAdded: 1 });
        expect(['COMMIT_IN_PROGRESS', 'FILE_ALREADY_COMMITTED']).toContain(result.deleteCode);
        expect([200, 202]).toContain(result.commitStatus);
      }
    }
    expect(results.length).toBe(ROUNDS);
  });
});
