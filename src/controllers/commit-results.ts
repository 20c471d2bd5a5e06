import type { FileCommitResult, FileCommitState } from '../schemas/commit';
import type { FileCommitOutcome } from '../services/commit';

const idsOf = (outcome: FileCommitOutcome) => ({
  mediaId: outcome.mediaId,
  documentReferenceId: outcome.documentReferenceId,
  inboxMessageId: outcome.inboxMessageId,
  taskId: outcome.taskId,
});

/** One file of a commit response, in the shape its status has (GATEWAY-API.md, per-file statuses). */
export function toFileCommitResult(outcome: FileCommitOutcome): FileCommitResult {
  const { fileId } = outcome;
  if (outcome.status === 'committed') {
    return {
      fileId,
      status: 'committed',
      ...idsOf(outcome),
      replayed: outcome.replayed,
      warnings: outcome.warnings,
    };
  }
  if (outcome.status === 'queued') {
    return {
      fileId,
      status: 'queued',
      reason: outcome.reason ?? 'WRITE_IN_PROGRESS',
      nextAttemptAt: outcome.nextAttemptAt,
      attempts: outcome.attempts,
      ...idsOf(outcome),
      replayed: outcome.replayed,
    };
  }
  const error = outcome.error ?? { code: 'INTERNAL', message: '', retryable: true, resendable: false };
  return {
    fileId,
    status: 'error',
    error: {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      resendable: error.resendable,
    },
  };
}

/** The `commit` object of a file view. */
export function toFileCommitState(outcome: FileCommitOutcome): FileCommitState {
  return {
    status: outcome.status,
    ...idsOf(outcome),
    reason: outcome.reason,
    nextAttemptAt: outcome.nextAttemptAt,
    attempts: outcome.attempts,
    error: outcome.error,
    warnings: outcome.warnings,
  };
}
