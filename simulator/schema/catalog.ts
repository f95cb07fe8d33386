/** Entity types of /services, /timeAgreement and /timeAgreementConsumption. */
import { type EntityType, many, vs } from '../odata/model.js';
import { b, d, dbl, dec, i, s } from './primitives.js';
import { appointmentProps, ClientType, ExpenseType } from './tickets.js';

export const ServiceType: EntityType = {
  name: 'ServiceApiDto',
  properties: {
    id: i,
    name: s,
    description: s,
    parentServiceId: i,
    serviceForTicketType: i,
    isVisible: i,
    allowSelection: i,
    allowFinishTicket: b,
    isActive: b,
    automationMacro: s,
    defaultCategory: s,
    defaultUrgency: s,
    allowAllCategories: b,
    categories: vs('String'),
  },
};

export const TimeAgreementType: EntityType = {
  name: 'TimeAgreementApiDto',
  properties: {
    id: i,
    name: s,
    emailSubject: s,
    emailDescription: s,
    emailAccount: s,
    isActive: b,
    differentiateHoursFranchise: b,
    differentiateHoursConsumption: b,
    accumulateUnusedHours: b,
    renewalDay: i,
    contractedHours: i,
    consumptionDeadline: i,
    emailSendDay: i,
    baseAmount: dec,
    createdOn: d,
    disabledDate: d,
    typeActivities: many({
      name: 'TimeAgreementTypeActivityApiDto',
      properties: {
        id: i,
        workingTimeType: s,
        activity: s,
        franchise: i,
        value: dec,
        valueExceededHour: dec,
        shootdownContract: b,
        allowHoursExcedent: b,
        activityId: i,
      },
    }),
    timeTypeConsumption: many({
      name: 'TimeAgreementTimeTypeConsumptionApiDto',
      properties: { id: i, workingTimeType: s, value: dec, workingTimeAgreementId: i },
    }),
    emailDestinations: many({
      name: 'TimeAgreementEmailDestinationApiDto',
      properties: { type: s, email: s },
    }),
    clients: many(ClientType),
  },
};

export const ConsumptionType: EntityType = {
  name: 'TimeAgreementConsumptionApiDto',
  properties: {
    id: i,
    name: s,
    baseAmount: dec,
    exceededHourAmount: dec,
    renewalDay: i,
    contractedHours: i,
    differentiateHoursFranchise: b,
    differentiateHoursConsumption: b,
    period: d,
    consumedHours: dbl,
    discount: dec,
    discountType: i,
    timeAppointments: many({
      name: 'TimeAgreementConsumptionAppointmentApiDto',
      properties: { ...appointmentProps, ticketNumber: s, actionNumber: i },
    }),
    expenses: many(ExpenseType),
    clients: many(ClientType),
  },
};
