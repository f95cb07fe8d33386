import { ApiDataError, oneLine, TapError } from '../errors.js';
import {
  AuthError,
  BadRequestError,
  HeavyQueryError,
  InvalidResponseError,
  RouteDeniedError,
  TransientError,
} from '../http/errors.js';

/** A stream tree that did not complete; the run went on with the others. */
export interface StreamFailure {
  /** Root stream of the tree (its bookmark stays where it was). */
  root: string;
  /** Selected streams of the tree that did not complete. */
  streams: string[];
  /** `skipped`: the account cannot read what the streams come from; `failed`: anything else. */
  kind: 'skipped' | 'failed';
  /** One line: what went wrong. */
  reason: string;
  /** One line: what to do about it. */
  fix: string;
  /** Whether this makes the run exit non-zero (a skip does only when a catalog selected the stream). */
  failsRun: boolean;
  /** What kind of problem it is, in Airbyte's terms. */
  failureType: 'config_error' | 'transient_error' | 'system_error';
  error?: unknown;
}

const RESUMES = 'the next run resumes from the last STATE';

/** What a stream tree's error means for the user: kind, reason and fix. */
export function describeFailure(
  root: string,
  streams: string[],
  error: unknown,
  explicitSelection: boolean,
  /** The tree had read pages of this window (in this run or the one it resumes). */
  midRead = false,
): StreamFailure {
  const reason = oneLine(error instanceof Error ? error.message : String(error));
  const base = { root, streams, reason, error };
  const names = streams.join(', ');
  if (error instanceof RouteDeniedError && midRead) {
    return {
      ...base,
      kind: 'failed',
      fix: `Movidesk refused a route of ${root} in the middle of reading it: check that the token is still valid and the account still has the module behind ${error.path} (${RESUMES})`,
      failsRun: true,
      failureType: 'config_error',
    };
  }
  if (error instanceof RouteDeniedError) {
    return {
      ...base,
      kind: 'skipped',
      fix: `the account probably has not contracted the Movidesk module behind ${error.path}; deselect ${names} in the catalog`,
      failsRun: explicitSelection,
      failureType: 'config_error',
    };
  }
  if (error instanceof TransientError)
    return {
      ...base,
      kind: 'failed',
      fix: `Movidesk did not answer in time; run again later (${RESUMES})`,
      failsRun: true,
      failureType: 'transient_error',
    };
  if (error instanceof HeavyQueryError)
    return {
      ...base,
      kind: 'failed',
      fix: `lower page_size or deselect large child streams of ${root} (${RESUMES})`,
      failsRun: true,
      failureType: 'config_error',
    };
  if (error instanceof BadRequestError || error instanceof AuthError)
    return {
      ...base,
      kind: 'failed',
      fix: `deselect the fields or streams the message names, or report it with the message (${RESUMES})`,
      failsRun: true,
      failureType: 'config_error',
    };
  if (error instanceof ApiDataError || error instanceof InvalidResponseError)
    return {
      ...base,
      kind: 'failed',
      fix: `Movidesk answered in a shape the tap cannot read; run with --log-level debug and report it (${RESUMES})`,
      failsRun: true,
      failureType: 'system_error',
    };
  return {
    ...base,
    kind: 'failed',
    fix: `${error instanceof TapError ? '' : 'unexpected error: '}run with --log-level debug and report it (${RESUMES})`,
    failsRun: true,
    failureType: 'system_error',
  };
}

/** A child stream whose collection this account does not serve (learned from a 400). */
export function unservedFailure(root: string, streams: string[], explicitSelection: boolean): StreamFailure {
  return {
    root,
    streams,
    kind: 'skipped',
    reason: `this account does not serve the collection ${streams.join(', ')} ${streams.length > 1 ? 'are' : 'is'} read from (learned from Movidesk's 400, kept in STATE query_adjustments)`,
    fix: `deselect ${streams.join(', ')} in the catalog`,
    failsRun: explicitSelection,
    failureType: 'config_error',
  };
}
