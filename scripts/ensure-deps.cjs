#!/usr/bin/env node
/**
 * Makes `npm start` and `npm test` work on a fresh clone: installs the locked npm packages when
 * node_modules is missing or older than package-lock.json, and, with `--browser`, the Debian
 * packages the tests need (Chromium, shellcheck, libheif-examples) when they are missing and we
 * may install them (root with apt-get).
 * It never upgrades anything that is already in place.
 */
'use strict';
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const lockFile = path.join(root, 'package-lock.json');
const installedMarker = path.join(root, 'node_modules', '.package-lock.json');

function run(command) {
  console.log(`[ensure-deps] ${command}`);
  execSync(command, { cwd: root, stdio: 'inherit' });
}

function npmPackagesCurrent() {
  if (!fs.existsSync(installedMarker)) return false;
  return fs.statSync(installedMarker).mtimeMs >= fs.statSync(lockFile).mtimeMs;
}

if (!npmPackagesCurrent()) run('npm ci --no-audit --no-fund');

/**
 * System tools the tests need, by the command that proves each is there and its Debian package:
 * Chromium for the browser tests, shellcheck for the deploy-scripts test, heif-enc and
 * heif-convert (libheif's examples) for the HEIC fixtures and the native HEIC decoder, and
 * redis-server for the Redis store tests and the fault tests that start a Redis of their own.
 */
const TEST_TOOLS = [
  {
    present: () => fs.existsSync('/usr/bin/chromium'),
    pkg: 'chromium',
    need: 'the browser tests in test/e2e',
  },
  { present: () => hasCommand('shellcheck'), pkg: 'shellcheck', need: 'the deploy-scripts test' },
  {
    present: () => hasCommand('heif-enc') && hasCommand('heif-convert'),
    pkg: 'libheif-examples',
    need: 'the HEIC image tests',
  },
  {
    present: () => hasCommand('redis-server') && hasCommand('redis-cli'),
    pkg: 'redis-server',
    need: 'the Redis store and store-fault tests',
  },
];

function hasCommand(name) {
  try {
    execSync(`command -v ${name}`, { stdio: 'ignore', shell: '/bin/sh' });
    return true;
  } catch {
    return false;
  }
}

if (process.argv.includes('--browser')) {
  const missing = TEST_TOOLS.filter((tool) => !tool.present());
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (missing.length > 0 && isRoot && hasCommand('apt-get')) {
    run('apt-get update -qq');
    run(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.map((tool) => tool.pkg).join(' ')}`);
  } else {
    for (const tool of missing) {
      console.warn(
        `[ensure-deps] ${tool.pkg} is missing: ${tool.need} will fail. ` +
          `Install it with: sudo apt-get install -y ${tool.pkg}`,
      );
    }
  }
}

/**
 * The Redis store tests use a Redis on 127.0.0.1:6379 (keys under their own prefixes, never
 * flushed). When none answers there, start one that keeps nothing on disk, as CI does.
 */
if (process.argv.includes('--browser') && hasCommand('redis-server') && hasCommand('redis-cli')) {
  let answering = false;
  try {
    execSync('redis-cli -h 127.0.0.1 -p 6379 ping', { stdio: 'ignore' });
    answering = true;
  } catch {
    answering = false;
  }
  if (!answering) {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'cpgw-redis-'));
    run(`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir ${dir}`);
  }
}
