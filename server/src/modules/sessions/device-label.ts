import Bowser from 'bowser';

const MAX_LABEL = 100;

/** A readable label for a session: the `device` the client gave, else "Firefox on macOS". */
export function deviceLabel(requested: string | undefined, userAgent: string | undefined): string {
  const given = requested?.trim();
  if (given) return given.slice(0, MAX_LABEL);
  if (!userAgent) return 'Unknown device';
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name;
  const os = parsed.os.name;
  if (browser && os) return `${browser} on ${os}`.slice(0, MAX_LABEL);
  return (browser || os || userAgent).slice(0, MAX_LABEL);
}
