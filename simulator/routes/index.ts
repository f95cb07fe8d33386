/** Dispatch of API paths (below /public/v1) to handlers, and mapping of query errors to responses. */
import { ODataError } from '../odata/model.js';
import {
  type ApiRequest,
  type ApiResponse,
  GENERIC_ERROR,
  type Handler,
  HeavyQueryError,
  message,
  type RouteEnv,
} from './common.js';
import { handleConsumption } from './consumption.js';
import { handleActivities, handleSurveyQuestions, handleSurveyResponses } from './cursor.js';
import { handlePersons, handleServices, handleTimeAgreements } from './entities.js';
import { handleMerges } from './merges.js';
import { handleHtmlDescription, handleTickets } from './tickets.js';

/** ASP.NET routes match case-insensitively. */
const ROUTES: Record<string, Handler> = {
  '/tickets': (req, env) => handleTickets('recent', req, env),
  '/tickets/past': (req, env) => handleTickets('past', req, env),
  '/tickets/htmldescription': handleHtmlDescription,
  '/tickets/merged': handleMerges,
  '/persons': handlePersons,
  '/services': handleServices,
  '/timeagreement': handleTimeAgreements,
  '/timeagreementconsumption': handleConsumption,
  '/survey/questions': handleSurveyQuestions,
  '/survey/responses': handleSurveyResponses,
  '/activity': handleActivities,
};

export function routeKey(path: string): string {
  return path.replace(/\/+$/, '').toLowerCase() || '/';
}

export function hasRoute(path: string): boolean {
  return routeKey(path) in ROUTES;
}

/** ASP.NET Web API's answer to a path no route matches. */
export function routeMissing(fullUrl: string): ApiResponse {
  return message(404, `No HTTP resource was found that matches the request URI '${fullUrl}'.`);
}

export function dispatch(req: ApiRequest, env: RouteEnv, fullUrl: string): ApiResponse {
  const handler = ROUTES[routeKey(req.path)];
  if (!handler) return routeMissing(fullUrl);
  try {
    return handler(req, env);
  } catch (err) {
    if (err instanceof ODataError) return message(err.status, err.message);
    if (err instanceof HeavyQueryError) return { ...message(500, GENERIC_ERROR), heavyQuery: true };
    throw err;
  }
}
