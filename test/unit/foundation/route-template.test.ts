import type { Request } from 'express';
import { matchedRouteTemplate } from '../../../src/http/route-template';

/** A bare object standing in for Express's request: the router only sets baseUrl and route. */
const request = () => ({ baseUrl: '' }) as unknown as Request;

describe('matchedRouteTemplate', () => {
  it('when the router sets req.route under a mount path and restores baseUrl afterwards, then the template keeps the mount path', () => {
    const req = request();
    const template = matchedRouteTemplate(req);
    req.baseUrl = '/api';
    (req as { route: unknown }).route = { path: '/attachments/:fileId' };
    req.baseUrl = ''; // what the router does on the way out of a throwing handler
    expect(template()).toBe('/api/attachments/:fileId');
  });

  it('when two middlewares ask for the same request, then both get one reader and see the same assignment', () => {
    const req = request();
    const first = matchedRouteTemplate(req);
    const second = matchedRouteTemplate(req);
    expect(second).toBe(first);
    (req as { route: unknown }).route = { path: '/health' };
    expect([first(), second()]).toEqual(['/health', '/health']);
    expect(req.route).toEqual({ path: '/health' });
  });

  it('when no route matched, then there is no template (never the concrete URL)', () => {
    const req = request();
    const template = matchedRouteTemplate(req);
    (req as { route: unknown }).route = undefined;
    expect(template()).toBeUndefined();
  });
});
