/** Person records as /persons returns them, and the short person shape tickets embed. */
import type { Team } from './catalog.js';
import type { CustomFieldValue } from './custom-fields.js';

/** The person shape embedded in tickets and contracts. */
export interface PersonRef {
  id: string;
  personType: number;
  profileType: number;
  businessName: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  complement: string | null;
  cep: string | null;
  city: string | null;
  bairro: string | null;
  number: string | null;
  reference: string | null;
  pathPicture: string | null;
}

export interface Person {
  id: string;
  codeReferenceAdditional: string | null;
  isActive: boolean;
  personType: number;
  profileType: number;
  accessProfile: string | null;
  corporateName: string | null;
  businessName: string;
  businessBranch: string | null;
  cpfCnpj: string | null;
  userName: string | null;
  role: string | null;
  bossId: string | null;
  bossName: string | null;
  classification: string | null;
  cultureId: string;
  timeZoneId: string;
  authenticateOn: string | null;
  createdDate: string;
  createdBy: string | null;
  changedDate: string | null;
  changedBy: string | null;
  observations: string | null;
  addresses: {
    addressType: string;
    country: string;
    postalCode: string;
    state: string;
    city: string;
    district: string;
    street: string;
    number: string;
    complement: string | null;
    reference: string | null;
    isDefault: boolean;
  }[];
  contacts: { contactType: string; contact: string; isDefault: boolean }[];
  emails: { emailType: string; email: string; isDefault: boolean }[];
  teams: string[];
  relationships: {
    id: string;
    name: string;
    slaAgreement: string | null;
    forceChildrenToHaveSomeAgreement: boolean;
    allowAllServices: boolean;
    includeInParents: boolean;
    loadChildOrganizations: boolean;
    isGetMethod: boolean;
    services: { id: number; name: string; copyToChildren: boolean }[];
  }[];
  customFieldValues: CustomFieldValue[];
  atAssets: { Id: string; name: string; label: string }[];
}

export interface PersonPool {
  all: Person[];
  byId: Map<string, Person>;
  refs: Map<string, PersonRef>;
  agents: Person[];
  /** Who a ticket can have as client: people, companies and departments. */
  clients: Person[];
  /** Client person id -> organization id (company), when it has one. */
  organizationOf: Map<string, string>;
  teamOf: Map<string, Team>;
}

export function toRef(p: Person, pathPicture: string | null): PersonRef {
  const addr = p.addresses.find((a) => a.isDefault) ?? null;
  return {
    id: p.id,
    personType: p.personType,
    profileType: p.profileType,
    businessName: p.businessName,
    email: p.emails.find((e) => e.isDefault)?.email ?? null,
    phone: p.contacts.find((c) => c.isDefault)?.contact ?? null,
    address: addr?.street ?? null,
    complement: addr?.complement ?? null,
    cep: addr?.postalCode ?? null,
    city: addr?.city ?? null,
    bairro: addr?.district ?? null,
    number: addr?.number ?? null,
    reference: addr?.reference ?? null,
    pathPicture,
  };
}
