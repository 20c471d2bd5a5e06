import { randomUUID } from 'node:crypto';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import { assertFacilityAllowed } from '../facilities';
import type { LaunchAnswer } from '../../schemas/launch';
import type { KeyValueStore } from '../../stores/types';
import { getJson, setJson } from '../../stores/update-record';
import { AlexHttpError, STANDARD_TOKEN_MESSAGE, type AlexClient } from '../alex';
import { readDecodedContext, type DecodedContext } from './decoded-context';
import { assertFresh, replayMemorySeconds } from './freshness';
import { launchKey, usedPairKey } from './keys';
import { mendPair, pairHash, type LaunchPair } from './pair';
import { patientBanner } from './patient-banner';

export interface LaunchServiceDeps {
  config: Readonly<Pick<Config, 'medtech' | 'launch'>>;
  store: KeyValueStore;
  alex: Pick<AlexClient, 'decodeLaunch' | 'readPatient'>;
  /**
   * Which practices this gateway may act for: throws 403 FACILITY_NOT_ALLOWED otherwise.
   * Defaults to the MEDTECH_FACILITY_IDS check; the facility policy module plugs in here.
   */
  assertFacility?: (facilityId: string) => void;
  /** Epoch milliseconds; tests pass a fake. */
  clock?: () => number;
  /** Told of each successful decode (the audit trail's `launch.decode`). */
  onDecoded?: (answer: LaunchAnswer) => void;
}

export interface LaunchService {
  /**
   * Decodes a launch pair with ALEX and answers who and where: 422 LAUNCH_INVALID (ALEX refused
   * the pair), 403 FACILITY_NOT_ALLOWED, 410 LAUNCH_EXPIRED, 409 LAUNCH_ALREADY_USED, or the
   * usual ALEX errors. A pair counts as used only once ALEX decoded it and the answer is ready.
   */
  decode(pair: LaunchPair): Promise<LaunchAnswer>;
  /** The answer of an earlier decode, for LAUNCH_MAX_AGE_SECONDS; 404 NOT_FOUND after that. */
  get(launchId: string): Promise<LaunchAnswer>;
}

/** Creates the Medtech Evolution launch service: ALEX decode, facility, freshness, replay, banner. */
export function createLaunchService(deps: LaunchServiceDeps): LaunchService {
  const { config, store, alex } = deps;
  const clock = deps.clock ?? Date.now;
  const { maxAgeSeconds } = config.launch;
  const assertFacility =
    deps.assertFacility ?? ((facilityId: string) => assertFacilityAllowed(config, facilityId));

  async function decodeWithAlex(pair: LaunchPair): Promise<DecodedContext> {
    try {
      const { data } = await alex.decodeLaunch(pair.context, pair.signature);
      return readDecodedContext(data);
    } catch (error) {
      if (isPairRefusal(error)) throw new AppError('LAUNCH_INVALID', { cause: error });
      throw error;
    }
  }

  async function answerFor(decoded: DecodedContext): Promise<LaunchAnswer> {
    const launchId = randomUUID();
    const patient = decoded.patientId
      ? patientBanner(
          (await alex.readPatient(decoded.facilityId, decoded.patientId)).patient,
          decoded.patientId,
        )
      : null;
    return {
      launchId,
      facilityId: decoded.facilityId,
      patientId: decoded.patientId,
      providerId: decoded.providerId,
      createdTime: decoded.createdTime,
      encounterId: `launch-${launchId}`,
      patient,
    };
  }

  return {
    async decode(input) {
      const pair = mendPair(input);
      const usedKey = usedPairKey(pairHash(pair));
      // Cheap early answer for a replay; the claim below is what decides under concurrency.
      if ((await store.get(usedKey)) !== undefined) throw new AppError('LAUNCH_ALREADY_USED');
      const decoded = await decodeWithAlex(pair);
      assertFacility(decoded.facilityId);
      assertFresh(decoded.createdTime, clock(), maxAgeSeconds);
      const answer = await answerFor(decoded);
      if (!(await store.setIfAbsent(usedKey, answer.launchId, replayMemorySeconds(maxAgeSeconds)))) {
        throw new AppError('LAUNCH_ALREADY_USED');
      }
      await setJson(store, launchKey(answer.launchId), answer, maxAgeSeconds);
      deps.onDecoded?.(answer);
      return answer;
    },

    async get(launchId) {
      const answer = await getJson<LaunchAnswer>(store, launchKey(launchId));
      if (!answer) throw new AppError('NOT_FOUND');
      assertFacility(answer.facilityId);
      return answer;
    },
  };
}

/**
 * ALEX refusing the pair itself: a 400, or a 401 that is not its standard token message (a
 * standard one that survived the client's fresh-token replay is the gateway's own sign-in
 * failing, ALEX_AUTH_FAILED, not a bad link).
 */
function isPairRefusal(error: unknown): boolean {
  if (!(error instanceof AlexHttpError)) return false;
  if (error.status === 400) return true;
  return (
    error.status === 401 &&
    !(error.bodyKind === 'status-message' && error.upstreamText === STANDARD_TOKEN_MESSAGE)
  );
}
