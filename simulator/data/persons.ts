/**
 * Generates /persons records (agents, client people, companies, departments) and their short refs.
 * Tickets snapshot the short shape when built, so person edits by churn avoid the fields it holds.
 */
import { Rng } from '../prng.js';
import { DAY, netStamp } from '../time.js';
import {
  ACCESS_PROFILES,
  CLASSIFICATIONS,
  PERSON_CUSTOM_FIELDS,
  type Service,
  SLA_AGREEMENTS,
  TEAMS,
  type Team,
} from './catalog.js';
import { customFieldValues } from './custom-fields.js';
import { type Person, type PersonPool, toRef } from './person-model.js';
import {
  CITIES,
  COMPANY_STEMS,
  COMPANY_SUFFIXES,
  DEPARTMENTS,
  DISTRICTS,
  personName,
  ROLES,
  STREETS,
  slug,
} from './text.js';

function phone(rng: Rng): string {
  return rng.pick([
    () => `(47) 9${rng.digits(4)}-${rng.digits(4)}`,
    () => `(11) ${rng.digits(4)}-${rng.digits(4)}`,
    () => `47${rng.digits(9)}`,
    () => `+55 48 9${rng.digits(8)}`,
  ])();
}

interface Kind {
  personType: number;
  profileType: number;
  role: 'agent' | 'company' | 'department' | 'person';
}

export function buildPersons(
  seed: number,
  count: number,
  baseNow: number,
  services: readonly Service[],
): PersonPool {
  const rng = new Rng(seed, 'persons');
  const nAgents = Math.max(10, Math.round(count * 0.04));
  const nCompanies = Math.max(5, Math.round(count * 0.12));
  const nDepartments = Math.max(2, Math.round(count * 0.02));
  const used = new Set<string>();
  const uniqueId = (make: () => string): string => {
    let id = make();
    while (used.has(id)) id = make();
    used.add(id);
    return id;
  };
  const all: Person[] = [];
  const pictures = new Map<string, string | null>();
  const organizationOf = new Map<string, string>();
  const teamOf = new Map<string, Team>();
  const companies: Person[] = [];
  const agentIds: string[] = [];
  const servicePicks = services.filter((s) => s.parentServiceId === null);

  const make = (index: number, kind: Kind): Person => {
    const [city, state] = rng.pick(CITIES);
    const company = kind.role === 'department' || kind.role === 'person' ? rng.pick(companies) : undefined;
    let businessName: string;
    if (kind.role === 'company') businessName = `${rng.pick(COMPANY_STEMS)}${index > 19 ? ` ${index}` : ''}`;
    else if (kind.role === 'department')
      businessName = `${rng.pick(DEPARTMENTS)} - ${company?.businessName ?? ''}`;
    else businessName = personName(rng);
    const id =
      kind.role === 'agent'
        ? uniqueId(() => `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}`)
        : uniqueId(() =>
            rng.chance(0.9) ? rng.digits(10) : `${slug(businessName).slice(0, 12)}${rng.int(1, 99)}`,
          );
    const createdMs = baseNow - rng.int(120, 4 * 365) * DAY - rng.int(0, DAY);
    const changedMs = rng.chance(0.15)
      ? baseNow - rng.float() * 90 * DAY
      : createdMs + rng.float() * (baseNow - createdMs);
    const domain = company ? `${slug(company.businessName).split('.')[0]}.com.br` : 'empresa.com.br';
    const emailCount = kind.role === 'department' ? 0 : rng.int(kind.role === 'agent' ? 1 : 0, 2);
    const emails = Array.from({ length: emailCount }, (_, i) => ({
      emailType: i === 0 ? 'Profissional' : 'Pessoal',
      email:
        i === 0
          ? `${slug(businessName).slice(0, 24)}${rng.int(1, 9)}@${domain}`
          : `${slug(businessName)}@gmail.com`,
      isDefault: i === 0,
    }));
    const contacts = Array.from({ length: rng.int(0, 3) }, (_, i) => ({
      contactType: rng.pick(['Telefone comercial', 'Celular', 'WhatsApp', 'Skype']),
      contact: phone(rng),
      isDefault: i === 0,
    }));
    const addresses = Array.from({ length: rng.int(0, 2) }, (_, i) => ({
      addressType: i === 0 ? 'Comercial' : 'Residencial',
      country: 'Brasil',
      postalCode: `${rng.digits(5)}-${rng.digits(3)}`,
      state,
      city,
      district: rng.pick(DISTRICTS),
      street: rng.pick(STREETS),
      number: rng.chance(0.9) ? String(rng.int(1, 3000)) : 's/n',
      complement: rng.chance(0.4) ? `Sala ${rng.int(1, 40)}` : null,
      reference: rng.chance(0.2) ? 'Próximo ao "Mercado Central"' : null,
      isDefault: i === 0,
    }));
    const team = kind.role === 'agent' ? rng.pick(TEAMS) : undefined;
    if (team) teamOf.set(id, team);
    if (company && kind.role === 'person') organizationOf.set(id, company.id);
    const person: Person = {
      id,
      codeReferenceAdditional: rng.chance(0.1) ? `ERP-${rng.digits(5)}` : null,
      isActive: rng.chance(0.93),
      personType: kind.personType,
      profileType: kind.profileType,
      accessProfile:
        kind.role === 'agent' ? rng.pick(ACCESS_PROFILES.slice(0, 2)) : rng.pick(ACCESS_PROFILES.slice(2)),
      corporateName: kind.role === 'company' ? `${businessName} ${rng.pick(COMPANY_SUFFIXES)}` : null,
      businessName,
      businessBranch:
        kind.role === 'company' && rng.chance(0.3) ? rng.pick(['Varejo', 'Indústria', 'Serviços']) : null,
      cpfCnpj: kind.role === 'department' ? null : rng.digits(kind.role === 'company' ? 14 : 11),
      userName: emails[0] && kind.role !== 'company' && rng.chance(0.7) ? emails[0].email : null,
      role: kind.role === 'agent' || kind.role === 'person' ? rng.pick(ROLES) : null,
      bossId: null,
      bossName: null,
      classification: rng.chance(0.3) ? rng.pick(CLASSIFICATIONS) : null,
      cultureId: rng.weighted([
        ['pt-BR', 90],
        ['en-US', 6],
        ['es-ES', 4],
      ] as const),
      timeZoneId: rng.weighted([
        ['America/Sao_Paulo', 85],
        ['America/Manaus', 5],
        ['America/Recife', 10],
      ] as const),
      authenticateOn: null,
      createdDate: netStamp(createdMs, rng.int(0, 9999)),
      createdBy: agentIds.length > 0 ? rng.pick(agentIds) : null,
      changedDate: rng.chance(0.05) ? null : netStamp(changedMs, rng.int(0, 9999)),
      changedBy: agentIds.length > 0 && rng.chance(0.9) ? rng.pick(agentIds) : null,
      observations: rng.chance(0.2)
        ? 'Cliente prefere contato por WhatsApp.\nNão ligar após as 18h 📵'
        : null,
      addresses,
      contacts,
      emails,
      teams: team
        ? [team.name, ...(rng.chance(0.3) ? [rng.pick(TEAMS).name] : [])].filter(
            (t, i, a) => a.indexOf(t) === i,
          )
        : [],
      relationships: company
        ? [
            {
              id: company.id,
              name: company.businessName,
              slaAgreement: rng.chance(0.5) ? rng.pick(SLA_AGREEMENTS) : null,
              forceChildrenToHaveSomeAgreement: rng.chance(0.1),
              allowAllServices: rng.chance(0.6),
              includeInParents: rng.chance(0.3),
              loadChildOrganizations: rng.chance(0.2),
              isGetMethod: true,
              services: rng
                .sample(servicePicks, rng.int(0, 2))
                .map((s) => ({ id: s.id, name: s.name, copyToChildren: rng.chance(0.5) })),
            },
          ]
        : [],
      customFieldValues: [],
      atAssets: rng.chance(0.15)
        ? [
            {
              Id: `AT-${rng.digits(5)}`,
              name: rng.pick(['Notebook Dell', 'Impressora HP', 'Servidor "Matriz"']),
              label: `PAT-${rng.digits(5)}`,
            },
          ]
        : [],
    };
    pictures.set(
      id,
      rng.chance(0.2) ? `https://s3.amazonaws.com/movidesk-files/${rng.hex(32)}/avatar.png` : null,
    );
    all.push(person);
    return person;
  };

  for (let i = 0; i < nAgents; i++) {
    agentIds.push(make(i, { personType: 1, profileType: rng.chance(0.2) ? 3 : 1, role: 'agent' }).id);
  }
  for (let i = 0; i < nCompanies; i++)
    companies.push(make(i, { personType: 2, profileType: 2, role: 'company' }));
  for (let i = 0; i < nDepartments; i++) make(i, { personType: 4, profileType: 2, role: 'department' });
  const nPeople = Math.max(1, count - nAgents - nCompanies - nDepartments);
  for (let i = 0; i < nPeople; i++) make(i, { personType: 1, profileType: 2, role: 'person' });

  const pools = {
    personIds: all.map((p) => p.id),
    clientIds: all.filter((p) => p.profileType !== 1).map((p) => p.id),
    agentIds,
  };
  for (const p of all) p.customFieldValues = customFieldValues(PERSON_CUSTOM_FIELDS, rng, pools, baseNow, 2);

  const refs = new Map(all.map((p) => [p.id, toRef(p, pictures.get(p.id) ?? null)]));
  return {
    all,
    byId: new Map(all.map((p) => [p.id, p])),
    refs,
    agents: all.filter((p) => p.profileType !== 2),
    clients: all.filter((p) => p.profileType !== 1),
    organizationOf,
    teamOf,
  };
}
