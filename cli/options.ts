/** An optional ISO 8601 time option; a value that is not a time is refused in one line naming the flag. */
export function timeOption(flag: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new Error(`${flag} is not a valid time (got ${value})`);
  return time;
}
