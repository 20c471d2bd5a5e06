import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The deploy's nginx site, read as text: what it promises for the event streams and the log. */
const conf = readFileSync(
  path.resolve(__dirname, '..', '..', '..', 'deploy', 'nginx', 'clinicpro-gateway.conf'),
  'utf8',
);

function block(startsWith: string): string {
  const start = conf.indexOf(startsWith);
  if (start === -1) throw new Error(`no block starting with ${startsWith}`);
  let depth = 0;
  for (let i = conf.indexOf('{', start); i < conf.length; i++) {
    if (conf[i] === '{') depth += 1;
    if (conf[i] === '}' && --depth === 0) return conf.slice(start, i + 1);
  }
  throw new Error('unbalanced braces');
}

const seconds = (value: string) => Number(value.replace(/s$/, '')) * (value.endsWith('m') ? 60 : 1);

describe('nginx site for the event streams', () => {
  const events = block('location ~ ^/api/integrations/medtech/mobile/sessions/[^/]+/events$');

  it('when a stream passes nginx, then nothing buffers it and the read timeout outlasts the 15 s keep-alive', () => {
    expect(events).toMatch(/^\s*proxy_buffering off;/m);
    const timeout = /proxy_read_timeout (\d+s?);/.exec(events)?.[1] ?? '0';
    expect(seconds(timeout)).toBeGreaterThan(15);
    expect(events).toContain('proxy_pass http://clinicpro_gateway;');
  });

  it('when nginx logs a request, then no query string (?dt=, ?t=, an NHI) can be in the line', () => {
    const formats = [...conf.matchAll(/log_format\s+\w+\s+([^;]+);/g)].map((match) => match[1]);
    expect(formats.length).toBeGreaterThan(0);
    for (const format of formats) {
      expect(format).not.toMatch(/\$(args|query_string|request_uri|request\b|arg_)/);
      expect(format).toContain('$uri');
    }
    for (const line of conf.split('\n').filter((l) => /^\s*access_log /.test(l))) {
      expect(line).toMatch(/clinicpro_gateway;$/);
    }
  });
});
