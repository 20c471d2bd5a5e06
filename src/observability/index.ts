/**
 * Observability's front door: metrics (prom-client registries, cross-process aggregation,
 * `/metrics`) and the audit trail. Code outside this folder imports from here only.
 */
export * from './metrics';
export * from './audit';
