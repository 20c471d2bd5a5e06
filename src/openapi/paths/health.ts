import type { DocBuilder } from '../builder';
import { C } from '../components';
import { ALWAYS } from './common';
import { readyExamples } from '../examples';

/** `/health/live` and `/health/ready`: public, for PM2, nginx and uptime checks. */
export function describeHealth(doc: DocBuilder): void {
  doc.add({
    method: 'get',
    path: '/health/live',
    operationId: 'getLiveness',
    tag: 'Health',
    summary: 'Liveness: the process serves requests',
    credentials: [],
    responses: {
      200: {
        description: 'The process is up.',
        schema: C.Liveness,
        examples: { ok: { value: { status: 'ok' } } },
      },
    },
    errors: ALWAYS,
  });

  doc.add({
    method: 'get',
    path: '/health/ready',
    operationId: 'getReadiness',
    tag: 'Health',
    summary: 'Readiness: token, store and ALEX checks',
    description:
      'For load balancers. The ALEX probe is cached for 30 s, so polling this cannot hammer ALEX. ' +
      'No secrets and no error text appear in the checks.',
    credentials: [],
    responses: {
      200: {
        description: 'Every check is ok.',
        schema: C.Readiness,
        examples: { ok: { value: readyExamples.ok } },
      },
      503: {
        description: 'At least one check failed (`status: degraded`).',
        schema: C.Readiness,
        examples: { degraded: { value: readyExamples.degraded } },
      },
    },
    errors: ALWAYS,
  });
}
