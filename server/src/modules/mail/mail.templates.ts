/**
 * The mail Inkwell sends, text and HTML, committed with the code. Each template takes plain
 * values and the public base URL; every value that reaches the HTML is escaped.
 */
export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function layout(title: string, paragraphs: readonly string[], action?: { label: string; url: string }): string {
  const body = paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n    ');
  const button = action
    ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 16px;background:#1f2937;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(action.label)}</a></p>
    <p style="color:#6b7280;font-size:13px">Or paste this link into your browser: ${escapeHtml(action.url)}</p>`
    : '';
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
  <body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111827;max-width:560px;margin:24px auto">
    <h1 style="font-size:20px">${escapeHtml(title)}</h1>
    ${body}
    ${button}
    <p style="color:#6b7280;font-size:13px">Inkwell</p>
  </body>
</html>
`;
}

function text(paragraphs: readonly string[], action?: { label: string; url: string }): string {
  return [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : []), '-- Inkwell', ''].join('\n\n');
}

function mail(subject: string, paragraphs: readonly string[], action?: { label: string; url: string }): RenderedMail {
  return { subject, text: text(paragraphs, action), html: layout(subject, paragraphs, action) };
}

const link = (publicUrl: string, path: string, token: string) =>
  `${publicUrl}${path}?token=${encodeURIComponent(token)}`;

export const templates = {
  verifyEmail: (vars: { displayName: string; token: string }, publicUrl: string) =>
    mail(
      'Confirm your email address',
      [`Hello ${vars.displayName},`, 'Welcome to Inkwell. Confirm that this address is yours; the link works once.'],
      { label: 'Confirm my address', url: link(publicUrl, '/verify-email', vars.token) },
    ),

  registrationAttempt: (vars: { displayName: string }, publicUrl: string) =>
    mail(
      'Someone tried to register with your address',
      [
        `Hello ${vars.displayName},`,
        'Someone (perhaps you) tried to create an Inkwell account with this email address, which already has one. No new account was created.',
        'If it was you, sign in instead; if you forgot your password, reset it. If it was not you, you can ignore this message.',
      ],
      { label: 'Reset my password', url: `${publicUrl}/forgot-password` },
    ),

  resetPassword: (vars: { displayName: string; token: string; minutes: number }, publicUrl: string) =>
    mail(
      'Reset your Inkwell password',
      [
        `Hello ${vars.displayName},`,
        `Someone asked to reset the password of your account. The link works once, for ${vars.minutes} minutes, and signs out every device.`,
        'If it was not you, ignore this message: your password stays as it is.',
      ],
      { label: 'Choose a new password', url: link(publicUrl, '/reset-password', vars.token) },
    ),

  signInAlert: (vars: { displayName: string; device: string; ipAddress: string; at: string }, publicUrl: string) =>
    mail(
      'New sign-in to your Inkwell account',
      [
        `Hello ${vars.displayName},`,
        `Your account was signed in from ${vars.device} at ${vars.ipAddress} (${vars.at}).`,
        'If it was you, there is nothing to do. If not, sign that session out and change your password.',
      ],
      { label: 'Review my sessions', url: `${publicUrl}/account` },
    ),

  dataExport: (vars: { displayName: string; posts: number }, publicUrl: string) =>
    mail(
      'Your Inkwell data',
      [
        `Hello ${vars.displayName},`,
        `Attached is the export you asked for: your profile, your ${vars.posts} posts (drafts and trash included) and your sessions, as JSON.`,
        'If you did not ask for it, change your password: someone signed in to your account asked for it.',
      ],
      { label: 'Your account', url: `${publicUrl}/account` },
    ),
};

export type TemplateName = keyof typeof templates;
export type TemplateVars<T extends TemplateName> = Parameters<(typeof templates)[T]>[0];

export function render<T extends TemplateName>(name: T, vars: TemplateVars<T>, publicUrl: string): RenderedMail {
  return (templates[name] as (vars: TemplateVars<T>, publicUrl: string) => RenderedMail)(vars, publicUrl);
}

export const isTemplateName = (value: unknown): value is TemplateName =>
  typeof value === 'string' && Object.hasOwn(templates, value);
