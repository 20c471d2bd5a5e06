import type { Config } from '../../config';
import { AppError } from '../../errors';
import type { Logger } from '../../logging/logger';
import type { TokenService } from '../oauth';
import { createBreakers, DEFAULT_BREAKER_OPTIONS, type BreakerOptions } from './breakers';
import { isFacilityIdShape } from './request-headers';
import { executeRequest } from './request-executor';
import { createResourceCalls } from './resource-calls';
import { createHttpExchange } from './http-exchange';
import { createAgents, type HttpExchange } from './transport';
import type { AlexClient, AlexExchange, AlexRequest, AlexResponse } from './types';

export interface AlexClientDeps {
  config: Readonly<Config>;
  tokens: Pick<TokenService, 'getToken' | 'invalidate'>;
  logger: Logger;
  clock?: () => number;
  /** Backoff sleeps; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  breaker?: Partial<BreakerOptions>;
  /** Tests replace the network with a scripted exchange. */
  exchange?: HttpExchange;
  /** Told about every HTTP exchange with ALEX (the metrics observer); must not throw. */
  onExchange?: (exchange: AlexExchange) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The ALEX HTTP client: headers, per-attempt timeouts within an overall deadline, the retry
 * policy (retry-policy.ts), the 401 replay and a circuit breaker per facility. Every failure is
 * a typed error that renders as the right gateway error code (errors/).
 */
export function createAlexClient(deps: AlexClientDeps): AlexClient {
  const clock = deps.clock ?? Date.now;
  const agents = createAgents();
  const exchange = deps.exchange ?? createHttpExchange(agents);
  const breakers = createBreakers({ ...DEFAULT_BREAKER_OPTIONS, ...deps.breaker }, deps.logger, clock);
  const executor = {
    config: deps.config,
    tokens: deps.tokens,
    logger: deps.logger,
    exchange,
    clock,
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
    onExchange: deps.onExchange,
  };

  async function request<T>(call: AlexRequest): Promise<AlexResponse<T>> {
    if (!isFacilityIdShape(call.facilityId)) throw new AppError('FACILITY_NOT_ALLOWED');
    return (await breakers.run(call.facilityId, () => executeRequest(executor, call))) as AlexResponse<T>;
  }

  return {
    request,
    ...createResourceCalls(request, {
      launchDecodeUrl: deps.config.launch.decodeUrl,
      defaultFacilityId: deps.config.medtech.facilityId,
    }),
    breakerStates: breakers.states,
    close: () => {
      breakers.shutdown();
      agents.httpAgent.destroy();
      agents.httpsAgent.destroy();
    },
  };
}
