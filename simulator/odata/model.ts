/** The small type model the OData layer validates queries against (an EDM, much simplified). */

export type EdmType = 'Int32' | 'Int64' | 'Decimal' | 'Double' | 'String' | 'Boolean' | 'DateTimeOffset';

export type Property =
  /** A single scalar. */
  | { kind: 'value'; type: EdmType }
  /** An array of scalars (tags, serviceFull): a plain structural property, not expandable. */
  | { kind: 'values'; type: EdmType }
  /** A navigation to one object (owner, createdBy): only returned when expanded. */
  | { kind: 'single'; target: EntityType }
  /** A navigation to a collection (actions, clients): only returned when expanded. */
  | { kind: 'many'; target: EntityType };

export interface EntityType {
  name: string;
  properties: Record<string, Property>;
}

export const isNavigation = (p: Property): p is Extract<Property, { kind: 'single' | 'many' }> =>
  p.kind === 'single' || p.kind === 'many';

/** A query the API rejects; the message becomes `{"Message": ...}`. */
export class ODataError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'ODataError';
  }
}

/** ASP.NET Web API OData prefixes every query validation message with this sentence. */
export const INVALID_QUERY = 'The query specified in the URI is not valid.';

export function invalid(detail: string): ODataError {
  return new ODataError(`${INVALID_QUERY} ${detail}`);
}

export function unknownProperty(name: string, type: EntityType): ODataError {
  return invalid(`Could not find a property named '${name}' on type '${type.name}'.`);
}

/** Shorthands for declaring entity types. */
export const v = (type: EdmType): Property => ({ kind: 'value', type });
export const vs = (type: EdmType): Property => ({ kind: 'values', type });
export const one = (target: EntityType): Property => ({ kind: 'single', target });
export const many = (target: EntityType): Property => ({ kind: 'many', target });
