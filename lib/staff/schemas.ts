import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/password-length';
import { ROLES } from '../auth/roles';
import { storableString } from '../validation/text';

/** Inputs of the staff functions, shared by the web forms, the CLI and the tests. */
const email = storableString().trim().toLowerCase().pipe(z.email('Enter a valid email address.').max(320));
const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`);
const reason = storableString().trim().max(2000).optional();
/** A reason the audit log must carry (role changes, disabling): required, not only allowed. */
const requiredReason = storableString('reason')
  .trim()
  .min(1, 'Give a reason: it goes in the audit log.')
  .max(2000, 'Use at most 2,000 characters.');

export const addStaffSchema = z.object({
  email,
  name: storableString().trim().max(200).default(''),
  role: z.enum(ROLES, 'Choose a role.'),
  /** Omitted: a one-time password is generated and must be changed at first sign-in. */
  password: password.optional(),
});

export const changeRoleSchema = z.object({
  staffId: z.uuid(),
  role: z.enum(ROLES, 'Choose a role.'),
  reason: requiredReason,
});

/** Disabling a member: who and why. */
export const disableStaffSchema = z.object({ staffId: z.uuid(), reason: requiredReason });

/** Enabling a member again, or resetting their password: why is welcome, not required. */
export const staffStatusSchema = z.object({ staffId: z.uuid(), reason });

/** Ending one of a member's sessions (a lost laptop, a shared screen). */
export const revokeSessionSchema = z.object({ staffId: z.uuid(), sessionId: z.uuid(), reason });

export const staffIdSchema = z.object({ staffId: z.uuid('Not a staff id.') });

export const changePasswordSchema = z
  .object({
    currentPassword: storableString().min(1, 'Enter your current password.').max(MAX_PASSWORD_LENGTH),
    newPassword: password,
    confirmPassword: storableString().max(MAX_PASSWORD_LENGTH),
  })
  .refine((input) => input.newPassword === input.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two new passwords differ.',
  })
  .refine((input) => input.newPassword !== input.currentPassword, {
    path: ['newPassword'],
    message: 'Choose a password different from the current one.',
  });

export const enrolTotpSchema = z.object({
  currentPassword: storableString().min(1, 'Enter your current password.').max(MAX_PASSWORD_LENGTH),
  secret: storableString().regex(/^[A-Z2-7]{32}$/, 'The enrolment expired; start again.'),
  code: storableString().trim().regex(/^\d{6}$/, 'Enter the 6-digit code from your app.'),
});

export const removeTotpSchema = z.object({
  currentPassword: storableString().min(1, 'Enter your current password.').max(MAX_PASSWORD_LENGTH),
});

export type AddStaffInput = z.input<typeof addStaffSchema>;
export type ChangeRoleInput = z.input<typeof changeRoleSchema>;
export type StaffStatusInput = z.input<typeof staffStatusSchema>;
export type DisableStaffInput = z.input<typeof disableStaffSchema>;
export type RevokeSessionInput = z.input<typeof revokeSessionSchema>;
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
export type EnrolTotpInput = z.input<typeof enrolTotpSchema>;
export type RemoveTotpInput = z.input<typeof removeTotpSchema>;

/** A page of the staff list: the members after this email (from the page's own "next" link). */
export const staffPageSchema = z.object({ after: storableString().max(320).optional() });
export type StaffPageInput = z.input<typeof staffPageSchema>;
