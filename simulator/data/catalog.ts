/** Tenant configuration: the small, fixed lists tickets and persons refer to by name or id. */
import { Rng } from '../prng.js';

export interface Team {
  id: number;
  name: string;
}

export const TEAMS: readonly Team[] = [
  { id: 101, name: 'Suporte N1' },
  { id: 102, name: 'Suporte N2' },
  { id: 103, name: 'Financeiro' },
  { id: 104, name: 'Implantação' },
  { id: 105, name: 'Desenvolvimento' },
  { id: 106, name: 'Qualidade' },
];

export const CATEGORIES = ['Dúvida', 'Problema', 'Solicitação', 'Incidente', 'Sugestão'] as const;
export const URGENCIES = ['Baixa', 'Média', 'Alta', 'Urgente'] as const;

export type BaseStatus = 'New' | 'InAttendance' | 'Stopped' | 'Canceled' | 'Resolved' | 'Closed';

/** Tenant status names per base status, with the justifications that go with them. */
export const STATUSES: Record<
  BaseStatus,
  { names: readonly string[]; justifications: readonly (string | null)[] }
> = {
  New: { names: ['Novo'], justifications: [null] },
  InAttendance: { names: ['Em atendimento', 'Em análise'], justifications: [null] },
  Stopped: {
    names: ['Aguardando', 'Pausado'],
    justifications: ['Aguardando retorno do cliente', 'Aguardando fornecedor', 'Aguardando aprovação'],
  },
  Canceled: { names: ['Cancelado'], justifications: ['Duplicado', 'Aberto por engano'] },
  Resolved: { names: ['Resolvido', '5 - Resolvido'], justifications: [null, 'Solução aplicada'] },
  Closed: { names: ['Fechado'], justifications: [null, 'Fechado automaticamente'] },
};

export const SLA_AGREEMENTS = ['SLA Padrão', 'SLA Ouro', 'SLA Prata'] as const;
export const SLA_RULES = ['Regra geral', 'Urgência alta', 'Horário comercial'] as const;
export const WORK_TYPES = ['Normal', 'Hora Extra', 'Sobreaviso'] as const;
export const EXPENSE_TYPES = ['Transporte', 'Alimentação', 'Hospedagem', 'Estacionamento'] as const;
export const ACCESS_PROFILES = ['Agentes', 'Administradores', 'Clientes', 'Clientes VIP'] as const;
export const CLASSIFICATIONS = ['Cliente Ouro', 'Cliente Prata', 'Parceiro', 'Fornecedor'] as const;

export interface Service {
  id: number;
  name: string;
  description: string | null;
  parentServiceId: number | null;
  serviceForTicketType: number;
  isVisible: number;
  allowSelection: number;
  allowFinishTicket: boolean;
  isActive: boolean;
  automationMacro: string | null;
  defaultCategory: string | null;
  defaultUrgency: string | null;
  allowAllCategories: boolean;
  categories: string[];
}

const SERVICE_TREE: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, readonly string[]]>]> = [
  [
    'Financeiro',
    [
      ['Faturamento', ['Nota fiscal', 'Boletos']],
      ['Contas a pagar', []],
    ],
  ],
  [
    'Infraestrutura',
    [
      ['Rede', ['VPN', 'Wi-Fi']],
      ['Servidores', ['Backup']],
      ['Impressoras', []],
    ],
  ],
  [
    'Sistema ERP',
    [
      ['Vendas', ['Pedidos', 'Comissões']],
      ['Estoque', []],
      ['Integrações', ['API', 'EDI']],
    ],
  ],
  [
    'Acesso',
    [
      ['Senhas', []],
      ['Permissões', ['Perfis de acesso']],
    ],
  ],
  [
    'Comercial',
    [
      ['Orçamentos', []],
      ['Contratos', ['Renovação', 'Cancelamento']],
    ],
  ],
];

export function buildServices(seed: number): Service[] {
  const rng = new Rng(seed, 'services');
  const out: Service[] = [];
  let nextId = 101;
  const add = (name: string, parent: number | null): number => {
    const id = nextId++;
    const allCategories = rng.chance(0.6);
    out.push({
      id,
      name,
      description: rng.chance(0.5)
        ? `Atendimentos de ${name.toLowerCase()} – "nível ${parent ? 2 : 1}"`
        : null,
      parentServiceId: parent,
      serviceForTicketType: rng.pick([0, 1, 2]),
      isVisible: rng.pick([1, 2, 3]),
      allowSelection: rng.pick([1, 2, 3]),
      allowFinishTicket: rng.chance(0.7),
      isActive: rng.chance(0.9),
      automationMacro: rng.chance(0.2) ? 'Macro de triagem' : null,
      defaultCategory: rng.chance(0.4) ? rng.pick(CATEGORIES) : null,
      defaultUrgency: rng.chance(0.4) ? rng.pick(['Baixa', 'Média', 'Alta']) : null,
      allowAllCategories: allCategories,
      categories: allCategories ? [] : rng.sample(CATEGORIES, rng.int(1, 3)),
    });
    return id;
  };
  for (const [first, seconds] of SERVICE_TREE) {
    const firstId = add(first, null);
    for (const [second, thirds] of seconds) {
      const secondId = add(second, firstId);
      for (const third of thirds) add(third, secondId);
    }
  }
  return out;
}

/** A service a ticket can point at, with its level names resolved. */
export interface ServicePath {
  id: number;
  names: string[];
}

export function servicePaths(services: readonly Service[]): ServicePath[] {
  const byId = new Map(services.map((s) => [s.id, s]));
  return services
    .filter((s) => s.parentServiceId !== null)
    .map((s) => {
      const names: string[] = [];
      for (
        let cur: Service | undefined = s;
        cur;
        cur = cur.parentServiceId ? byId.get(cur.parentServiceId) : undefined
      ) {
        names.unshift(cur.name);
      }
      return { id: s.id, names };
    });
}

export interface Activity {
  id: number;
  name: string;
  isActive: boolean;
  isAllowsAllTeams: boolean;
  teams: { name: string }[];
}

const ACTIVITY_NAMES = [
  'Atendimento remoto',
  'Visita técnica',
  'Desenvolvimento',
  'Análise',
  'Treinamento',
  'Implantação',
  'Reunião',
  'Configuração',
  'Deslocamento',
  'Documentação',
  'Testes',
  'Suporte telefônico',
] as const;

export function buildActivities(seed: number): Activity[] {
  const rng = new Rng(seed, 'activities');
  return ACTIVITY_NAMES.map((name, i) => {
    const allTeams = rng.chance(0.5);
    return {
      id: 3001 + i * 7,
      name,
      isActive: rng.chance(0.85),
      isAllowsAllTeams: allTeams,
      teams: allTeams ? [] : rng.sample(TEAMS, rng.int(1, 3)).map((t) => ({ name: t.name })),
    };
  });
}

export type CustomFieldKind =
  | 'text'
  | 'list'
  | 'multi'
  | 'person'
  | 'client'
  | 'agent'
  | 'date'
  | 'number'
  | 'time'
  | 'file';

export interface CustomFieldDef {
  id: number;
  ruleId: number;
  kind: CustomFieldKind;
  /** Rule allows several lines (repeatable group). */
  multiLine: boolean;
  items: readonly string[];
}

export const TICKET_CUSTOM_FIELDS: readonly CustomFieldDef[] = [
  { id: 55366, ruleId: 2201, kind: 'text', multiLine: false, items: [] },
  { id: 55367, ruleId: 2201, kind: 'list', multiLine: false, items: ['Sim', 'Não', 'Talvez 🤔'] },
  { id: 55368, ruleId: 2202, kind: 'multi', multiLine: false, items: ['Web', 'Mobile', 'Desktop', 'API'] },
  { id: 55369, ruleId: 2202, kind: 'person', multiLine: false, items: [] },
  { id: 55370, ruleId: 2203, kind: 'client', multiLine: false, items: [] },
  { id: 55371, ruleId: 2203, kind: 'agent', multiLine: false, items: [] },
  { id: 55372, ruleId: 2204, kind: 'date', multiLine: true, items: [] },
  { id: 55373, ruleId: 2204, kind: 'number', multiLine: true, items: [] },
  { id: 55374, ruleId: 2205, kind: 'time', multiLine: false, items: [] },
  { id: 55375, ruleId: 2205, kind: 'file', multiLine: false, items: [] },
];

export const PERSON_CUSTOM_FIELDS: readonly CustomFieldDef[] = [
  { id: 61001, ruleId: 3101, kind: 'text', multiLine: false, items: [] },
  { id: 61002, ruleId: 3101, kind: 'list', multiLine: false, items: ['Bronze', 'Prata', 'Ouro'] },
  { id: 61003, ruleId: 3102, kind: 'date', multiLine: false, items: [] },
];

export interface SurveyQuestion {
  id: string;
  type: number;
  isActive: boolean;
  languages: { cultureId: string; description: string }[];
}

export const SURVEY_QUESTIONS: readonly SurveyQuestion[] = [
  {
    id: 'pZN7',
    type: 1,
    isActive: true,
    languages: [
      { cultureId: 'pt-BR', description: 'Você ficou satisfeito com o atendimento?' },
      { cultureId: 'en-US', description: 'Were you satisfied with the service?' },
    ],
  },
  {
    id: 'l6Bz',
    type: 2,
    isActive: true,
    languages: [
      { cultureId: 'pt-BR', description: 'Como você avalia o atendimento? 😀' },
      { cultureId: 'es-ES', description: '¿Cómo evalúa la atención?' },
    ],
  },
  {
    id: 'Qx3k',
    type: 3,
    isActive: true,
    languages: [
      {
        cultureId: 'pt-BR',
        description: 'De 0 a 10, qual a chance de você recomendar a "Empresa" a um amigo?',
      },
      { cultureId: 'en-US', description: 'From 0 to 10, how likely are you to recommend us?' },
    ],
  },
  {
    id: 'aB9c',
    type: 4,
    isActive: true,
    languages: [{ cultureId: 'pt-BR', description: 'Seu problema foi resolvido?' }],
  },
  {
    id: 'Zz01',
    type: 2,
    isActive: false,
    languages: [{ cultureId: 'pt-BR', description: 'Pesquisa antiga (desativada)' }],
  },
];
