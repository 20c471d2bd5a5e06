import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

/** How a caller proves who it is (GATEWAY-API.md, "Who calls it"); the names of the schemes. */
export type Credential = 'apiKey' | 'mobileToken' | 'mobileTokenQuery' | 'desktopToken';

export function registerSecuritySchemes(registry: OpenAPIRegistry): void {
  registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'API key',
    description:
      'A key from GATEWAY_API_KEYS, as `Authorization: Bearer <key>`. Server side only: never ship it to a browser.',
  });
  registry.registerComponent('securitySchemes', 'mobileToken', {
    type: 'apiKey',
    in: 'header',
    name: 'x-mobile-token',
    description:
      "The phone's one-time token from the QR link (the `t` parameter of mobileUploadUrl), valid for its own session only.",
  });
  registry.registerComponent('securitySchemes', 'mobileTokenQuery', {
    type: 'apiKey',
    in: 'query',
    name: 't',
    description: "The phone's token as `?t=`, on the event stream only (EventSource cannot send headers).",
  });
  registry.registerComponent('securitySchemes', 'desktopToken', {
    type: 'apiKey',
    in: 'query',
    name: 'dt',
    description:
      "The read-only desktop token of `eventsUrl`: its session's event stream and its files' content and thumbnails, nothing else. Revoked with the session by a newer QR code; lives EVENTS_TOKEN_TTL_SECONDS.",
  });
}
