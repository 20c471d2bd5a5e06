import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AuditRecord } from '../../schemas/audit';

/** Where the window was trimmed: the hash of the last record archived before it. */
export interface Checkpoint {
  recorded: string;
  lastArchivedHash: string;
  archived: number;
}

/** One line of an audit file: a record, a checkpoint, or a line that is not either (tampering). */
export type AuditLine =
  | { kind: 'record'; record: AuditRecord; file: string; line: number }
  | { kind: 'checkpoint'; checkpoint: Checkpoint; file: string; line: number }
  | { kind: 'unreadable'; file: string; line: number };

const FILE = /^audit-(\d{4}-\d{2}-\d{2})\.jsonl$/;
/** Written when retention removes whole files: the hash the remaining chain starts from. */
export const PRUNED_FILE = 'audit-pruned.json';

/** The day file a record belongs to (UTC date of `recorded`). */
export function dayFile(recorded: string): string {
  return `audit-${recorded.slice(0, 10)}.jsonl`;
}

/** The audit's day files, oldest first (ISO dates sort as text). */
export async function listDayFiles(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter((name) => FILE.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export const dayOf = (file: string) => FILE.exec(file)?.[1] ?? '';

/** Appends lines with O_APPEND: the files only ever grow. */
export async function appendLines(dir: string, file: string, lines: unknown[]): Promise<void> {
  if (lines.length === 0) return;
  await fs.mkdir(dir, { recursive: true });
  await fs.appendFile(path.join(dir, file), lines.map((line) => `${JSON.stringify(line)}\n`).join(''), {
    mode: 0o640,
  });
}

/** Every line of the given day files, in order. */
export async function readLines(dir: string, files: string[]): Promise<AuditLine[]> {
  const result: AuditLine[] = [];
  for (const file of files) {
    const text = await fs.readFile(path.join(dir, file), 'utf8');
    text.split('\n').forEach((raw, index) => {
      if (raw.trim() === '') return;
      result.push(parseLine(raw, file, index + 1));
    });
  }
  return result;
}

function parseLine(raw: string, file: string, line: number): AuditLine {
  try {
    const value = JSON.parse(raw) as { checkpoint?: Checkpoint } & Partial<AuditRecord>;
    if (value.checkpoint) return { kind: 'checkpoint', checkpoint: value.checkpoint, file, line };
    if (typeof value.hash === 'string') return { kind: 'record', record: value as AuditRecord, file, line };
  } catch {
    // falls through: a line that is not JSON is reported, not skipped
  }
  return { kind: 'unreadable', file, line };
}

/** The hash of the newest record on disk, or undefined when there is none. */
export async function lastRecordOnDisk(dir: string): Promise<AuditRecord | undefined> {
  const files = await listDayFiles(dir);
  for (let i = files.length - 1; i >= 0; i--) {
    const lines = await readLines(dir, [files[i]!]);
    for (let j = lines.length - 1; j >= 0; j--) {
      const entry = lines[j]!;
      if (entry.kind === 'record') return entry.record;
    }
  }
  return undefined;
}

/** The hash the retained chain starts from: the genesis hash unless retention pruned files. */
export async function prunedThroughHash(dir: string): Promise<string | undefined> {
  try {
    const marker = JSON.parse(await fs.readFile(path.join(dir, PRUNED_FILE), 'utf8')) as {
      lastPrunedHash: string;
    };
    return marker.lastPrunedHash;
  } catch {
    return undefined;
  }
}

/**
 * Removes day files older than the retention period, first noting the last removed record's
 * hash in PRUNED_FILE so the verifier knows where the kept chain starts.
 */
export async function pruneDayFiles(dir: string, retentionDays: number, nowMs: number): Promise<number> {
  const cutoff = new Date(nowMs - retentionDays * 86_400_000).toISOString().slice(0, 10);
  const doomed = (await listDayFiles(dir)).filter((file) => dayOf(file) < cutoff);
  if (doomed.length === 0) return 0;
  const lines = await readLines(dir, doomed);
  const last = lines.filter((line) => line.kind === 'record').pop();
  if (last?.kind === 'record') {
    await fs.writeFile(
      path.join(dir, PRUNED_FILE),
      JSON.stringify({ lastPrunedHash: last.record.hash, prunedBefore: cutoff }),
    );
  }
  for (const file of doomed) await fs.unlink(path.join(dir, file));
  return doomed.length;
}
