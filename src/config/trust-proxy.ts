import { isIP } from 'node:net';

/** The names express's `trust proxy` understands besides addresses and subnets. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * True when express can compile `value` as its `trust proxy` setting: `true`, `false`, a hop
 * count, or a comma list of named ranges, addresses and subnets (`10.0.0.0/8`). Checked here
 * because express would otherwise throw at start-up with the value in its message.
 */
export function isTrustProxySetting(value: string): boolean {
  if (value === 'true' || value === 'false' || /^\d+$/.test(value)) return true;
  return value.split(',').every((raw) => {
    const item = raw.trim();
    if (NAMED_RANGES.has(item)) return true;
    const [address, prefix, ...rest] = item.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    if (prefix === undefined) return true;
    if (/^\d+$/.test(prefix)) return Number(prefix) <= (family === 4 ? 32 : 128);
    return family === 4 && isIP(prefix) === 4; // a netmask such as 255.255.255.0
  });
}
