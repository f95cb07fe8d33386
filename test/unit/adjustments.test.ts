import { describe, expect, it } from 'vitest';
import { type AskedProperty, learn } from '../../src/engine/query/adjustments.js';

const asked = new Map<string, AskedProperty>([
  ['id', { expanded: false, nested: false }],
  ['subject', { expanded: false, nested: false }],
  ['emailDestinations', { expanded: true, nested: false }],
  ['owner', { expanded: true, nested: false }],
  ['actions', { expanded: true, nested: true }],
  ['changedByTeam', { expanded: true, nested: false }],
]);
const PREFIX = 'The query specified in the URI is not valid. ';

describe('learning from a 400', () => {
  it.each([
    [
      `${PREFIX}Could not find a property named 'changedByTeam' on type 'Movidesk.TicketStatusHistory'.`,
      'changedByTeam',
      'drop',
    ],
    [
      "Property 'emailDestinations' on type 'Movidesk.TimeAgreement' is not a navigation property or complex property. Only navigation properties can be expanded.",
      'emailDestinations',
      'select',
    ],
    [`${PREFIX}The property 'subject' is a navigation property and must be expanded.`, 'subject', 'expand'],
    [`${PREFIX}Query option '$select' is not allowed inside the $expand of 'actions'.`, 'actions', 'whole'],
  ])('%s → %s: %s', (message, property, adjustment) => {
    expect(learn(message, asked, {})).toEqual({ property, adjustment });
  });

  it('walks each property down a short ladder that ends, so learning cannot loop', () => {
    const notExpandable =
      "Property 'owner' on type 'X' is not a navigation property. Only navigation properties can be expanded.";
    expect(learn(notExpandable, asked, {})).toEqual({ property: 'owner', adjustment: 'select' });
    // Asked as a plain value it is refused again: not served at all.
    const selectedOwner = new Map(asked).set('owner', { expanded: false, nested: false });
    const mustExpand = `${PREFIX}The property 'owner' cannot be selected; it must be expanded.`;
    expect(learn(mustExpand, selectedOwner, { owner: 'select' })).toEqual({
      property: 'owner',
      adjustment: 'expand',
    });
    expect(learn(notExpandable, asked, { owner: 'expand' })).toEqual({
      property: 'owner',
      adjustment: 'drop',
    });
    const unknown = `${PREFIX}Could not find a property named 'owner' on type 'X'.`;
    expect(learn(unknown, asked, { owner: 'drop' })).toBeUndefined();
    const nested = `${PREFIX}Query option '$select' is not allowed inside the $expand of 'actions'.`;
    expect(learn(nested, asked, { actions: 'whole' })).toEqual({ property: 'actions', adjustment: 'drop' });
  });

  it('a nested option refused without naming a property stops nested $select everywhere, once', () => {
    const message = `${PREFIX}The query option '$select' is not supported inside $expand.`;
    expect(learn(message, asked, {})).toEqual({ property: '*', adjustment: 'whole' });
    expect(learn(message, asked, { '*': 'whole' })).toBeUndefined();
  });

  it.each([
    `${PREFIX}`,
    `${PREFIX}The $select query option is required for this resource.`,
    "Could not find a property named 'neverAsked' on type 'X'.",
    'An error has occurred.',
    `${PREFIX}The query parameter '$count' is not supported.`,
  ])('names nothing the tap can change: %s', (message) => {
    expect(learn(message, asked, {})).toBeUndefined();
  });
});
