/** Store keys of the launch service. Launch ids are URI-encoded so a ':' cannot forge another key. */

/** A pair ALEX decoded, by the hash of the pair (never the pair); holds the launch id. */
export const usedPairKey = (hash: string) => `launch-used:${hash}`;

/** The answer of one launch, for the reload route. */
export const launchKey = (launchId: string) => `launch:${encodeURIComponent(launchId)}`;
