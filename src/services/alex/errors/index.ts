export { AlexHttpError, DEFAULT_RETRY_AFTER_SECONDS, type AlexHttpErrorInit } from './alex-http-error';
export { AlexTimeoutError } from './alex-timeout-error';
export { AlexNetworkError, CONNECT_TIMEOUT } from './alex-network-error';
export { CircuitOpenError } from './circuit-open-error';
export { AlexResponseTooLargeError } from './alex-response-too-large-error';
