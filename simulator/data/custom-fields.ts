/**
 * customFieldValues as tickets and persons carry them. Values follow the documented text formats:
 * dates as `YYYY-MM-DDThh:MM:ss.000Z`, time-only fields on the fixed date 1991-01-01, numbers
 * Brazilian-formatted ("1.530,75"); list-type fields use items instead of value.
 */
import type { Rng } from '../prng.js';
import { DAY } from '../time.js';
import type { CustomFieldDef } from './catalog.js';
import { TEAMS } from './catalog.js';
import { FILE_NAMES } from './text.js';

export interface CustomFieldItem {
  personId: string | null;
  clientId: string | null;
  team: string | null;
  customFieldItem: string | null;
  /** Only present on file-type fields (Kondado lists these item columns). */
  storageFileGuid?: string;
  fileName?: string;
}

export interface CustomFieldValue {
  customFieldId: number;
  customFieldRuleId: number;
  line: number;
  value: string | null;
  items: CustomFieldItem[];
}

export interface CustomFieldPools {
  personIds: readonly string[];
  clientIds: readonly string[];
  agentIds: readonly string[];
}

export function brazilianNumber(n: number): string {
  const [int = '0', dec = '00'] = n.toFixed(2).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${dec}`;
}

function item(partial: Partial<CustomFieldItem>): CustomFieldItem {
  return { personId: null, clientId: null, team: null, customFieldItem: null, ...partial };
}

function valueFor(
  def: CustomFieldDef,
  rng: Rng,
  pools: CustomFieldPools,
  aroundMs: number,
): CustomFieldValue {
  const base = { customFieldId: def.id, customFieldRuleId: def.ruleId, line: 1, value: null, items: [] };
  switch (def.kind) {
    case 'text':
      return {
        ...base,
        value: rng.pick([
          'texto via api',
          'Pedido nº 4521',
          'Cliente pediu "urgência"',
          'Linha 1\nLinha 2',
          '',
        ]),
      };
    case 'list':
      return { ...base, items: [item({ customFieldItem: rng.pick(def.items) })] };
    case 'multi':
      return {
        ...base,
        items: rng.sample(def.items, rng.int(1, 3)).map((i) => item({ customFieldItem: i })),
      };
    case 'person':
      return { ...base, items: [item({ personId: rng.pick(pools.personIds) })] };
    case 'client':
      return { ...base, items: [item({ clientId: rng.pick(pools.clientIds) })] };
    case 'agent':
      return {
        ...base,
        items: [
          item({ team: rng.pick(TEAMS).name, personId: rng.chance(0.5) ? rng.pick(pools.agentIds) : null }),
        ],
      };
    case 'date':
      return {
        ...base,
        value: new Date(Math.floor((aroundMs + rng.int(-30, 30) * DAY) / 1000) * 1000).toISOString(),
      };
    case 'number':
      return { ...base, value: brazilianNumber(rng.int(0, 500_000) / 100) };
    case 'time':
      return {
        ...base,
        value: `1991-01-01T${String(rng.int(8, 18)).padStart(2, '0')}:${rng.pick(['00', '15', '30', '45'])}:00.000Z`,
      };
    case 'file':
      return {
        ...base,
        items: [
          {
            ...item({}),
            storageFileGuid:
              `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`.toLowerCase(),
            fileName: rng.pick(FILE_NAMES),
          },
        ],
      };
  }
}

/** A handful of fields, some repeated on extra lines when their rule allows it. */
export function customFieldValues(
  defs: readonly CustomFieldDef[],
  rng: Rng,
  pools: CustomFieldPools,
  aroundMs: number,
  max: number,
): CustomFieldValue[] {
  const chosen = rng.sample(defs, rng.int(0, max));
  chosen.sort((a, b) => a.ruleId - b.ruleId || a.id - b.id);
  const out: CustomFieldValue[] = [];
  for (const def of chosen) {
    const lines = def.multiLine && rng.chance(0.3) ? rng.int(2, 3) : 1;
    for (let line = 1; line <= lines; line++) out.push({ ...valueFor(def, rng, pools, aroundMs), line });
  }
  return out;
}
