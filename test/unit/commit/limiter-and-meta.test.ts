import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../../../src/errors';
import { createFacilityLimiter } from '../../../src/services/commit/facility-limiter';
import { resolveMeta } from '../../../src/services/commit/resolve-meta';

const SCT = 'http://snomed.info/sct';

describe('createFacilityLimiter', () => {
  it('when more tasks than the limit run for one facility, then at most the limit run at once, and another facility is not held up', async () => {
    const limit = createFacilityLimiter(2);
    let running = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const task = () =>
      new Promise<void>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        releases.push(() => {
          running -= 1;
          resolve();
        });
      });
    const busy = Array.from({ length: 5 }, () => limit('F1', task));
    await new Promise((resolve) => setImmediate(resolve));
    expect(running).toBe(2);

    const other = limit('F2', async () => 'other done');
    await expect(other).resolves.toBe('other done');

    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(busy);
    expect(peak).toBe(2);
  });

  it("when a task waits in the queue, then it runs in its own caller's async context (correlation id)", async () => {
    const limit = createFacilityLimiter(1);
    const context = new AsyncLocalStorage<string>();
    const seen: Array<string | undefined> = [];
    const slow = () => new Promise<void>((resolve) => setTimeout(resolve, 20));
    await Promise.all(
      ['request-a', 'request-b', 'request-c'].map((id) =>
        context.run(id, () =>
          limit('F1', async () => {
            seen.push(context.getStore());
            await slow();
          }),
        ),
      ),
    );
    expect(seen).toEqual(['request-a', 'request-b', 'request-c']);
  });
});

describe('resolveMeta', () => {
  it('when codes are in the dictionaries, then the dictionary Codings (with their display) are used', () => {
    const [meta] = resolveMeta([
      {
        fileId: 'f1',
        meta: {
          title: 'T',
          bodySite: { system: SCT, code: '14975008', display: 'Upper arm' },
          laterality: { system: SCT, code: '7771000' },
        },
      },
    ]);
    expect(meta).toEqual({
      title: 'T',
      label: undefined,
      bodySite: { system: SCT, code: '14975008', display: 'Forearm' },
      laterality: { system: SCT, code: '7771000', display: 'Left' },
    });
  });

  it('when codes are unknown or come from another dictionary, then one VALIDATION_FAILED names every field', () => {
    const run = () =>
      resolveMeta([
        { fileId: 'f1', meta: { bodySite: { system: SCT, code: '7771000' } } },
        {
          fileId: 'f2',
          meta: {
            laterality: { system: 'http://snomed.info/sct/', code: '24028007' },
            type: { system: 'https://clinicpro.co.nz/fhir/CodeSystem/image-view', code: 'other' },
          },
        },
      ]);
    const error = thrownBy(run);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    expect((error as AppError).details.map((d) => d.path)).toEqual([
      'files.0.meta.bodySite',
      'files.1.meta.laterality',
      'files.1.meta.type',
    ]);
  });
});

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
