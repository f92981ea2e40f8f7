const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A UTC day as the server sends it (YYYY-MM-DD), read in UTC so that no time zone shifts it. */
const parse = (day: string) => new Date(`${day}T00:00:00Z`);

/** "30 Nov": short, for chart labels. Something that is not a day is shown as it came. */
export const formatDay = (day: string) => {
  const date = parse(day);
  return Number.isNaN(date.getTime()) ? day : dayFormat.format(date);
};

/** "30 Nov 2026": for the table and the summary. */
export const formatLongDay = (day: string) => {
  const date = parse(day);
  return Number.isNaN(date.getTime()) ? day : longDayFormat.format(date);
};
