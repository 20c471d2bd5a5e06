import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../../src/app';
import { loadConfig, DEV_API_KEY } from '../../../src/config';
import { ReadinessRegistry } from '../../../src/health/readiness';
import { ShutdownState } from '../../../src/middleware/shutdown-guard';
import { demoConfigFrom, type DemoConfig } from '../../../src/demo';
import { findPublicDir, pageRoutes, type PageRoutesOptions } from '../../../src/routes/pages';
import { captureLogs } from '../../helpers/log-capture';
import { testConfig, TEST_MOBILE_SECRET } from '../../helpers/test-config';
import { PUBLIC_DIR } from './classic-script';
import { scriptBlocks, startTags } from './html-scan';

const DEMO_CONFIG: DemoConfig = {
  apiKeyHint: DEV_API_KEY,
  facilities: ['F2N060-E'],
  patients: [{ facilityId: 'F2N060-E', patientId: 'pat-1', name: 'Test Patient', nhi: 'ZZZ0016' }],
  practitioners: [{ id: 'prac-1', name: 'Dr Test' }],
};

function buildApp(options: PageRoutesOptions) {
  return createApp({
    config: testConfig(),
    logger: captureLogs('error').logger,
    readiness: new ReadinessRegistry(),
    shutdown: new ShutdownState(),
    pageRouters: [pageRoutes(options)],
  });
}

function filesUnder(dir: string, extension: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(extension))
    .map((name) => path.join(dir, name));
}

/** The text of every script a page's index.html loads, in order: the page's code as the browser runs it. */
function pageScripts(page: string): string {
  const html = fs.readFileSync(path.join(PUBLIC_DIR, page, 'index.html'), 'utf8');
  return startTags(html)
    .filter((tag) => tag.name === 'script')
    .map((tag) => tag.attributes.get('src') ?? '')
    .map((src) => fs.readFileSync(path.join(PUBLIC_DIR, src), 'utf8'))
    .join('\n');
}

function testIds(html: string): string[] {
  return startTags(html)
    .map((tag) => tag.attributes.get('data-testid'))
    .filter((id): id is string => id !== undefined);
}

describe('phone page /mobile', () => {
  const app = buildApp({ production: true });

  it('when the QR link is opened, then the page is served uncached with its test ids and script', async () => {
    const res = await request(app).get('/mobile?t=some-token');

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(testIds(res.text)).toEqual(
      expect.arrayContaining(['patient-name', 'patient-nhi', 'countdown', 'take-photo', 'choose-photos']),
    );
    const scripts = startTags(res.text).filter((tag) => tag.name === 'script');
    expect(scripts.map((tag) => tag.attributes.get('src'))).toContain('/mobile/mobile.js');
  });

  it('when the page is served, then the strict CSP is on it', async () => {
    const res = await request(app).get('/mobile');

    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('when the link has a trailing slash, then the page is served without a redirect', async () => {
    const res = await request(app).get('/mobile/?t=some-token');

    expect(res.status).toBe(200);
    expect(testIds(res.text)).toContain('take-photo');
  });

  it('when the link carries a token, then the token is not echoed into the page', async () => {
    const res = await request(app).get('/mobile?t=tok-SECRET-123');

    expect(res.text).not.toContain('tok-SECRET-123');
  });

  it('when the photo inputs are read, then they are file inputs for the camera and for several photos', async () => {
    const tags = startTags((await request(app).get('/mobile')).text);
    const byId = (id: string) => tags.find((tag) => tag.attributes.get('data-testid') === id)?.attributes;

    expect(byId('take-photo')?.get('type')).toBe('file');
    expect(byId('take-photo')?.get('accept')).toBe('image/*');
    expect(byId('take-photo')?.get('capture')).toBe('environment');
    expect(byId('choose-photos')?.get('type')).toBe('file');
    expect(byId('choose-photos')?.get('accept')).toBe('image/*,.heic,.heif');
    expect(byId('choose-photos')?.has('multiple')).toBe(true);
  });

  it.each([
    ['/mobile/mobile.js', /javascript/],
    ['/mobile/mobile-core.js', /javascript/],
    ['/mobile/mobile.css', /text\/css/],
  ])('when %s is asked for, then it is served with its content type', async (url, type) => {
    const res = await request(app).get(url);

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(type);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('when an unknown asset is asked for, then the answer is the 404 envelope', async () => {
    const res = await request(app).get('/mobile/nope.js');

    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('demo page /demo', () => {
  it('when not in production, then /demo is served with its test ids and script', async () => {
    const res = await request(buildApp({ production: false, demoConfig: DEMO_CONFIG })).get('/demo');

    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(testIds(res.text)).toEqual(
      expect.arrayContaining([
        'api-key',
        'load-capabilities',
        'patient-select',
        'start-session',
        'qr-image',
        'mobile-link',
        'commit',
        'commit-result',
      ]),
    );
    expect(res.text).toContain('/demo/demo.js');
  });

  it.each(['/demo', '/demo/config.json', '/demo/demo.js'])(
    'when in production, then %s is 404',
    async (url) => {
      const res = await request(buildApp({ production: true, demoConfig: DEMO_CONFIG })).get(url);

      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    },
  );

  it('when config.json is asked for, then it returns the demo config uncached', async () => {
    const res = await request(buildApp({ production: false, demoConfig: DEMO_CONFIG })).get(
      '/demo/config.json',
    );

    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual(DEMO_CONFIG);
  });

  it('when no demo config was given, then config.json has empty lists and no key', async () => {
    const res = await request(buildApp({ production: false })).get('/demo/config.json');

    expect(res.body).toEqual({ facilities: [], patients: [] });
  });

  it('when the demo script is asked for, then it is served as JavaScript', async () => {
    const res = await request(buildApp({ production: false })).get('/demo/demo.js');

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
  });
});

describe('static files under public/', () => {
  const htmlFiles = filesUnder(PUBLIC_DIR, '.html');
  const jsFiles = filesUnder(PUBLIC_DIR, '.js');

  it('when the folder is listed, then both pages are there', () => {
    expect(htmlFiles.map((file) => path.relative(PUBLIC_DIR, file)).sort()).toEqual([
      path.join('demo', 'index.html'),
      path.join('mobile', 'index.html'),
    ]);
  });

  it.each(htmlFiles.map((file) => [path.relative(PUBLIC_DIR, file), file]))(
    'when %s is parsed, then it has no inline script, style or handler the CSP would block',
    (_name, file) => {
      const html = fs.readFileSync(file, 'utf8');
      const tags = startTags(html);

      for (const block of scriptBlocks(html)) {
        expect(block.content.trim()).toBe('');
        expect(block.attributes).toMatch(/\ssrc=/);
      }
      expect(tags.filter((tag) => tag.name === 'style')).toEqual([]);
      for (const tag of tags) {
        const names = [...tag.attributes.keys()];
        expect(names.filter((name) => name === 'style' || name.startsWith('on'))).toEqual([]);
        for (const value of tag.attributes.values()) expect(value).not.toMatch(/^\s*javascript:/i);
      }
    },
  );

  it.each(htmlFiles.map((file) => [path.relative(PUBLIC_DIR, file), file]))(
    'when %s references local files, then each is served',
    async (_name, file) => {
      const app = buildApp({ production: false });
      const refs = startTags(fs.readFileSync(file, 'utf8'))
        .flatMap((tag) => [tag.attributes.get('src'), tag.attributes.get('href')])
        .filter((ref): ref is string => ref !== undefined && ref.startsWith('/'));

      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) expect((await request(app).get(ref)).status).toBe(200);
    },
  );

  it.each(jsFiles.map((file) => [path.relative(PUBLIC_DIR, file), file]))(
    'when %s is read, then it uses no HTML injection, eval or inline style the CSP forbids',
    (_name, file) => {
      const source = fs.readFileSync(file, 'utf8');

      expect(source).not.toMatch(/\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write/);
      expect(source).not.toMatch(/\beval\(|new Function\(/);
      expect(source).not.toMatch(/setAttribute\(\s*['"]style['"]/);
      expect(source).not.toMatch(/localStorage|sessionStorage/);
    },
  );

  it('when the phone scripts are read, then they name every dynamic test id of its DOM contract', () => {
    const source = pageScripts('mobile');

    for (const id of ['file-item', 'file-error', 'retry', 'fatal-message', 'upload-progress']) {
      expect(source).toContain(`'${id}'`);
    }
    expect(source).toContain('history.replaceState');
  });

  it('when the demo scripts are read, then they name every dynamic test id of its DOM contract', () => {
    const source = pageScripts('demo');

    for (const id of ['demo-file', 'media-id', 'commit-file', 'demo-thumbnail']) {
      expect(source).toContain(`'${id}'`);
    }
  });
});

describe('findPublicDir', () => {
  const root = path.dirname(PUBLIC_DIR);

  it.each([
    ['src/routes', path.join(root, 'src', 'routes')],
    ['dist/routes', path.join(root, 'dist', 'routes')],
    ['dist/src/routes', path.join(root, 'dist', 'src', 'routes')],
  ])('when started from %s, then it finds the project public folder', (_name, start) => {
    expect(findPublicDir(start)).toBe(PUBLIC_DIR);
  });

  it('when no public folder is above, then it throws', () => {
    expect(() => findPublicDir(path.parse(root).root)).toThrow(/not found/);
  });
});

describe('demoConfigFrom', () => {
  const patients = DEMO_CONFIG.patients;

  it('when the gateway runs on the emulator with the dev key, then the key is offered', () => {
    const config = loadConfig({ NODE_ENV: 'test', MOBILE_TOKEN_SECRET: TEST_MOBILE_SECRET });

    const demo = demoConfigFrom(config, patients);

    expect(demo.apiKeyHint).toBe(DEV_API_KEY);
    expect(demo.facilities).toEqual(config.medtech.facilityIds);
    expect(demo.patients).toEqual(patients);
  });

  it('when real API keys are configured, then no key is offered', () => {
    expect(demoConfigFrom(testConfig(), patients)).not.toHaveProperty('apiKeyHint');
  });

  it('when the gateway talks to real ALEX, then no key is offered even if the dev key is configured', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      MOBILE_TOKEN_SECRET: TEST_MOBILE_SECRET,
      GATEWAY_API_KEYS: DEV_API_KEY,
      MEDTECH_CLIENT_ID: 'id',
      MEDTECH_CLIENT_SECRET: 'secret',
      MEDTECH_TENANT_ID: 'tenant',
      MEDTECH_API_SCOPE: 'scope',
    });

    expect(config.auth.usingDevApiKey).toBe(true);
    expect(demoConfigFrom(config, patients)).not.toHaveProperty('apiKeyHint');
  });
});
