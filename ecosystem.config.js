/**
 * PM2 process file for the ClinicPro gateway. docs/DEPLOY.md explains the profiles.
 *
 * PM2 cannot change `exec_mode` or `instances` from an `env_*` block, so the profile is chosen
 * when PM2 loads this file, from PM2_PROFILE:
 *
 * - default: ONE process in fork mode with the memory store (a laptop, a small trial).
 *   `pm2 start ecosystem.config.js`. A restart drops in-flight requests and loses sessions.
 * - PM2_PROFILE=production: TWO processes in cluster mode with the Redis store. Only cluster
 *   mode reloads one worker at a time without dropping requests, and only a shared store lets
 *   two processes serve one phone session.
 *   `PM2_PROFILE=production pm2 startOrReload ecosystem.config.js --env production`.
 *
 * The production profile uses the production env block even without `--env production`, so
 * two processes never run with the per-process memory store.
 */
const fs = require('node:fs');
const path = require('node:path');

const production = process.env.PM2_PROFILE === 'production';

// On the VM (deploy/deploy.sh) this file sits in <root>/releases/<stamp> and <root>/current
// points at the live release. Node resolves symlinks, so __dirname is the release itself.
const releasesDir = path.dirname(__dirname);
const vmRoot = path.basename(releasesDir) === 'releases' ? path.dirname(releasesDir) : undefined;

// PM2 keeps the script path it first started; through `current`, a reload runs the newest release.
const appDir = vmRoot ? path.join(vmRoot, 'current') : __dirname;
const logDir = vmRoot ? path.join(vmRoot, 'shared', 'logs') : path.join(__dirname, 'logs');
// In production the gateway does not read .env itself (src/config), so PM2 hands the VM's file over.
const envFile = vmRoot ? path.join(vmRoot, 'shared', '.env') : undefined;

function readEnvFile(file) {
  if (!file || !fs.existsSync(file)) return {};
  return require('dotenv').parse(fs.readFileSync(file));
}

const productionEnv = { ...readEnvFile(envFile), NODE_ENV: 'production', STORE: 'redis' };
const developmentEnv = { NODE_ENV: 'development', STORE: 'memory' };

module.exports = {
  apps: [
    {
      name: 'clinicpro-gateway',
      cwd: appDir,
      script: 'dist/server.js',
      node_args: ['--enable-source-maps'],
      exec_mode: production ? 'cluster' : 'fork',
      instances: production ? 2 : 1,

      // server.ts sends 'ready' once it listens; PM2 routes traffic / stops the old worker only then.
      wait_ready: true,
      listen_timeout: 15_000,
      // The gateway drains in-flight requests for up to 8 s (src/lifecycle.ts), then closes the store.
      kill_timeout: 12_000,
      autorestart: true,
      exp_backoff_restart_delay: 200,
      // Ten concurrent 12 MP uploads peak under 600 MB (QUALITY.md); restart only well above that.
      max_memory_restart: '800M',
      watch: false,

      // The JSON lines carry their own timestamp; both workers write to the same two files.
      time: false,
      merge_logs: true,
      out_file: path.join(logDir, 'gateway.out.log'),
      error_file: path.join(logDir, 'gateway.err.log'),

      env: production ? productionEnv : developmentEnv,
      env_production: productionEnv,
    },
  ],
};
