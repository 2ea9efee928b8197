import { z } from 'zod';
import { APPLICATION_STATES, CATEGORIES, ORDER_STATES, STATUSES, VIOLATION_CODES } from '../enums.js';

/**
 * The role home page (docs/HOME.md): GET /home answers the figures of the actor's role within its data
 * scope — oversight (regulator, viewer, office inspector, administrator), enterprise, or institution.
 */

const ZHomeRatio = z.object({ numerator: z.number().int(), denominator: z.number().int(), rate: z.number().nullable() });

export const ZHomeStatusCount = z.object({
  category: z.enum(CATEGORIES),
  status: z.enum(STATUSES),
  instruments: z.number().int(),
});

const ZHomeInstruments = z.object({
  /** stored statuses (as of the last refresh) by category × status */
  counts: z.array(ZHomeStatusCount),
  /** instruments in service (every status but removed) */
  inService: z.number().int(),
  /** verificationRate: valid at today ÷ in service (docs/domain/forms.md §7) — target 100 % */
  verificationRate: ZHomeRatio,
  /** overdueRate: overdue or rotation overdue ÷ in service — target 0 % */
  overdueRate: ZHomeRatio,
});

const ZHomeFinding = z.object({ id: z.number().int(), orgName: z.string(), code: z.enum(VIOLATION_CODES), date: z.string() });
const ZHomeOrder = z.object({
  id: z.number().int(),
  orderNo: z.string(),
  orgName: z.string(),
  state: z.enum(ORDER_STATES),
  deadline: z.string(),
  overdue: z.boolean(),
});
const ZHomeApplication = z.object({
  id: z.number().int(),
  status: z.enum(APPLICATION_STATES),
  orgName: z.string(),
  institutionName: z.string(),
  submittedAt: z.string(),
  acceptDeadline: z.string(),
  overdue: z.boolean(),
});

export const ZHomeOversight = ZHomeInstruments.extend({
  kind: z.literal('oversight'),
  asOf: z.string(),
  /** the office inspector's towns (null: a region) */
  towns: z.array(z.object({ code: z.string(), name: z.string() })).nullable(),
  /** overdue (and rotation overdue) instruments in service by town, most first */
  overdueByTown: z.array(z.object({ townCode: z.string().nullable(), townName: z.string().nullable(), instruments: z.number().int() })),
  /** null: the role cannot read applications */
  applications: z.object({ waiting: z.number().int(), late: z.number().int() }).nullable(),
  findings: z.object({ total: z.number().int(), newest: z.array(ZHomeFinding) }).nullable(),
  orders: z.object({ overdue: z.number().int(), newest: z.array(ZHomeOrder) }).nullable(),
  /** the inspector's own assignments (null: not an inspector) */
  tasks: z.object({ today: z.number().int(), overdue: z.number().int() }).nullable(),
  /** replied orders waiting for re-inspection (null: the role does not review orders) */
  reinspect: z.number().int().nullable(),
});

export const ZHomeEnterprise = ZHomeInstruments.extend({
  kind: z.literal('enterprise'),
  asOf: z.string(),
  /** instruments of the due list whose due date falls from today to today + days */
  dueWithin: z.array(z.object({ days: z.number().int(), dueFrom: z.string(), dueTo: z.string(), instruments: z.number().int() })),
  applications: z.object({
    open: z.number().int(),
    late: z.number().int(),
    returned: z.number().int(),
    newest: z.array(ZHomeApplication),
  }),
  orders: z.object({ open: z.number().int(), overdue: z.number().int(), newest: z.array(ZHomeOrder) }),
});

export const ZHomeInstitution = z.object({
  kind: z.literal('institution'),
  asOf: z.string(),
  inbox: z.object({
    /** submitted, waiting for acceptance */
    submitted: z.number().int(),
    /** acceptance deadline today (not yet past) */
    dueToday: z.number().int(),
    /** acceptance deadline past */
    late: z.number().int(),
    /** accepted: verification to schedule */
    accepted: z.number().int(),
    /** in progress: results to enter */
    inProgress: z.number().int(),
    /** waiting applications, soonest deadline first (at most 5) */
    next: z.array(ZHomeApplication),
  }),
  expiring: z.object({
    /** the largest warning window in days */
    withinDays: z.number().int(),
    authorizations: z.number().int(),
    standards: z.number().int(),
    verifiers: z.number().int(),
    items: z.array(
      z.object({
        kind: z.enum(['authorization', 'standard', 'verifier']),
        id: z.number().int(),
        name: z.string(),
        validUntil: z.string(),
        daysLeft: z.number().int(),
      }),
    ),
  }),
});

export const ZHome = z.discriminatedUnion('kind', [ZHomeOversight, ZHomeEnterprise, ZHomeInstitution]);
export type THome = z.infer<typeof ZHome>;
export type THomeOversight = z.infer<typeof ZHomeOversight>;
export type THomeEnterprise = z.infer<typeof ZHomeEnterprise>;
export type THomeInstitution = z.infer<typeof ZHomeInstitution>;
