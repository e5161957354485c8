import type {
  CreateAppointmentTypeBodySchema,
  CreateRoomBodySchema,
  SchedulingSettings,
  SchedulingSetup,
  UpdateAppointmentTypeBodySchema,
} from '@mentalspace/contracts';
import type { z } from 'zod';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import { integrityViolation } from '../../database-errors';
import type { ServiceContext } from '../../plugins/authenticate';
import { canConfigureScheduling } from '../../security/policy';
import { schedulingSettings } from '../appointments/booking';
import { invalidField } from '../appointments/schedule-errors';
import {
  findLocation,
  insertRoom,
  insertType,
  listLocations,
  listRooms,
  listSchedulableClinicians,
  listTypes,
  readSchedulingSettings,
  updateType,
  writeSchedulingSettings,
} from './repo';

const requireConfigurer = (ctx: ServiceContext) => {
  if (!canConfigureScheduling(ctx.scope))
    throw new AppError(
      'forbidden',
      'Owners and admins set up appointment types, rooms and scheduling settings',
    );
};

const duplicateName = (error: unknown) => {
  const violation = integrityViolation(error);
  if (violation?.code === '23505') return new AppError('conflict', 'That name is already in use');
  return error;
};

/** What the booking screens need: types, rooms, locations and schedulable clinicians (4 queries). */
export async function getSchedulingSetup(ctx: ServiceContext): Promise<SchedulingSetup> {
  if (ctx.scope.actorRole === 'client')
    throw new AppError('forbidden', 'This endpoint is for practice staff');
  return ctx.database.inPractice(ctx.scope.practiceId, async (tx) => ({
    appointmentTypes: await listTypes(tx, ctx.scope),
    rooms: await listRooms(tx, ctx.scope),
    locations: await listLocations(tx, ctx.scope),
    clinicians: await listSchedulableClinicians(tx, ctx.scope),
  }));
}

export async function createAppointmentType(
  ctx: ServiceContext,
  body: z.output<typeof CreateAppointmentTypeBodySchema>,
) {
  requireConfigurer(ctx);
  try {
    return await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
      const row = await insertType(tx, { ...body, practiceId: ctx.scope.practiceId });
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'appointment_type.create',
        resourceType: 'appointment_type',
        resourceId: row.id,
      });
      return row;
    });
  } catch (error) {
    throw duplicateName(error);
  }
}

export async function changeAppointmentType(
  ctx: ServiceContext,
  id: string,
  body: z.output<typeof UpdateAppointmentTypeBodySchema>,
) {
  requireConfigurer(ctx);
  let found: boolean;
  try {
    found = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
      const ok = await updateType(tx, ctx.scope, id, body);
      if (ok)
        await writeAudit(tx, ctx.scope, ctx.audit, {
          action: 'appointment_type.update',
          resourceType: 'appointment_type',
          resourceId: id,
        });
      return ok;
    });
  } catch (error) {
    throw duplicateName(error);
  }
  if (!found) throw notFound('Appointment type');
}

export async function createRoom(ctx: ServiceContext, body: z.output<typeof CreateRoomBodySchema>) {
  requireConfigurer(ctx);
  try {
    return await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
      if (!(await findLocation(tx, ctx.scope, body.locationId)))
        throw invalidField('body.locationId', 'is not a location of the practice');
      const row = await insertRoom(tx, { ...body, practiceId: ctx.scope.practiceId });
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'room.create',
        resourceType: 'room',
        resourceId: row.id,
      });
      return row;
    });
  } catch (error) {
    throw duplicateName(error);
  }
}

export async function getSchedulingSettings(ctx: ServiceContext): Promise<SchedulingSettings> {
  return ctx.database.inPractice(ctx.scope.practiceId, async (tx) =>
    schedulingSettings(await readSchedulingSettings(tx, ctx.scope)),
  );
}

export async function replaceSchedulingSettings(ctx: ServiceContext, settings: SchedulingSettings) {
  requireConfigurer(ctx);
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    await writeSchedulingSettings(tx, ctx.scope, settings);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'practice.scheduling_settings',
      resourceType: 'practice',
      resourceId: ctx.scope.practiceId,
      details: {
        lateCancelHours: settings.lateCancelHours,
        reminders: settings.reminderOffsetsHours.join(','),
        offersPerOpening: settings.offersPerOpening,
      },
    });
  });
  return settings;
}
