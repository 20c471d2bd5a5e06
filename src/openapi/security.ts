import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

/** How a caller proves who it is (GATEWAY-API.md, "Who calls it"); the names of the schemes. */
export type Credential = 'apiKey' | 'mobileToken';

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
}
