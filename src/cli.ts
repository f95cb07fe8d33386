import type { Writable } from 'node:stream';
import yargs from 'yargs';
import { ENV_PREFIX, loadConfig, type ResolvedConfig } from './config.js';
import { discoverCatalog } from './engine/catalog.js';
import { ProgressReporter } from './engine/progress.js';
import { methodsFromCatalog, selectDefault, selectFromCatalog } from './engine/selection.js';
import { parseState, StateManager } from './engine/state.js';
import { runSync } from './engine/sync.js';
import { emitSchemas, TestSink } from './engine/test-mode.js';
import { ConfigError, TapError, UsageError } from './errors.js';
import { LOG_LEVELS, Logger, type LogLevel, lineSink } from './logger.js';
import { PACKAGE } from './package.js';
import { type About, aboutMarkdown, aboutText, CAPABILITIES } from './protocol/about.js';
import { readCatalogFile, readStateFile } from './protocol/catalog-file.js';
import { withFlattening } from './protocol/flatten.js';
import { OutputClosedError, ProtocolOutput } from './protocol/output.js';
import { SingerSink } from './protocol/singer.js';
import { summarise } from './protocol/summary.js';
import { Redactor } from './redact.js';
import { STREAMS } from './streams/index.js';
import { configSchema } from './streams/schemas.js';
import { createClient, flatteningDepth, syncSettings } from './wiring.js';

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  /** Called with the output once it exists, so the process can flush it on SIGTERM. */
  onOutput?: (output: ProtocolOutput) => void;
}

interface Args {
  config?: string;
  catalog?: string;
  properties?: string;
  state?: string;
  discover?: boolean;
  about?: boolean;
  test?: string;
  format?: 'json' | 'markdown' | 'text';
  'log-level': LogLevel;
}

/** Values of --test: none or `all` syncs one page per root stream, `schema` only prints SCHEMA messages. */
const TEST_MODES = ['', 'all', 'schema'];

/** Runs the tap; returns the process exit code. Never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const redactor = new Redactor();
  const envToken = io.env[`${ENV_PREFIX}TOKEN`];
  redactor.addSecret(envToken);
  let logger = new Logger('info', redactor, lineSink(io.stderr));
  try {
    const parsed = parseArgs(argv);
    if ('text' in parsed) {
      // --help or --version: their text only, and nothing else runs.
      io.stdout.write(`${parsed.text}\n`);
      return 0;
    }
    const { args } = parsed;
    // On a terminal, progress is one live line; in a pipeline, a log line every 30 s.
    const terminal = (io.stderr as NodeJS.WriteStream).isTTY ? io.stderr : undefined;
    logger = new Logger(args['log-level'], redactor, lineSink(io.stderr), terminal);
    if (args.about) {
      io.stdout.write(renderAbout(args.format ?? 'text'));
      return 0;
    }
    const config = loadConfigFor(args, io.env);
    redactor.addSecret(config.token);
    // Checked for every command, --discover included: a column name two properties share is an error.
    const flattening = flatteningDepth(config);
    if (args.discover) {
      // As singer-sdk: the catalog keeps the nested schemas (fields are selected by top-level
      // property); flattening applies to the SCHEMA and RECORD messages of a sync.
      io.stdout.write(`${JSON.stringify(discoverCatalog(STREAMS), null, 2)}\n`);
      return 0;
    }
    if (args.test !== undefined) return await test(args, config, io, logger, redactor, flattening);
    return await sync(args, config, io, logger, redactor, flattening);
  } catch (error) {
    return reportFailure(error, logger);
  }
}

/** The arguments, or the text of --help/--version. Bad usage throws a UsageError. */
function parseArgs(argv: string[]): { args: Args } | { text: string } {
  let text = '';
  const args = yargs()
    .scriptName('tap-movidesk')
    .usage('$0 --config CONFIG [--catalog CATALOG] [--state STATE] | --discover | --test[=schema] | --about')
    .option('config', {
      type: 'string',
      describe: 'JSON config file (settings may also come from TAP_MOVIDESK_* variables)',
    })
    .option('catalog', { type: 'string', describe: 'Singer catalog with the selected streams and fields' })
    .option('properties', { type: 'string', describe: 'Legacy name of --catalog' })
    .option('state', {
      type: 'string',
      describe: 'State file: the value of the last STATE message of the previous run',
    })
    .option('discover', { type: 'boolean', describe: 'Print the catalog of every stream and exit' })
    .option('test', {
      type: 'string',
      describe:
        'Test config and connection: one page per stream, at most one record each, no STATE (--test=schema: SCHEMA messages only, no request)',
    })
    .option('about', { type: 'boolean', describe: 'Describe the tap, its settings and capabilities' })
    .option('format', { choices: ['json', 'markdown', 'text'] as const, describe: 'Format of --about' })
    .option('log-level', {
      choices: LOG_LEVELS,
      default: 'info' as LogLevel,
      describe: 'Verbosity of stderr logs',
    })
    .requiresArg(['config', 'catalog', 'properties', 'state', 'format', 'log-level'])
    .conflicts('catalog', 'properties')
    .strict()
    .version(PACKAGE.version)
    .help()
    .wrap(null)
    .exitProcess(false)
    .fail((message, error) => {
      // yargs' own errors (a flag without its value, ...) are usage errors too.
      if (error && error.name !== 'YError') throw error;
      const reason = (message ?? error?.message ?? 'bad usage').replace(/\s+/g, ' ').trim();
      throw new UsageError(`${reason}; run tap-movidesk --help for usage`);
    })
    // With a callback, yargs hands over the --help/--version text instead of printing it.
    .parse(argv, {}, (_error, _argv, output) => {
      text = output;
    }) as unknown as Args & { help?: boolean; version?: boolean };
  if (args.help || args.version) return { text };
  if (args.test !== undefined && !TEST_MODES.includes(args.test)) {
    throw new UsageError(
      `--test takes no value (one record per stream) or =schema (SCHEMA messages only), not "${args.test}"; run tap-movidesk --help for usage`,
    );
  }
  if (args.test !== undefined && args.discover) {
    throw new UsageError('--test and --discover cannot be used together; run tap-movidesk --help for usage');
  }
  return { args };
}

function loadConfigFor(args: Args, env: NodeJS.ProcessEnv): ResolvedConfig {
  if (!args.config && !env[`${ENV_PREFIX}TOKEN`]) {
    throw new ConfigError(
      `no config: pass --config config.json (see config.sample.json) or set ${ENV_PREFIX}TOKEN`,
    );
  }
  return loadConfig(args.config, env);
}

async function sync(
  args: Args,
  config: ResolvedConfig,
  io: CliIo,
  logger: Logger,
  redactor: Redactor,
  flattening: number | undefined,
): Promise<number> {
  const now = Date.now();
  const { selection, methods, explicit } = readSelection(args);
  const state = new StateManager(
    args.state ? parseState(readStateFile(args.state), args.state, now) : undefined,
  );
  const output = new ProtocolOutput(io.stdout);
  io.onOutput?.(output);
  const client = createClient(config, logger, redactor, io.env);
  const started = Date.now();
  try {
    const result = await runSync({
      client,
      logger,
      sink: withFlattening(new SingerSink(output), flattening),
      state,
      selection,
      explicitSelection: explicit,
      methods,
      settings: syncSettings(config),
      streams: STREAMS,
      now,
      progress: new ProgressReporter(logger, client.stats),
    });
    logger.info(
      `Sync finished in ${((Date.now() - started) / 1000).toFixed(1)} s: ${client.stats.requests} requests, ${client.stats.throttled} throttled`,
    );
    const summary = summarise(result);
    for (const line of summary.lines) logger.log(line.level, line.text);
    return summary.exitCode;
  } catch (error) {
    if (error instanceof OutputClosedError) {
      logger.warn('stdout was closed by the consumer; stopping (the last STATE written is still valid)');
      return 0;
    }
    throw error;
  } finally {
    client.close();
    // Whatever was emitted reaches the pipe before the process exits.
    await output.flush().catch(() => undefined);
  }
}

/** Selection and replication methods from --catalog (or --properties); without one, every stream but the opt-in ones. */
function readSelection(args: Args) {
  const catalogPath = args.catalog ?? args.properties;
  if (!catalogPath) return { selection: selectDefault(STREAMS), methods: undefined, explicit: false };
  const catalog = readCatalogFile(catalogPath, args.catalog ? '--catalog' : '--properties');
  return {
    selection: selectFromCatalog(catalog, STREAMS, catalogPath),
    methods: methodsFromCatalog(catalog, STREAMS, catalogPath),
    explicit: true,
  };
}

/**
 * `--test` (singer-sdk's test mode): SCHEMA messages, then one page of each selected root stream and at
 * most one record per stream, from no state; no STATE is emitted. `--test=schema`: SCHEMA messages only,
 * no request. Exit 0 when it worked.
 */
async function test(
  args: Args,
  config: ResolvedConfig,
  io: CliIo,
  logger: Logger,
  redactor: Redactor,
  flattening: number | undefined,
): Promise<number> {
  const { selection, methods, explicit } = readSelection(args);
  if (args.state) logger.info('--test ignores --state: a test reads from the start and emits no STATE');
  const output = new ProtocolOutput(io.stdout);
  io.onOutput?.(output);
  const sink = new TestSink(withFlattening(new SingerSink(output), flattening), 1);
  const client = args.test === 'schema' ? undefined : createClient(config, logger, redactor, io.env);
  try {
    if (!client) {
      const schemas = emitSchemas({ sink, selection, methods, logger, streams: STREAMS });
      await output.flush();
      logger.info(`Test finished: ${schemas} SCHEMA messages, no request sent`);
      return 0;
    }
    const result = await runSync({
      client,
      logger,
      sink,
      state: new StateManager(),
      selection,
      explicitSelection: explicit,
      methods,
      settings: syncSettings(config),
      streams: STREAMS,
      now: Date.now(),
      pageLimit: 1,
    });
    const empty = sink.streams.filter((stream) => !sink.counts.has(stream));
    logger.info(
      `Test finished: ${client.stats.requests} requests; a record from ${sink.counts.size} of ${sink.streams.length} streams${empty.length ? ` (no rows in the first page for ${empty.join(', ')})` : ''}; no STATE emitted`,
    );
    // A stream the test could not read fails the test, as it would fail a sync.
    const summary = summarise(result);
    for (const line of summary.lines.slice(1)) logger.log(line.level, line.text);
    return summary.exitCode;
  } catch (error) {
    if (error instanceof OutputClosedError) return 0;
    throw error;
  } finally {
    client?.close();
    await output.flush().catch(() => undefined);
  }
}

function renderAbout(format: 'json' | 'markdown' | 'text'): string {
  const about: About = {
    name: PACKAGE.name,
    description: PACKAGE.description,
    version: PACKAGE.version,
    capabilities: CAPABILITIES,
    supported_node_versions: '>=20.19',
    settings: configSchema(),
  };
  if (format === 'json') return `${JSON.stringify(about, null, 2)}\n`;
  if (format === 'markdown') return aboutMarkdown(about);
  return aboutText(about);
}

function reportFailure(error: unknown, logger: Logger): number {
  const debug = logger.enabled('debug');
  if (error instanceof TapError) {
    logger.log('error', `CRITICAL ${error.message}`);
    if (debug && error.stack) logger.debug(error.stack);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  logger.log(
    'error',
    `CRITICAL unexpected error: ${message.split('\n')[0]}${debug ? '' : ' (run with --log-level debug for details)'}`,
  );
  if (debug && error instanceof Error && error.stack) logger.debug(error.stack);
  return 1;
}
