import jwt from 'jsonwebtoken';
import request from 'supertest';
import { createEmulatorApp, EMULATOR_CREDENTIALS, EMULATOR_ROLES } from '../../../src/emulator';
import { TOKEN_PATH, tokenForm } from './emulator-test-kit';

describe('emulator token endpoint (Entra client credentials)', () => {
  const { app, state } = createEmulatorApp();

  it('when the form is right, then it answers 200 with a Bearer JWT carrying ALEX roles and a unique jti', async () => {
    const first = await request(app).post(TOKEN_PATH).type('form').send(tokenForm()).expect(200);
    const second = await request(app).post(TOKEN_PATH).type('form').send(tokenForm()).expect(200);

    expect(first.body).toEqual({
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: expect.any(String),
    });
    expect(first.headers['cache-control']).toContain('no-store');
    const claims = jwt.decode(first.body.access_token) as jwt.JwtPayload;
    expect(claims.roles).toEqual(expect.arrayContaining([...EMULATOR_ROLES]));
    expect(claims.aud).toBe('api://alex-emulator');
    expect(claims.iss).toContain(EMULATOR_CREDENTIALS.tenantId);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3599);
    expect(claims.jti).not.toBe((jwt.decode(second.body.access_token) as jwt.JwtPayload).jti);
  });

  it('when the secret is wrong, then it answers 401 invalid_client with an Entra-style body', async () => {
    const response = await request(app)
      .post(TOKEN_PATH)
      .type('form')
      .send(tokenForm({ client_secret: 'wrong-secret' }))
      .expect(401);

    expect(response.body).toEqual({
      error: 'invalid_client',
      error_description: expect.stringMatching(/^AADSTS7000215: /),
      error_codes: [7000215],
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/),
      trace_id: expect.any(String),
      correlation_id: expect.any(String),
      error_uri: expect.any(String),
    });
    expect(JSON.stringify(response.body)).not.toContain('wrong-secret');
  });

  it('when the client id is unknown, then it answers 400 unauthorized_client like Entra', async () => {
    const response = await request(app)
      .post(TOKEN_PATH)
      .type('form')
      .send(tokenForm({ client_id: 'someone-else' }))
      .expect(400);
    expect(response.body.error).toBe('unauthorized_client');
  });

  it('when the scope is wrong, then it answers 400 invalid_scope', async () => {
    const response = await request(app)
      .post(TOKEN_PATH)
      .type('form')
      .send(tokenForm({ scope: 'api://other/.default' }))
      .expect(400);
    expect(response.body.error).toBe('invalid_scope');
  });

  it('when the grant is not client_credentials, then it answers 400 unsupported_grant_type', async () => {
    const response = await request(app)
      .post(TOKEN_PATH)
      .type('form')
      .send(tokenForm({ grant_type: 'password' }))
      .expect(400);
    expect(response.body.error).toBe('unsupported_grant_type');
  });

  it('when grant_type is missing (e.g. a JSON body), then it answers 400 invalid_request', async () => {
    const response = await request(app)
      .post(TOKEN_PATH)
      .send({ grant_type: 'client_credentials' })
      .expect(400);
    expect(response.body.error).toBe('invalid_request');
  });

  it('when the tenant in the path is not the emulator tenant, then it answers 400 invalid_request', async () => {
    const response = await request(app)
      .post('/another-tenant/oauth2/v2.0/token')
      .type('form')
      .send(tokenForm())
      .expect(400);
    expect(response.body.error_codes).toEqual([90002]);
  });

  it('when tokens are requested, then tokenRequestCount counts every attempt and the journal masks client_secret', async () => {
    state.reset();
    await request(app).post(TOKEN_PATH).type('form').send(tokenForm());
    await request(app)
      .post(TOKEN_PATH)
      .type('form')
      .send(tokenForm({ client_secret: 'nope' }));

    expect(state.tokenRequestCount()).toBe(2);
    const bodies = state.journal().map((entry) => entry.body as Record<string, string>);
    expect(bodies.map((body) => body.client_secret)).toEqual(['***', '***']);
    expect(JSON.stringify(state.journal())).not.toContain(EMULATOR_CREDENTIALS.clientSecret);
  });

  it('when the lifetime is shortened, then expires_in and the JWT exp follow it', async () => {
    state.setTokenLifetime(120);
    const response = await request(app).post(TOKEN_PATH).type('form').send(tokenForm()).expect(200);
    const claims = jwt.decode(response.body.access_token) as jwt.JwtPayload;

    expect(response.body.expires_in).toBe(120);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(120);
    state.reset();
  });
});
