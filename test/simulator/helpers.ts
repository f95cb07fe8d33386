import type { Simulator, SimulatorOptionsPatch } from '../../simulator/index.js';
import { startSimulator } from '../../simulator/index.js';

export interface Reply<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** A simulator without rate limit or lockout, for functional tests. */
export function startUnlimited(patch: SimulatorOptionsPatch = {}): Promise<Simulator> {
  return startSimulator({
    ...patch,
    rateLimit: { enabled: false, ...patch.rateLimit },
    lockout: { enabled: false, ...patch.lockout },
  });
}

export function apiUrl(
  sim: Simulator,
  path: string,
  params: Record<string, string | number | boolean> = {},
  token?: string,
): string {
  const qs = new URLSearchParams({ token: token ?? sim.token });
  for (const [k, v] of Object.entries(params)) qs.set(k, String(v));
  return `${sim.url}${path}?${qs.toString()}`;
}

export async function get<T = unknown>(
  sim: Simulator,
  path: string,
  params: Record<string, string | number | boolean> = {},
  token?: string,
): Promise<Reply<T>> {
  const res = await fetch(apiUrl(sim, path, params, token));
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body: body as T, text, headers: res.headers };
}

export const STAMP_7 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/;
