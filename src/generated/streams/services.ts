/* eslint-disable */
/** Generated from schemas/ by `npm run gen:types`. DO NOT EDIT: change the schema and regenerate. */

/**
 * A service of the service catalog (a tree of up to three levels linked by parentServiceId).
 */
export interface Service {
  /**
   * Id of the service.
   */
  id: number;
  /**
   * Name of the service.
   */
  name?: string | null;
  /**
   * Description of the service.
   */
  description?: string | null;
  /**
   * Id of the parent service; null for a first-level service.
   */
  parentServiceId?: number | null;
  /**
   * Ticket types the service is available for: 0 public, 1 internal, 2 both.
   */
  serviceForTicketType?: number | null;
  /**
   * Visible to: 1 agent, 2 client, 3 both agent and client.
   */
  isVisible?: number | null;
  /**
   * Selectable by: 1 agent, 2 client, 3 both agent and client.
   */
  allowSelection?: number | null;
  /**
   * False if a ticket cannot be concluded while this service is selected.
   */
  allowFinishTicket?: boolean | null;
  /**
   * True if the service is enabled; disabled services cannot be selected in tickets.
   */
  isActive?: boolean | null;
  /**
   * Name of the macro run when the service is selected.
   */
  automationMacro?: string | null;
  /**
   * Name of the category proposed when the service is selected.
   */
  defaultCategory?: string | null;
  /**
   * Name of the urgency proposed when the service is selected.
   */
  defaultUrgency?: string | null;
  /**
   * True if every category can be used with the service; otherwise only those in categories.
   */
  allowAllCategories?: boolean | null;
  /**
   * Names of the categories allowed with the service.
   */
  categories?: string[] | null;
}
