import fc from 'fast-check';
import { FAULTS, type Fault } from '../../../src/emulator';
import type { GatewayWithEmulator } from '../../helpers/gateway-with-emulator';
import {
  COMMIT,
  MEDIA_ROUTE,
  commitBody,
  distinctJpeg,
  stageFiles,
  startCommitGateway,
} from '../commit/commit-harness';
import { attachmentPath, mediaIn, timed, type TimedResponse } from './integrity-harness';

/**
 * A property over random interleavings of commit, retry, resend, delete and an emulator fault
 * for one file, each run against a fresh gateway (memory store, 1 s settle window) and emulator:
 * never more than one Media, and a final status that agrees with what ALEX holds.
 */
jest.setTimeout(120_000);

type FaultKind =
  'delay' | 'errorAfterWrite' | 'drop' | 'dropAfterWrite' | 'practiceOffline' | 'lookupRefused' | 'none';
type Action =
  | { kind: 'commit'; delivery: 'queue' | 'now' }
  | { kind: 'retry' }
  | { kind: 'resend' }
  | { kind: 'delete' }
  | { kind: 'fault'; fault: FaultKind }
  | { kind: 'wait'; ms: number };

const FAULT_OF: Record<Exclude<FaultKind, 'none'>, () => Fault> = {
  delay: () => FAULTS.delay(MEDIA_ROUTE, 900),
  errorAfterWrite: () => FAULTS.errorAfterWrite(MEDIA_ROUTE, 502),
  drop: () => FAULTS.drop(MEDIA_ROUTE),
  dropAfterWrite: () => FAULTS.dropAfterWrite(MEDIA_ROUTE),
  practiceOffline: () => FAULTS.practiceOffline(MEDIA_ROUTE),
  lookupRefused: () => FAULTS.forbidden('GET /FHIR/Media'),
};

const faultAction = fc.record({
  kind: fc.constant('fault' as const),
  fault: fc.constantFrom<FaultKind>(
    'delay',
    'errorAfterWrite',
    'drop',
    'dropAfterWrite',
    'practiceOffline',
    'lookupRefused',
    'none',
  ),
});
const commitAction = fc.record({
  kind: fc.constant('commit' as const),
  delivery: fc.constantFrom('queue' as const, 'now' as const),
});
const action: fc.Arbitrary<Action> = fc.oneof(
  commitAction,
  fc.constant({ kind: 'retry' as const }),
  fc.constant({ kind: 'resend' as const }),
  fc.constant({ kind: 'delete' as const }),
  faultAction,
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 50, max: 700 }) }),
);
/** Most runs start with a fault and a commit, so the faults meet a write; the rest is free. */
const interleaving: fc.Arbitrary<Action[]> = fc
  .tuple(
    fc.array(faultAction, { minLength: 0, maxLength: 2 }),
    commitAction,
    fc.array(action, { maxLength: 5 }),
  )
  .map(([faults, first, rest]) => [...faults, first, ...rest]);

/** Waits for the file to leave the states that are still moving (in flight, unsettled). */
async function settledView(url: string, fileId: string): Promise<TimedResponse> {
  const until = Date.now() + 8000;
  for (;;) {
    const view = await timed(url, 'GET', attachmentPath(fileId));
    const commitState = view.body.commit as { status?: string; reason?: string } | undefined;
    const moving =
      view.status === 200 &&
      (commitState?.status === 'in_flight' ||
        (commitState?.status === 'queued' &&
          (commitState.reason === 'WRITE_UNSETTLED' || commitState.reason === 'WRITE_IN_PROGRESS')));
    if (!moving || Date.now() > until) return view;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('integrity: random interleavings of commit, retry, resend, delete and faults (property)', () => {
  it('when any interleaving runs for one file, then ALEX holds at most one Media with its identifier and the final status agrees with it', async () => {
    await fc.assert(
      fc.asyncProperty(interleaving, async (actions) => {
        let h: GatewayWithEmulator | undefined;
        try {
          h = await startCommitGateway({
            ALEX_WRITE_TIMEOUT_MS: '500',
            ALEX_WRITE_SETTLE_SECONDS: '1',
            ALEX_TIMEOUT_MS: '500',
            ALEX_DEADLINE_MS: '2000',
            ALEX_MAX_ATTEMPTS: '1',
            DELIVERY_RETRY_BASE_SECONDS: '1',
          });
          const url = await h.listen();
          const emulator = h.emulator;
          const [fileId] = await stageFiles(h.gateway.app, [await distinctJpeg(7)]);
          let lookupRefused = false;
          let deleted = false;
          let lastDelivery: 'queue' | 'now' = 'queue';
          const answers: TimedResponse[] = [];

          for (const step of actions) {
            if (step.kind === 'fault') {
              if (step.fault === 'lookupRefused') lookupRefused = true;
              if (step.fault !== 'none') emulator.state.failNext(FAULT_OF[step.fault]());
            } else if (step.kind === 'wait') {
              await new Promise((resolve) => setTimeout(resolve, step.ms));
            } else if (step.kind === 'delete') {
              const answer = await timed(url, 'DELETE', attachmentPath(fileId));
              if (answer.status === 204) deleted = true;
              answers.push(answer);
            } else {
              if (step.kind === 'commit') lastDelivery = step.delivery;
              const body = {
                ...commitBody([fileId], () => ({ resend: step.kind === 'resend' })),
                delivery: lastDelivery,
              };
              answers.push(await timed(url, 'POST', COMMIT, { body }));
            }
            expect(mediaIn(emulator).length).toBeLessThanOrEqual(1);
          }

          for (const answer of answers) {
            expect(answer.status).not.toBe(0);
            expect(answer.status).toBeLessThan(500);
          }
          const view = await settledView(url, fileId);
          const media = mediaIn(emulator);
          expect(media.length).toBeLessThanOrEqual(1);
          const commitState = view.body.commit as
            | { status: string; mediaId: string | null; reason?: string; error?: { code: string } | null }
            | undefined;

          if (deleted) {
            const later = await timed(url, 'POST', COMMIT, { body: commitBody([fileId]) });
            const files = later.body.files as Array<{ error?: { code?: string } }> | undefined;
            expect(later.body.error?.code ?? files?.[0]?.error?.code).toBe('FILE_NOT_FOUND');
            // A delete wins only where no write can still land, or where ALEX could not be asked.
            if (media.length === 1) expect(lookupRefused).toBe(true);
          } else if (commitState?.status === 'committed') {
            expect(media.map((m) => m.id)).toEqual([commitState.mediaId]);
          } else if (commitState?.status === 'error' && commitState.error?.code === 'DELIVERY_UNCERTAIN') {
            expect(lookupRefused).toBe(true);
          } else if (commitState?.status === 'queued' || commitState?.status === 'error') {
            // Waiting for the practice, or refused: nothing reached ALEX, unless ALEX could not be asked.
            expect(
              commitState.reason === 'WRITE_UNSETTLED' || commitState.reason === 'WRITE_IN_PROGRESS',
            ).toBe(false);
            if (media.length === 1) expect(lookupRefused).toBe(true);
          } else {
            // Never committed: staged, with no Media.
            expect(media).toHaveLength(0);
          }
        } finally {
          await h?.close();
        }
      }),
      { numRuns: 40, endOnFailure: true },
    );
  });
});
