export {
  buildOpenApiDocument,
  describeGateway,
  type GatewayDescription,
  type OpenApiDocument,
} from './document';
export type { ExampleSample, OperationSpec, Credential } from './builder';
