import express from 'express';
import request from 'supertest';
import { createGatewayMetrics, httpMetrics } from '../../../src/observability';
import { sampleValue } from '../../helpers/prometheus-text';

const newMetrics = () => createGatewayMetrics({ facilities: ['F2N060-E'], defaultMetrics: false });

describe('gateway metrics', () => {
  it('when ALEX is called for a facility off the allow-list, then its label is other', async () => {
    const metrics = newMetrics();

    metrics.recordAlexExchange({
      facilityId: 'ZZ9999-X',
      operation: 'GET /Patient',
      status: '200',
      durationMs: 10,
    });

    const text = await metrics.worker.metrics();
    expect(sampleValue(text, 'alex_requests_total', { facility: 'other', operation: 'GET /Patient' })).toBe(
      1,
    );
    expect(text).not.toContain('ZZ9999-X');
  });

  it('when a caller passes an id-like label value, then it is recorded as other', async () => {
    const metrics = newMetrics();

    metrics.recordCommitFile('media', '3f2a9c1e-0000-4000-8000-000000000000');
    metrics.recordTokenRequest('success');

    const text = await metrics.worker.metrics();
    expect(sampleValue(text, 'commit_files_total', { target: 'media', outcome: 'other' })).toBe(1);
    expect(sampleValue(text, 'alex_token_requests_total', { outcome: 'success' })).toBe(1);
  });

  it('when a response is an event stream, then it is counted but kept out of the duration histogram', async () => {
    const metrics = newMetrics();
    const app = express();
    app.use(httpMetrics(metrics));
    app.get('/events/:sessionId', (_req, res) => {
      res.locals.sse = true;
      res.end();
    });
    app.get('/plain', (_req, res) => res.json({}));

    await request(app).get('/events/abc');
    await request(app).get('/plain');

    const text = await metrics.worker.metrics();
    expect(sampleValue(text, 'http_requests_total', { route: '/events/:sessionId', status: '200' })).toBe(1);
    expect(
      sampleValue(text, 'http_request_duration_seconds_count', { route: '/events/:sessionId' }),
    ).toBeUndefined();
    expect(sampleValue(text, 'http_request_duration_seconds_count', { route: '/plain' })).toBe(1);
  });

  it('when event streams open and close, then event_streams_open follows', async () => {
    const metrics = newMetrics();

    metrics.eventStreams.inc();
    metrics.eventStreams.inc();
    metrics.eventStreams.dec();

    expect(sampleValue(await metrics.worker.metrics(), 'event_streams_open')).toBe(1);
  });

  it('when the delivery source fails, then the scrape still answers without the queue gauges', async () => {
    const metrics = newMetrics();
    metrics.setDeliveryStatsSource(() => Promise.reject(new Error('queue down')));

    const registry = await metrics.scrapeTimeRegistry();

    expect(sampleValue(await registry.metrics(), 'delivery_queued_files')).toBeUndefined();
  });
});
