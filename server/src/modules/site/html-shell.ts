import fs from 'node:fs';
import path from 'node:path';
import escapeHtml from 'escape-html';

/** Used when the web client is not built (API-only runs, tests): the same head, no script. */
const FALLBACK_SHELL = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="alternate" type="application/atom+xml" title="Inkwell" href="/feed.xml" />
    <title>Inkwell</title>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

export interface PageHead {
  title: string;
  description: string;
  /** Absolute canonical URL. */
  canonical?: string;
  /** `<meta property|name=… content=…>` pairs (Open Graph, Twitter). */
  meta?: readonly (readonly [attribute: 'property' | 'name', key: string, content: string])[];
  /** Structured data (schema.org), written as JSON-LD. */
  jsonLd?: unknown;
  robots?: string;
}

/**
 * JSON inside <script>: `<` (so `</script>` and `<!--` cannot appear), and the two line
 * separators JavaScript once refused, become \u escapes; the JSON value is unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The web client's index.html with a page's head (title, description, canonical, Open Graph,
 * JSON-LD) and, inside #root, HTML that readers without JavaScript see; the client replaces
 * #root's content when it starts. Every value is escaped here, whatever the caller passes.
 */
export class HtmlShell {
  private readonly template: string;

  constructor(clientDistDir: string) {
    const file = path.join(clientDistDir, 'index.html');
    this.template = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : FALLBACK_SHELL;
  }

  render(head: PageHead, rootHtml = ''): string {
    const tags = [
      `<meta name="description" content="${escapeHtml(head.description)}" />`,
      head.robots && `<meta name="robots" content="${escapeHtml(head.robots)}" />`,
      head.canonical && `<link rel="canonical" href="${escapeHtml(head.canonical)}" />`,
      ...(head.meta ?? []).map(
        ([attribute, key, content]) => `<meta ${attribute}="${escapeHtml(key)}" content="${escapeHtml(content)}" />`,
      ),
      head.jsonLd !== undefined && `<script type="application/ld+json">${jsonForScript(head.jsonLd)}</script>`,
    ].filter(Boolean);
    return this.template
      .replace(/<meta\s+name="description"[^>]*>\s*/i, '')
      .replace(/<title>[\s\S]*?<\/title>/i, () => `<title>${escapeHtml(head.title)}</title>`)
      .replace(/<\/head>/i, () => `    ${tags.join('\n    ')}\n  </head>`)
      .replace(/<div id="root"><\/div>/i, () => `<div id="root">${rootHtml}</div>`);
  }
}
