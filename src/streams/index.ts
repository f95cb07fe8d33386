import type { StreamDefinition } from './define.js';
import ticketActionAttachments from './ticket_action_attachments.js';
import ticketActionExpenses from './ticket_action_expenses.js';
import ticketActionTimeAppointments from './ticket_action_time_appointments.js';
import ticketActions from './ticket_actions.js';
import ticketAssets from './ticket_assets.js';
import ticketChildrenTickets from './ticket_children_tickets.js';
import ticketClients from './ticket_clients.js';
import ticketCustomFieldValueItems from './ticket_custom_field_value_items.js';
import ticketCustomFieldValues from './ticket_custom_field_values.js';
import ticketOwnerHistories from './ticket_owner_histories.js';
import ticketParentTickets from './ticket_parent_tickets.js';
import ticketStatusHistories from './ticket_status_histories.js';
import tickets from './tickets.js';

/** Every stream, parents before their children; discovery lists them in this order. */
export const STREAMS: readonly StreamDefinition[] = [
  tickets,
  ticketClients,
  ticketActions,
  ticketActionTimeAppointments,
  ticketActionExpenses,
  ticketActionAttachments,
  ticketParentTickets,
  ticketChildrenTickets,
  ticketOwnerHistories,
  ticketStatusHistories,
  ticketCustomFieldValues,
  ticketCustomFieldValueItems,
  ticketAssets,
];
