/**
 * The gateway's URL bases (GATEWAY-API.md), written once. Routers register paths relative to
 * {@link API_MOUNT}, where createApp mounts them; the OpenAPI description and the URLs the
 * gateway hands to callers (`uploadUrl`, content paths) use the public form.
 */
export const API_MOUNT = '/api';

/** Relative to {@link API_MOUNT}: what the routers register. */
export const ROUTE_BASES = {
  attachments: '/integrations/medtech/attachments',
  mobile: '/integrations/medtech/mobile',
  capabilities: '/integrations/medtech/capabilities',
  medtech: '/medtech',
} as const;

/** As callers see them (the mount included). */
export const PUBLIC_BASES = {
  attachments: `${API_MOUNT}${ROUTE_BASES.attachments}`,
  mobile: `${API_MOUNT}${ROUTE_BASES.mobile}`,
  capabilities: `${API_MOUNT}${ROUTE_BASES.capabilities}`,
  medtech: `${API_MOUNT}${ROUTE_BASES.medtech}`,
} as const;
