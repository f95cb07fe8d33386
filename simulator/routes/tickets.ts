/** /tickets (lastUpdate within the recent window) and /tickets/past (older), plus htmldescription. */

import { idFromProtocol } from '../data/ticket-identity.js';
import type { TicketHead } from '../data/ticket-index.js';
import type { Action, Ticket } from '../data/ticket-model.js';
import { bindQuery } from '../odata/bind.js';
import { project } from '../odata/shape.js';
import { TicketType } from '../schema/tickets.js';
import { DAY } from '../time.js';
import {
  type ApiRequest,
  type ApiResponse,
  bindList,
  effectiveTop,
  json,
  listAnswer,
  message,
  notFound,
  parseBoolParam,
  parseIntParam,
  type RouteEnv,
  readOptions,
  selectRequired,
} from './common.js';
import { shapeOptions } from './odata-list.js';
import { scanTickets } from './ticket-query.js';

export type TicketRoute = 'recent' | 'past';

/**
 * What a client sees of a ticket: deleted actions, clients and parent/child links only with
 * includeDeletedItems=true; htmlDescription only on single gets.
 */
export function ticketView(t: Ticket, includeDeleted: boolean, list: boolean): Ticket {
  const live = <T extends { isDeleted: boolean }>(items: T[]) =>
    includeDeleted ? items : items.filter((x) => !x.isDeleted);
  let actions: Action[] = live(t.actions);
  if (list) actions = actions.map(({ htmlDescription: _omit, ...rest }) => rest as Action);
  return {
    ...t,
    clients: live(t.clients),
    actions,
    parentTickets: live(t.parentTickets),
    childrenTickets: live(t.childrenTickets),
  };
}

function inRoute(route: TicketRoute, head: TicketHead, req: ApiRequest, env: RouteEnv): boolean {
  const recent = head.lastUpdateMs >= req.nowMs - env.opts.recentDays * DAY;
  return route === 'recent' ? recent : !recent;
}

function single(route: TicketRoute, req: ApiRequest, env: RouteEnv, includeDeleted: boolean): ApiResponse {
  const protocol = req.query.get('protocol');
  const id =
    protocol !== null && req.query.get('id') === null
      ? idFromProtocol(protocol)
      : parseIntParam(req.query, 'id');
  const head = id === null ? undefined : env.store.index.get(id);
  if (!head) return notFound('Ticket');
  const ticket = env.store.ticket(head);
  if (protocol !== null && ticket.protocol !== protocol) return notFound('Ticket');
  if (env.opts.quirks.singleGetRespectsSplit && !inRoute(route, head, req, env)) return notFound('Ticket');
  if (head.isDeleted && !includeDeleted && env.opts.quirks.deletedTicketsNeedFlag) return notFound('Ticket');
  const view = ticketView(ticket, includeDeleted, false);
  const raw = readOptions(req.query);
  if (raw.select === null && raw.expand === null) return json(200, view);
  return json(
    200,
    project(view as unknown as Record<string, unknown>, bindQuery(TicketType, raw), shapeOptions(env)),
  );
}

export function handleTickets(route: TicketRoute, req: ApiRequest, env: RouteEnv): ApiResponse {
  const includeDeleted = parseBoolParam(req.query, 'includeDeletedItems');
  if (req.query.has('id') || req.query.has('protocol')) return single(route, req, env, includeDeleted);
  const raw = readOptions(req.query);
  if (raw.select === null && (route === 'recent' || env.opts.quirks.pastRequiresSelect))
    return selectRequired();
  const q = bindList(TicketType, raw, env);
  const hideDeleted = !includeDeleted && env.opts.quirks.deletedTicketsNeedFlag;
  const page = scanTickets({
    store: env.store,
    q,
    top: effectiveTop(q, env.opts.maxTop),
    visible: (head) => inRoute(route, head, req, env) && !(hideDeleted && head.isDeleted),
    view: (t) => ticketView(t, includeDeleted, true),
  });
  const opts = shapeOptions(env);
  return listAnswer(
    page.map((head) =>
      project(
        ticketView(env.store.ticket(head), includeDeleted, true) as unknown as Record<string, unknown>,
        q,
        opts,
      ),
    ),
    q,
  );
}

/** `/tickets/htmldescription?id=N[&actionId=M]` → `{id, description}` with the action's HTML. */
export function handleHtmlDescription(req: ApiRequest, env: RouteEnv): ApiResponse {
  const id = parseIntParam(req.query, 'id');
  const actionId = parseIntParam(req.query, 'actionId') ?? parseIntParam(req.query, 'actioId');
  if (id === null) return message(400, 'The request is invalid. The id parameter is required.');
  const ticket = env.store.ticketById(id);
  if (!ticket) return notFound('Ticket');
  const actions = ticket.actions.filter((a) => !a.isDeleted && (!actionId || a.id === actionId));
  if (actionId && actions.length === 0) return notFound('Action');
  return json(200, { id, description: actions.map((a) => a.htmlDescription ?? '').join('') });
}
