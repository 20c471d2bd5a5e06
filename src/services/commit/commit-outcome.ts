import type { CommitRecord, QueueReason, RecordedError, RecordedWarning } from './write-ahead-record';

/**
 * A file's commit state as the domain sees it; controllers shape it into the commit result,
 * the file view's `commit` object and the session view's file status.
 */
export interface FileCommitOutcome {
  fileId: string;
  status: 'committed' | 'queued' | 'error';
  replayed: boolean;
  mediaId: string | null;
  documentReferenceId: string | null;
  inboxMessageId: string | null;
  taskId: string | null;
  warnings: RecordedWarning[];
  reason: QueueReason | null;
  nextAttemptAt: string | null;
  attempts: number;
  error: RecordedError | null;
}

const idOf = (record: CommitRecord | undefined, name: keyof CommitRecord['writes']) =>
  record?.writes[name]?.status === 'created' ? (record.writes[name]?.id ?? null) : null;

const attemptsOf = (record: CommitRecord | undefined) =>
  Object.values(record?.writes ?? {}).reduce((sum, write) => sum + (write?.attempts ?? 0), 0);

/** The outcome a record states now. A record someone is working on reads as queued (in progress). */
export function outcomeOf(record: CommitRecord, replayed: boolean): FileCommitOutcome {
  const ids = {
    mediaId: idOf(record, 'media'),
    documentReferenceId: idOf(record, 'document'),
    inboxMessageId: idOf(record, 'inbox'),
    taskId: idOf(record, 'task'),
  };
  const base = { fileId: record.fileId, replayed, ...ids, attempts: attemptsOf(record) };
  if (record.state === 'committed') {
    return {
      ...base,
      status: 'committed',
      warnings: record.warnings,
      reason: null,
      nextAttemptAt: null,
      error: null,
    };
  }
  if (record.state === 'error' || record.state === 'deleted' || record.state === 'new') {
    const error = record.error ?? {
      code: 'FILE_NOT_FOUND',
      message: '',
      retryable: false,
      resendable: false,
    };
    return { ...base, status: 'error', warnings: [], reason: null, nextAttemptAt: null, error };
  }
  return {
    ...base,
    status: 'queued',
    warnings: [],
    reason: record.state === 'working' ? 'WRITE_IN_PROGRESS' : (record.reason ?? 'WRITE_IN_PROGRESS'),
    nextAttemptAt: record.nextAttemptAt === null ? null : new Date(record.nextAttemptAt).toISOString(),
    error: null,
  };
}

/** A file no commit could start on: its error alone. */
export function errorOutcome(fileId: string, error: Omit<RecordedError, 'resendable'>): FileCommitOutcome {
  return {
    fileId,
    status: 'error',
    replayed: false,
    mediaId: null,
    documentReferenceId: null,
    inboxMessageId: null,
    taskId: null,
    warnings: [],
    reason: null,
    nextAttemptAt: null,
    attempts: 0,
    // Picked one by one: an AppError's message is not an enumerable property.
    error: {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      resendable: error.code === 'DELIVERY_UNCERTAIN',
    },
  };
}
