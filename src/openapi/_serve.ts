import { createApp } from '../app';
import { ReadinessRegistry } from '../health/readiness';
import { ShutdownState } from '../middleware/shutdown-guard';
import { createLogger } from '../logging/logger';
import { docsRoutes } from '../routes/docs';
import { testConfig } from '../../test/helpers/test-config';
const config = testConfig({ CORS_ORIGINS: '' });
const app = createApp({ config, logger: createLogger({ level: 'warn', stream: process.stderr } as any), readiness: new ReadinessRegistry(), shutdown: new ShutdownState(), pageRouters: [docsRoutes({ config })] });
const server = app.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => console.log('port', (server.address() as any).port));
