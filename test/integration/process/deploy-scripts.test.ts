import { execFile, execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './support/process-tools';

/**
 * deploy/setup-vm.sh and deploy/deploy.sh: their --dry-run plans (no root, no network), a real
 * deploy and rollback with npm and pm2 replaced by recorders, and shellcheck over every script.
 */
const SETUP = path.join(PROJECT_ROOT, 'deploy', 'setup-vm.sh');
const DEPLOY = path.join(PROJECT_ROOT, 'deploy', 'deploy.sh');
const SCRIPTS = [SETUP, DEPLOY, path.join(PROJECT_ROOT, 'deploy', 'lib', 'common.sh'), 'scripts/smoke.sh'];

function bash(args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'bash',
      args,
      { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, HOME: os.tmpdir(), ...env }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('deploy/setup-vm.sh --dry-run', () => {
  let plan: string;

  beforeAll(async () => {
    const result = await bash([
      SETUP,
      '--dry-run',
      '--domain',
      'gw.example.org',
      '--email',
      'ops@example.org',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    plan = result.stdout;
  });

  it('when run without root, then it prints the whole set-up of a fresh VM', () => {
    for (const step of [
      'deb.nodesource.com/node_20.x',
      'useradd --system --create-home --home-dir /home/clinicpro',
      'install -d -m 0750 -o clinicpro -g clinicpro /opt/clinicpro-gateway /opt/clinicpro-gateway/releases /opt/clinicpro-gateway/shared',
      'write /opt/clinicpro-gateway/shared/.env (mode 0600',
      'npm install -g pm2@',
      'pm2 startup systemd -u clinicpro --hp /home/clinicpro',
      'pm2 install pm2-logrotate',
      'pm2 set pm2-logrotate:max_size 50M',
      'bind 127.0.0.1',
      'appendonly yes',
      'maxmemory-policy noeviction',
      'certbot certonly --webroot',
      'client_max_body_size 30m',
      'return 301 https://$host$request_uri',
      'ssl_certificate /etc/letsencrypt/live/gw.example.org/fullchain.pem',
      'nginx -t',
    ]) {
      expect(plan).toContain(step);
    }
  });

  it('when the firewall is set up, then only 22, 80 and 443 are opened, SSH before enabling', () => {
    const ufw = plan.split('\n').filter((line) => line.startsWith('+ ufw '));

    expect(ufw).toEqual([
      '+ ufw default deny incoming',
      '+ ufw default allow outgoing',
      '+ ufw allow 22/tcp',
      '+ ufw allow 80/tcp',
      '+ ufw allow 443/tcp',
      '+ ufw --force enable',
    ]);
  });

  it('when the .env is written in a dry run, then it shows placeholders, never generated secrets', () => {
    expect(plan).toContain('GATEWAY_API_KEYS=<generated');
    expect(plan).toContain('MOBILE_TOKEN_SECRET=<generated');
    expect(plan).toContain('NODE_ENV=production');
    expect(plan).toContain('STORE=redis');
  });

  it('when --domain is missing, then it stops and says what is needed', async () => {
    const result = await bash([SETUP, '--dry-run']);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--domain');
  });
});

describe('deploy/deploy.sh --dry-run', () => {
  it('when given a git ref, then it prints fetch, build, reload, smoke test and the rollback', async () => {
    const result = await bash([DEPLOY, '--dry-run', '--repo', 'https://git.example.org/gw.git', 'v1.2.3']);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    const steps = [
      'git clone --quiet --mirror https://git.example.org/gw.git',
      'archive --format=tar',
      'ci --no-audit',
      'run build',
      'prune --omit=dev',
      'ln -sfn /opt/clinicpro-gateway/releases/',
      'mv -Tf /opt/clinicpro-gateway/current.next /opt/clinicpro-gateway/current',
      'env PM2_PROFILE=production pm2 startOrReload /opt/clinicpro-gateway/current/ecosystem.config.js --env production',
      '/opt/clinicpro-gateway/current/scripts/smoke.sh',
      'pm2 save',
      'rolling back to',
    ];
    const positions = steps.map((step) => result.stdout.indexOf(step));
    expect(positions.filter((position) => position < 0)).toEqual([]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe('deploy/deploy.sh on a scratch root, with npm and pm2 recorded', () => {
  let root: string;
  let calls: string;
  let live: http.Server;
  let port: number;

  /** A release tarball whose smoke.sh passes or fails on FAKE_SMOKE_FAILS. */
  function makeTarball(name: string): string {
    const src = path.join(root, 'src-' + name);
    mkdirSync(path.join(src, 'scripts'), { recursive: true });
    writeFileSync(path.join(src, 'ecosystem.config.js'), 'module.exports = { apps: [] };\n');
    writeFileSync(
      path.join(src, 'scripts', 'smoke.sh'),
      '#!/usr/bin/env bash\necho "smoke ${BASE_URL} key-set=${API_KEY:+yes}" >> "$CALLS"\n[[ -z ${FAKE_SMOKE_FAILS:-} ]]\n',
    );
    chmodSync(path.join(src, 'scripts', 'smoke.sh'), 0o755);
    const tarball = path.join(root, `${name}.tar.gz`);
    execFileSync('tar', ['-czf', tarball, '-C', src, '.']);
    return tarball;
  }

  beforeAll(async () => {
    // What deploy.sh waits for before the smoke test: something answering /health/live on PORT.
    live = http.createServer((_req, res) => res.end('{"status":"ok"}'));
    await new Promise<void>((resolve) => live.listen(0, '127.0.0.1', resolve));
    port = (live.address() as AddressInfo).port;
    root = mkdtempSync(path.join(os.tmpdir(), 'gateway-deploy-'));
    calls = path.join(root, 'calls.log');
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    for (const tool of ['npm', 'pm2']) {
      writeFileSync(
        path.join(bin, tool),
        `#!/usr/bin/env bash\necho "${tool} $* PM2_PROFILE=\${PM2_PROFILE:-}" >> "$CALLS"\n`,
      );
      chmodSync(path.join(bin, tool), 0o755);
    }
    mkdirSync(path.join(root, 'app', 'releases'), { recursive: true });
    mkdirSync(path.join(root, 'app', 'shared'));
    writeFileSync(
      path.join(root, 'app', 'shared', '.env'),
      `PORT=${port}\nGATEWAY_API_KEYS="key-one-secret,key-two"\n`,
    );
  });

  afterAll(async () => {
    rmSync(root, { recursive: true, force: true });
    await new Promise<void>((resolve) => live.close(() => resolve()));
  });

  const deploy = (...args: string[]) => deployWith({}, ...args);
  const deployWith = (extra: Record<string, string>, ...args: string[]) =>
    bash([DEPLOY, ...args], {
      PATH: `${path.join(root, 'bin')}:${process.env.PATH}`,
      APP_ROOT: path.join(root, 'app'),
      APP_USER: os.userInfo().username,
      CALLS: calls,
      SMOKE_ATTEMPTS: '1',
      ...extra,
    });

  it('when the smoke test passes, then current is the new release, and when a later one fails, then current goes back', async () => {
    const first = await deploy(makeTarball('first'));
    expect(first.code).toBe(0);
    const firstRelease = readlinkSync(path.join(root, 'app', 'current'));
    await new Promise((resolve) => setTimeout(resolve, 1100)); // release folders are named by the second

    const second = await deployWith({ FAKE_SMOKE_FAILS: '1' }, makeTarball('second'));

    expect(second.code).not.toBe(0);
    expect(second.stdout).toContain(`rolling back to ${firstRelease}`);
    expect(readlinkSync(path.join(root, 'app', 'current'))).toBe(firstRelease);
    const log = readFileSync(calls, 'utf8');
    expect(
      log.match(/^pm2 startOrReload .*ecosystem\.config\.js --env production PM2_PROFILE=production$/gm),
    ).toHaveLength(3);
    expect(log.match(/^npm --prefix .* prune --omit=dev/gm)).toHaveLength(2);
    expect(log.match(/^pm2 save/gm)).toHaveLength(1);
    expect(log).toContain(`smoke http://127.0.0.1:${port} key-set=yes`);
    expect(second.stdout + second.stderr + first.stdout).not.toContain('key-one-secret');
  });

  it('when deployed from a git ref, then the release holds that commit and its REVISION', async () => {
    const repo = path.join(root, 'repo');
    makeTarball('from-git');
    const src = path.join(root, 'src-from-git');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).trim();
    mkdirSync(repo);
    git('init', '--quiet');
    execFileSync('cp', ['-R', `${src}/.`, repo]);
    git('add', '.');
    git('commit', '--quiet', '-m', 'release');
    git('tag', 'v9.9.9');
    const commit = git('rev-parse', 'HEAD');
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const result = await deploy('--repo', repo, 'v9.9.9');

    expect(result.code).toBe(0);
    const current = readlinkSync(path.join(root, 'app', 'current'));
    expect(readFileSync(path.join(current, 'REVISION'), 'utf8').trim()).toBe(commit);
    expect(readFileSync(path.join(current, 'ecosystem.config.js'), 'utf8')).toContain('apps');
  });
});

describe('shellcheck', () => {
  it('when shellcheck runs over the deploy and smoke scripts, then it reports nothing', () => {
    let version: string;
    try {
      version = execFileSync('shellcheck', ['--version'], { encoding: 'utf8' });
    } catch {
      throw new Error('shellcheck is not installed: apt-get install -y shellcheck (.ci/run installs it)');
    }
    expect(version).toContain('ShellCheck');

    const result = (() => {
      try {
        return execFileSync('shellcheck', SCRIPTS, { cwd: PROJECT_ROOT, encoding: 'utf8' });
      } catch (error) {
        return (error as { stdout?: string }).stdout ?? String(error);
      }
    })();

    expect(result).toBe('');
  });
});
