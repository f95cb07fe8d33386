import type { Writable } from 'node:stream';
import yargs from 'yargs';
import { loadConfig, type ResolvedConfig } from './config.js';
import { ProgressReporter } from './engine/progress.js';
import { StateManager } from './engine/state.js';
import { runSync } from './engine/sync.js';
import { CatalogError, ConfigError, StateError, TapError, UsageError } from './errors.js';
import { AuthError, EndpointError, TransientError } from './http/errors.js';
import { readJsonFile } from './json.js';
import { Logger, type LogLevel, type LogSink } from './logger.js';
import { PACKAGE } from './package.js';
import { airbyteCatalog, readConfiguredCatalog } from './protocol/airbyte/catalog.js';
import * as message from './protocol/airbyte/messages.js';
import { AirbyteSink } from './protocol/airbyte/sink.js';
import { readAirbyteState } from './protocol/airbyte/state.js';
import { withFlattening } from './protocol/flatten.js';
import { OutputClosedError, ProtocolOutput } from './protocol/output.js';
import { summarise } from './protocol/summary.js';
import { Redactor } from './redact.js';
import { STREAMS } from './streams/index.js';
import { configSchema, type JsonSchema } from './streams/schemas.js';
import { createClient, flatteningDepth, syncSettings } from './wiring.js';

export interface AirbyteIo {
  stdout: Writable;
  env: NodeJS.ProcessEnv;
  onOutput?: (output: ProtocolOutput) => void;
}

const LEVELS: Record<LogLevel, message.AirbyteLogLevel> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
};

/**
 * `source-movidesk spec | check | discover | read`: the Airbyte source protocol over the same engine as
 * the Singer tap. Everything, logs included, goes to stdout as Airbyte messages. Returns the exit code.
 */
export async function airbyteMain(argv: string[], io: AirbyteIo): Promise<number> {
  const output = new ProtocolOutput(io.stdout);
  io.onOutput?.(output);
  const redactor = new Redactor();
  redactor.addSecret(io.env.TAP_MOVIDESK_TOKEN);
  const logSink: LogSink = (level, line) => output.lineNow(message.log(LEVELS[level], line));
  let logger = new Logger('info', redactor, logSink);
  let sink: AirbyteSink | undefined;
  try {
    const parsed = parseArgs(argv);
    if ('text' in parsed) {
      // --help or --version: their text only, and nothing else runs.
      io.stdout.write(`${parsed.text}\n`);
      return 0;
    }
    const { args } = parsed;
    logger = new Logger(args['log-level'], redactor, logSink);
    const command = args._[0];
    if (command === 'spec') {
      output.line(specMessage());
      return 0;
    }
    if (command === 'check') return await check(args.config as string, io, output, logger, redactor);
    const config = loadConfig(args.config as string, io.env);
    redactor.addSecret(config.token);
    const flattening = flatteningDepth(config);
    if (command === 'discover') {
      // Airbyte has no SCHEMA message: with flattening on, the catalog carries the flattened schemas.
      output.line(airbyteCatalog(STREAMS, flattening));
      return 0;
    }
    const now = Date.now();
    const read = readConfiguredCatalog(
      readJsonFile(args.catalog as string, '--catalog', CatalogError),
      STREAMS,
      args.catalog as string,
      flattening,
    );
    for (const name of read.readInFull)
      logger.info(
        `stream "${name}" supports only full_refresh: reading it in full (the catalog asks for incremental)`,
      );
    const statePath = args.state as string | undefined;
    const state = statePath
      ? readAirbyteState(readJsonFile(statePath, '--state', StateError), statePath, now, read.configured)
      : { bookmarks: {} };
    for (const root of read.fullRefreshRoots) delete state.bookmarks[root];
    sink = new AirbyteSink(output, read.configured, (text) => redactor.redact(text));
    const client = createClient(config, logger, redactor, io.env);
    try {
      const result = await runSync({
        client,
        logger,
        sink: withFlattening(sink, flattening, read.columns),
        state: new StateManager(state),
        selection: read.selection,
        explicitSelection: true,
        methods: read.methods,
        settings: syncSettings(config),
        streams: STREAMS,
        now,
        progress: new ProgressReporter(logger, client.stats),
      });
      const summary = summarise(result);
      for (const line of summary.lines) logger.log(line.level, line.text);
      const failed = result.failures.filter((failure) => failure.failsRun);
      if (failed.length === 0) return 0;
      // As the Airbyte CDK does: each stream got its INCOMPLETE status and error trace when it
      // failed; one last error lists them all.
      output.line(
        message.errorTrace(
          redactor.redact(
            `During the sync, the following streams did not sync successfully: ${failed
              .map((failure) => `${failure.streams.join(', ')}: ${failure.reason}`)
              .join('; ')}`,
          ),
          'config_error',
        ),
      );
      return 1;
    } finally {
      client.close();
    }
  } catch (error) {
    if (error instanceof OutputClosedError) return 0;
    for (const stream of sink?.open ?? []) output.line(message.streamStatus(stream, 'INCOMPLETE'));
    const debug = logger.enabled('debug');
    const text = redactor.redact(error instanceof Error ? error.message : String(error));
    const stack = debug && error instanceof Error && error.stack ? redactor.redact(error.stack) : undefined;
    output.line(
      message.errorTrace(
        text.split('\n')[0] ?? text,
        failureType(error),
        error instanceof TapError ? undefined : text,
        stack,
      ),
    );
    return error instanceof TapError ? error.exitCode : 1;
  } finally {
    await output.flush().catch(() => undefined);
  }
}

interface Args {
  _: (string | number)[];
  config?: string;
  catalog?: string;
  state?: string;
  'log-level': LogLevel;
}

/** The arguments, or the text of --help/--version. Bad usage throws a UsageError. */
function parseArgs(argv: string[]): { args: Args } | { text: string } {
  let output = '';
  const config = {
    type: 'string',
    demandOption: true,
    requiresArg: true,
    describe: 'JSON config file',
  } as const;
  const args = yargs()
    .scriptName('source-movidesk')
    .command('spec', 'Print the connector specification')
    .command('check', 'Check the config and the connection', (y) => y.option('config', config))
    .command('discover', 'Print the catalog of streams', (y) => y.option('config', config))
    .command('read', 'Read the configured streams', (y) =>
      y
        .option('config', config)
        .option('catalog', { ...config, describe: 'Configured catalog' })
        .option('state', {
          type: 'string',
          requiresArg: true,
          describe: 'State: the array of STREAM states',
        }),
    )
    .option('log-level', {
      choices: ['debug', 'info', 'warn', 'error'] as const,
      default: 'info' as LogLevel,
      requiresArg: true,
    })
    .demandCommand(1, 'name a command: spec, check, discover or read')
    .strict()
    .help()
    .version(PACKAGE.version)
    .wrap(null)
    .exitProcess(false)
    .fail((text, error) => {
      // yargs' own errors (a flag without its value, ...) are usage errors too.
      if (error && error.name !== 'YError') throw error;
      const reason = (text ?? error?.message ?? 'bad usage').replace(/\s+/g, ' ').trim();
      throw new UsageError(`${reason}; run source-movidesk --help`);
    })
    // With a callback, yargs hands over the --help/--version text instead of printing it.
    .parse(argv, {}, (_error, _argv, text) => {
      output = text;
    }) as unknown as Args & { help?: boolean; version?: boolean };
  if (args.help || args.version) return { text: output };
  return { args };
}

/** SPEC from the same config schema the Singer side validates with, in the shape Airbyte checks. */
export function specMessage() {
  const { $schema: _s, additionalProperties: _a, ...schema } = configSchema();
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => {
      const { secret: _secret, writeOnly: _writeOnly, ...rest } = property as JsonSchema;
      return [name, rest];
    }),
  );
  return {
    type: 'SPEC',
    spec: {
      connectionSpecification: { $schema: 'http://json-schema.org/draft-07/schema#', ...schema, properties },
      supportsIncremental: true,
      supported_destination_sync_modes: ['overwrite', 'append', 'append_dedup'],
    },
  };
}

/** One cheap request: a single service id. FAILED (exit 0) for what the user must fix. */
async function check(
  configPath: string,
  io: AirbyteIo,
  output: ProtocolOutput,
  logger: Logger,
  redactor: Redactor,
): Promise<number> {
  let config: ResolvedConfig;
  try {
    config = loadConfig(configPath, io.env);
    flatteningDepth(config);
  } catch (error) {
    output.line(message.connectionStatus('FAILED', error instanceof Error ? error.message : String(error)));
    return 0;
  }
  redactor.addSecret(config.token);
  const client = createClient(config, logger, redactor, io.env, { maxRetries: 1, timeoutMs: 30_000 });
  try {
    await client.get('/services', { $select: 'id', $top: 1 });
    output.line(message.connectionStatus('SUCCEEDED'));
  } catch (error) {
    const reason = error instanceof TapError ? error.message : String(error);
    output.line(
      message.connectionStatus('FAILED', redactor.redact(`cannot use ${config.base_url}: ${reason}`)),
    );
  } finally {
    client.close();
  }
  return 0;
}

function failureType(error: unknown): message.FailureType {
  if (
    error instanceof AuthError ||
    error instanceof EndpointError ||
    error instanceof ConfigError ||
    error instanceof UsageError
  )
    return 'config_error';
  if (error instanceof TapError && error.exitCode === 2) return 'config_error';
  if (error instanceof TransientError) return 'transient_error';
  return 'system_error';
}
