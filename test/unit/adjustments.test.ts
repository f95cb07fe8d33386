import { describe, expect, it } from 'vitest';
import { type AskedProperty, learn } from '../../src/engine/query/adjustments.js';

const entry = (path: string, expanded = false, nested = false, collection = false): AskedProperty => ({
  path,
  expanded,
  nested,
  collection,
});
/** A tickets query: root fields, a nested navigation, child collections with their own fields. */
const asked: AskedProperty[] = [
  entry('id'),
  entry('subject'),
  entry('owner', true),
  entry('createdBy', true),
  entry('actions', true, true, true),
  entry('actions.createdBy', true),
  entry('actions.timeAppointments', true, true, true),
  entry('actions.timeAppointments.createdBy', true),
  entry('statusHistories', true, true, true),
  entry('statusHistories.changedByTeam', true),
  entry('parentTickets', true, true, true),
];
const PREFIX = 'The query specified in the URI is not valid. ';

describe('learning from a 400', () => {
  it.each([
    [
      `${PREFIX}Could not find a property named 'changedByTeam' on type 'Movidesk.TicketStatusHistory'.`,
      'statusHistories.changedByTeam',
      'drop',
    ],
    [
      "Property 'owner' on type 'Movidesk.Ticket' is not a navigation property or complex property. Only navigation properties can be expanded.",
      'owner',
      'select',
    ],
    [`${PREFIX}The property 'subject' is a navigation property and must be expanded.`, 'subject', 'expand'],
    [`${PREFIX}Query option '$select' is not allowed inside the $expand of 'actions'.`, 'actions', 'whole'],
  ])('%s → %s: %s', (message, path, adjustment) => {
    expect(learn(message, asked, {})).toEqual([{ path, adjustment }]);
  });

  it('a name at several levels: the type the message names picks the level, none picks them all', () => {
    const named = (type: string) =>
      learn(
        `${PREFIX}Could not find a property named 'createdBy' on type '${type}'.`,
        asked,
        {},
        'tickets',
      ).map((l) => l.path);
    expect(named('TicketActionTimeAppointmentApiDto')).toEqual(['actions.timeAppointments.createdBy']);
    expect(named('Movidesk.TicketAction')).toEqual(['actions.createdBy']);
    expect(named('Movidesk.Ticket')).toEqual(['createdBy']);
    expect(named('TicketApiDto')).toEqual(['createdBy']);
    expect(named('Movidesk.Expense')).toEqual([
      'createdBy',
      'actions.createdBy',
      'actions.timeAppointments.createdBy',
    ]);
    expect(learn(`${PREFIX}Could not find a property named 'createdBy'.`, asked, {}, 'tickets')).toHaveLength(
      3,
    );
  });

  it('is one-way: a property refused a second time is dropped, a dropped one changes no more', () => {
    const notExpandable =
      "Property 'owner' on type 'X' is not a navigation property. Only navigation properties can be expanded.";
    const mustExpand = `${PREFIX}The property 'owner' cannot be selected; it must be expanded.`;
    expect(learn(notExpandable, asked, {})).toEqual([{ path: 'owner', adjustment: 'select' }]);
    const selectedOwner = asked.map((e) => (e.path === 'owner' ? entry('owner') : e));
    // select, then refused as a plain value: not served at all (never back to expand: no loop).
    expect(learn(mustExpand, selectedOwner, { owner: 'select' })).toEqual([
      { path: 'owner', adjustment: 'drop' },
    ]);
    expect(learn(notExpandable, asked, { owner: 'whole' })).toEqual([{ path: 'owner', adjustment: 'drop' }]);
    expect(learn(notExpandable, asked, { owner: 'drop' })).toEqual([]);
  });

  it('a collection child streams read from is never asked as a plain value: not expandable means dropped', () => {
    const message =
      "Property 'parentTickets' on type 'Movidesk.Ticket' is not a navigation property or complex property. Only navigation properties can be expanded.";
    expect(learn(message, asked, {})).toEqual([{ path: 'parentTickets', adjustment: 'drop' }]);
    const nested = `${PREFIX}Query option '$select' is not allowed inside the $expand of 'actions'.`;
    expect(learn(nested, asked, { actions: 'whole' })).toEqual([{ path: 'actions', adjustment: 'drop' }]);
  });

  it('a nested option refused without naming a property stops nested $select everywhere, once', () => {
    const message = `${PREFIX}The query option '$select' is not supported inside $expand.`;
    expect(learn(message, asked, {})).toEqual([{ path: '*', adjustment: 'whole' }]);
    expect(learn(message, asked, { '*': 'whole' })).toEqual([]);
  });

  it.each([
    `${PREFIX}`,
    `${PREFIX}The $select query option is required for this resource.`,
    "Could not find a property named 'neverAsked' on type 'X'.",
    'An error has occurred.',
    `${PREFIX}The query parameter '$count' is not supported.`,
  ])('names nothing the tap can change: %s', (message) => {
    expect(learn(message, asked, {})).toEqual([]);
  });
});
