import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import yargs from 'yargs';
import { ENV_PREFIX, loadConfig, type ResolvedConfig } from './config.js';
import { discoverCatalog } from './engine/catalog.js';
import { ProgressReporter } from './engine/progress.js';
import { methodsFromCatalog, selectAll, selectFromCatalog } from './engine/selection.js';
import { parseState, StateManager } from './engine/state.js';
import { runSync } from './engine/sync.js';
import { ConfigError, TapError, UsageError } from './errors.js';
import { LOG_LEVELS, Logger, type LogLevel, lineSink } from './logger.js';
import { type About, aboutMarkdown, aboutText, CAPABILITIES } from './protocol/about.js';
import { readCatalogFile, readStateFile } from './protocol/catalog-file.js';
import { OutputClosedError, ProtocolOutput } from './protocol/output.js';
import { SingerSink } from './protocol/singer.js';
import { Redactor } from './redact.js';
import { STREAMS } from './streams/index.js';
import { configSchema } from './streams/schemas.js';
import { createClient, syncSettings } from './wiring.js';

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
  format?: 'json' | 'markdown' | 'text';
  'log-level': LogLevel;
}

const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
  description: string;
};

/** Runs the tap; returns the process exit code. Never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const redactor = new Redactor();
  const envToken = io.env[`${ENV_PREFIX}TOKEN`];
  redactor.addSecret(envToken);
  let logger = new Logger('info', redactor, lineSink(io.stderr));
  try {
    const args = parseArgs(argv);
    // On a terminal, progress is one live line; in a pipeline, a log line every 30 s.
    const terminal = (io.stderr as NodeJS.WriteStream).isTTY ? io.stderr : undefined;
    logger = new Logger(args['log-level'], redactor, lineSink(io.stderr), terminal);
    if (args.about) {
      io.stdout.write(renderAbout(args.format ?? 'text'));
      return 0;
    }
    const config = loadConfigFor(args, io.env);
    redactor.addSecret(config.token);
    if (args.discover) {
      io.stdout.write(`${JSON.stringify(discoverCatalog(STREAMS), null, 2)}\n`);
      return 0;
    }
    return await sync(args, config, io, logger, redactor);
  } catch (error) {
    return reportFailure(error, logger);
  }
}

function parseArgs(argv: string[]): Args {
  return yargs(argv)
    .scriptName('tap-movidesk')
    .usage('$0 --config CONFIG [--catalog CATALOG] [--state STATE] | --discover | --about')
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
    .exitProcess(false)
    .fail((message, error) => {
      // yargs reports some usage errors (a flag without its value) as an Error, others as a message.
      const text = message ?? error?.message ?? 'bad command line';
      throw new UsageError(`${text.replace(/\s+/g, ' ').trim()}; run tap-movidesk --help for usage`);
    })
    .parseSync() as unknown as Args;
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
): Promise<number> {
  const now = Date.now();
  const catalogPath = args.catalog ?? args.properties;
  const catalog = catalogPath
    ? readCatalogFile(catalogPath, args.catalog ? '--catalog' : '--properties')
    : undefined;
  const selection = catalogPath ? selectFromCatalog(catalog, STREAMS, catalogPath) : selectAll(STREAMS);
  const methods = catalogPath ? methodsFromCatalog(catalog, STREAMS, catalogPath) : undefined;
  const state = new StateManager(
    args.state ? parseState(readStateFile(args.state), args.state, now) : undefined,
  );
  const output = new ProtocolOutput(io.stdout);
  io.onOutput?.(output);
  const client = createClient(config, logger, redactor, io.env);
  const started = Date.now();
  try {
    const counts = await runSync({
      client,
      logger,
      sink: new SingerSink(output),
      state,
      selection,
      methods,
      settings: syncSettings(config),
      streams: STREAMS,
      now,
      progress: new ProgressReporter(logger, client.stats),
    });
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    logger.info(
      `Sync finished in ${((Date.now() - started) / 1000).toFixed(1)} s: ${total} records, ${client.stats.requests} requests, ${client.stats.throttled} throttled`,
    );
    return 0;
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
