import { buildOpenApiDocument } from './document';
import { testConfig } from '../../test/helpers/test-config';
console.log(JSON.stringify(buildOpenApiDocument(testConfig()), null, 2));
