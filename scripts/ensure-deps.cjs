#!/usr/bin/env node
/**
 * Makes `npm start` and `npm test` work on a fresh clone: installs the locked npm packages when
 * node_modules is missing or older than package-lock.json, and, with `--browser`, Debian's
 * Chromium for the browser tests when it is missing and we may install it (root with apt-get).
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

if (process.argv.includes('--browser') && !fs.existsSync('/usr/bin/chromium')) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let hasApt = false;
  try {
    execSync('command -v apt-get', { stdio: 'ignore', shell: '/bin/sh' });
    hasApt = true;
  } catch {
    hasApt = false;
  }
  if (isRoot && hasApt) {
    run('apt-get update -qq');
    run('DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
  } else {
    console.warn(
      '[ensure-deps] /usr/bin/chromium is missing: the browser tests in test/e2e will fail. ' +
        'Install it with: sudo apt-get install -y chromium',
    );
  }
}
