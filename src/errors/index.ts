export { ERROR_CATALOGUE, type ErrorCode } from './catalogue';
export { AppError, isAppError, type AppErrorOptions, type ErrorDetail } from './app-error';
export { toAppError, fromZodError, type TranslatableError } from './to-app-error';
