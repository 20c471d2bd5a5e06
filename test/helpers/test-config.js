"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.authHeader = exports.TEST_MOBILE_SECRET = exports.TEST_API_KEY = void 0;
exports.testConfig = testConfig;
const config_1 = require("../../src/config");
/** A fixed API key that test configs accept. */
exports.TEST_API_KEY = 'test-api-key-000000000000000000000001';
exports.TEST_MOBILE_SECRET = 'test-mobile-secret-0000000000000000000001';
/** A validated config for tests: emulator-style defaults plus `overrides`, as env strings. */
function testConfig(overrides = {}) {
    return (0, config_1.loadConfig)({
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        GATEWAY_API_KEYS: exports.TEST_API_KEY,
        MOBILE_TOKEN_SECRET: exports.TEST_MOBILE_SECRET,
        ...overrides,
    });
}
exports.authHeader = { Authorization: `Bearer ${exports.TEST_API_KEY}` };
//# sourceMappingURL=test-config.js.map