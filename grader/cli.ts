#!/usr/bin/env node
/**
 * gradbook: the instructor's command line.
 *
 *   gradbook check <assignment>                               self-test an assignment's grading material
 *   gradbook grade <assignment> <LMS download: folder|zip> --out <dir>
 *         [--pattern canvas|moodle|plain|<regex>] [--roster roster.csv] [--times times.csv]
 *         [--jobs N] [--time-limit S] [--memory-limit MB] [--bundle]
                                                             grade a class; CSVs, feedback, summary
 *   gradbook grade-one --assignment <id> --submission <file> --results <results.json>
 *         [--identity <course id>]                            one submission (the Gradescope autograder)
 *
 * <assignment> is an id under assignments/ (a1-gradients) or a path to its YAML.
 */
import { parseArgs } from 'node:util';
import { checkCommand } from './commands/check.ts';
import { gradeCommand } from './commands/grade.ts';
import { gradeOneCommand } from './commands/grade-one.ts';
import { DEFAULT_LIMITS, type SandboxLimits } from './sandbox/protocol.ts';

const USAGE = `usage:
  gradbook check <assignment> [--jobs N]
  gradbook grade <assignment> <download folder or zip> --out <dir> [--pattern canvas|moodle|plain|<regex>] [--roster <csv>] [--times <csv>] [--jobs N] [--time-limit S] [--memory-limit MB] [--bundle]
  gradbook grade-one --assignment <id> --submission <file> --results <results.json> [--identity <course id>]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      pattern: { type: 'string' },
      roster: { type: 'string' },
      times: { type: 'string' },
      jobs: { type: 'string' },
      'time-limit': { type: 'string' },
      'memory-limit': { type: 'string' },
      bundle: { type: 'boolean' },
      assignment: { type: 'string' },
      submission: { type: 'string' },
      results: { type: 'string' },
      identity: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs > 0)) throw new Error(`--jobs: expected a positive integer, got ${values.jobs}`);
  const limits = sandboxLimits(values['time-limit'], values['memory-limit']);
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'check' && positionals.length === 1) return checkCommand(positionals[0], { jobs });
  if (command === 'grade' && positionals.length === 2 && values.out) {
    return gradeCommand(positionals[0], positionals[1], {
      out: values.out, pattern: values.pattern, roster: values.roster, times: values.times, jobs, bundle: values.bundle, limits,
    });
  }
  if (command === 'grade-one' && values.assignment && values.submission && values.results) {
    return gradeOneCommand({ assignment: values.assignment, submission: values.submission, results: values.results, identity: values.identity });
  }
  console.error(USAGE);
  return 2;
}

/** Per-exercise sandbox limits from --time-limit (seconds) and --memory-limit (MB). */
function sandboxLimits(seconds: string | undefined, megabytes: string | undefined): SandboxLimits {
  const positive = (text: string, flag: string) => {
    const x = Number(text);
    if (!(x > 0)) throw new Error(`${flag}: expected a positive number, got ${text}`);
    return x;
  };
  return {
    ...DEFAULT_LIMITS,
    ...(seconds !== undefined ? { wallMs: positive(seconds, '--time-limit') * 1000 } : {}),
    ...(megabytes !== undefined ? { memoryMb: positive(megabytes, '--memory-limit') } : {}),
  };
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => {
  console.error(`gradbook: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
});
