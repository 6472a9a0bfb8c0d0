// The `skills-fleet` command line: global connection and output options, one subcommand per use case, and the
// exit code of whatever ran (see exit-codes.ts). Every failure ends as one readable line on stderr.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { answerOne, inbox } from './commands/answer';
import { createJob, POLICY_FLAGS } from './commands/create';
import { cancelJob, promoteJob, retryJob } from './commands/job-actions';
import { JOB_STATUSES, listJobs, showJob } from './commands/jobs';
import { getSkill, listSkills } from './commands/skills';
import { connectionFrom, DEFAULT_URL, type Connection } from './connection';
import { CliError, EXIT, EXIT_CODES_HELP, type ExitCode } from './exit-codes';
import { makeOutput, type Output } from './output';
import { readAnswersFile } from './prompts/answers-file';
import type { AnswerSources } from './prompts/respond';
import { watchJob } from './watch/watch';

interface GlobalOptions {
  url?: string;
  token?: string;
  user?: string;
  json?: boolean;
  jsonl?: boolean;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

function statuses(value: string, previous: string[] = []): string[] {
  const status = value.toUpperCase();
  if (!(JOB_STATUSES as readonly string[]).includes(status))
    throw new InvalidArgumentError(`expected one of ${JOB_STATUSES.join(', ')}`);
  return [...previous, status];
}

/** Runs a command's body with its connection and output; the exit code goes to `process.exitCode`. */
function run<A extends unknown[]>(
  body: (ctx: { connection: Connection; out: Output }, ...args: A) => Promise<ExitCode>,
): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const command = args.at(-1) as Command;
    const options = command.optsWithGlobals<GlobalOptions>();
    const out = makeOutput(options);
    process.exitCode = await body({ connection: connectionFrom(options), out }, ...(args.slice(0, -1) as A));
  };
}

function answerSources(options: { answers?: string; yes?: boolean }): AnswerSources {
  return { answers: options.answers ? readAnswersFile(options.answers) : undefined, yes: options.yes };
}

function withAnswerOptions(command: Command): Command {
  return command
    .option('--answers <file>', 'answer prompts from this JSON file (by interaction id or prompt type)')
    .option('--yes', 'approve (PROCEED) every review prompt; questions still need answers');
}

export function buildProgram(): Command {
  const program = new Command('skills-fleet')
    .description('Create skills, follow their jobs live, answer their prompts, and fetch the published skills.')
    .option('--url <url>', `GraphQL endpoint (env SKILLS_FLEET_URL, default ${DEFAULT_URL})`)
    .option('--token <token>', 'Bearer token (env SKILLS_FLEET_TOKEN); also sent on the WebSocket')
    .option('--user <id>', 'dev-mode user id (x-user-id), for a server without JWT auth')
    .addOption(new Option('--json', 'one JSON document on stdout').conflicts('jsonl'))
    .option('--jsonl', 'one JSON value per line on stdout (watch: one event per line)')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'skills-fleet: ')) })
    .showSuggestionAfterError();

  const create = program
    .command('create')
    .description('queue a skill-creation job and print its id (with --watch, follow it)')
    .argument('<task>', 'what the skill should teach (3 words or more)')
    .option('--no-prompts', 'pause for no one (every policy flag off unless given)')
    .option('--idempotency-key <key>', 'the same key returns the same job')
    .option('--timeout-seconds <n>', 'how long each prompt waits', positiveInt)
    .option('--watch', 'follow the job like `watch`');
  for (const flag of POLICY_FLAGS) {
    create
      .option(`--${flag}`, `pause at ${flag.toUpperCase()}`)
      .option(`--no-${flag}`, `do not pause at ${flag.toUpperCase()}`);
  }
  withAnswerOptions(create).action(
    run(
      (
        { connection, out },
        task: string,
        options: Parameters<typeof createJob>[3] & { answers?: string; yes?: boolean },
      ) => createJob(connection, out, task, options, answerSources(options)),
    ),
  );

  withAnswerOptions(
    program
      .command('watch')
      .description('follow a job live to its end, asking its prompts on the way')
      .argument('<job>', 'job UUID or global id'),
  ).action(
    run(({ connection, out }, job: string, options: { answers?: string; yes?: boolean }) =>
      watchJob(connection, out, job, answerSources(options)),
    ),
  );

  withAnswerOptions(
    program
      .command('answer')
      .description('answer the pending prompt of a job, once')
      .argument('<job|interaction>', 'job UUID or global id, or interaction id'),
  ).action(
    run(({ connection, out }, ref: string, options: { answers?: string; yes?: boolean }) =>
      answerOne(connection, out, ref, answerSources(options)),
    ),
  );

  withAnswerOptions(program.command('inbox').description('every prompt waiting for you; pick one to answer')).action(
    run(({ connection, out }, options: { answers?: string; yes?: boolean }) =>
      inbox(connection, out, answerSources(options)),
    ),
  );

  program
    .command('jobs')
    .description('your jobs, newest first')
    .option('--status <status>', `only this status (repeatable): ${JOB_STATUSES.join(', ')}`, statuses)
    .option('--search <text>', 'only jobs whose task or skill name contains the text')
    .option('--limit <n>', 'at most this many', positiveInt, 20)
    .action(
      run(({ connection, out }, options: { status?: string[]; search?: string; limit: number }) =>
        listJobs(connection, out, { ...options, status: options.status as never }),
      ),
    );

  program
    .command('show')
    .description('a job: status, phase, prompts, validation, TDD evidence')
    .argument('<job>', 'job UUID or global id')
    .action(run(({ connection, out }, job: string) => showJob(connection, out, job)));

  program
    .command('cancel')
    .description('cancel a job that has not finished')
    .argument('<job>', 'job UUID or global id')
    .option('--reason <text>', 'why (recorded on the job)')
    .action(
      run(({ connection, out }, job: string, options: { reason?: string }) =>
        cancelJob(connection, out, job, options.reason),
      ),
    );

  program
    .command('retry')
    .description('run a FAILED or CANCELLED job again from where it stopped')
    .argument('<job>', 'job UUID or global id')
    .action(run(({ connection, out }, job: string) => retryJob(connection, out, job)));

  program
    .command('promote')
    .description('publish the draft of a PENDING_REVIEW job')
    .argument('<job>', 'job UUID or global id')
    .option('--overwrite', 'publish over an existing skill of the same name (its next version)')
    .option('--force', 'publish a draft that fails validation')
    .action(
      run(({ connection, out }, job: string, options: { overwrite?: boolean; force?: boolean }) =>
        promoteJob(connection, out, job, options),
      ),
    );

  program
    .command('skills')
    .description('published skills, newest first')
    .option('--search <text>', 'full-text search over name, description and content')
    .option('--limit <n>', 'at most this many (up to 100)', positiveInt, 20)
    .action(
      run(({ connection, out }, options: { search?: string; limit: number }) => listSkills(connection, out, options)),
    );

  program
    .command('skill')
    .description("print a skill's SKILL.md, or write it to DIR/<taxonomy path>/SKILL.md")
    .argument('<name>', 'the kebab-case skill name')
    .option('--out <dir>', 'write the file under this folder instead of printing it')
    .action(
      run(({ connection, out }, name: string, options: { out?: string }) => getSkill(connection, out, name, options)),
    );

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError)
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
        ? EXIT.ok
        : EXIT.usage;
    if (error instanceof CliError) {
      process.stderr.write(`skills-fleet: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`skills-fleet: unexpected error: ${message}\n`);
    return EXIT.failed;
  }
}

// `skills-fleet jobs | head`: a reader that went away ends the command quietly, not with a stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : EXIT.failed));

process.exitCode = await main(process.argv);
