/** /persons, /services and /timeAgreement: OData lists over in-memory records, plus single gets. */
import type { EntityType } from '../odata/model.js';
import { ServiceType, TimeAgreementType } from '../schema/catalog.js';
import { PersonType } from '../schema/persons.js';
import {
  type ApiRequest,
  type ApiResponse,
  bindList,
  json,
  listAnswer,
  notFound,
  parseIntParam,
  type RouteEnv,
  readOptions,
  selectRequired,
} from './common.js';
import { listRecords } from './odata-list.js';

interface EntityRoute {
  type: EntityType;
  what: string;
  selectRequired: boolean;
  records: (env: RouteEnv) => readonly object[];
  /** Single get by query parameters; undefined when the request is a list. */
  single?: (req: ApiRequest, env: RouteEnv) => object | null | undefined;
}

function handle(route: EntityRoute, req: ApiRequest, env: RouteEnv): ApiResponse {
  const one = route.single?.(req, env);
  if (one === null) return notFound(route.what);
  if (one !== undefined) return json(200, one);
  const raw = readOptions(req.query);
  if (raw.select === null && route.selectRequired) return selectRequired();
  const q = bindList(route.type, raw, env);
  return listAnswer(listRecords(route.records(env), q, env), q);
}

const byIntId =
  <T extends { id: number }>(list: (env: RouteEnv) => readonly T[]) =>
  (req: ApiRequest, env: RouteEnv): T | null | undefined => {
    const id = parseIntParam(req.query, 'id');
    if (id === null) return undefined;
    return list(env).find((x) => x.id === id) ?? null;
  };

const persons: EntityRoute = {
  type: PersonType,
  what: 'Person',
  selectRequired: false,
  records: (env) => env.store.persons.all,
  single: (req, env) => {
    const id = req.query.get('id');
    if (id === null) return undefined;
    return env.store.persons.byId.get(id) ?? null;
  },
};

const services: EntityRoute = {
  type: ServiceType,
  what: 'Service',
  selectRequired: false,
  records: (env) => env.store.services,
  single: byIntId((env) => env.store.services),
};

const timeAgreements: EntityRoute = {
  type: TimeAgreementType,
  what: 'Time agreement',
  selectRequired: true,
  records: (env) => env.store.agreements,
  single: (req, env) => {
    const name = req.query.get('name');
    if (name !== null && !req.query.has('id'))
      return env.store.agreements.find((a) => a.name === name) ?? null;
    return byIntId((e) => e.store.agreements)(req, env);
  },
};

export const handlePersons = (req: ApiRequest, env: RouteEnv) => handle(persons, req, env);
export const handleServices = (req: ApiRequest, env: RouteEnv) => handle(services, req, env);
export const handleTimeAgreements = (req: ApiRequest, env: RouteEnv) => handle(timeAgreements, req, env);
