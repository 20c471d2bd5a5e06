/** One problem with the environment: the variable's name and what is wrong, never its value. */
export interface ConfigProblem {
  variable: string;
  problem: string;
}

/** Thrown when the environment cannot make a working gateway; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
