export {
  createCommitService,
  type CommitService,
  type CommitServiceDeps,
  type CommitOutcome,
} from './commit-service';
