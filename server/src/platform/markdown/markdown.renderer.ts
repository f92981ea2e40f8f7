import hljs from 'highlight.js/lib/common';
import MarkdownIt from 'markdown-it';
import anchor from 'markdown-it-anchor';
import sanitizeHtml from 'sanitize-html';
import { slugify } from '../text/slugify';

/**
 * Bump when the output for the same Markdown changes (new rules, another sanitiser policy):
 * stored renderings of an older version are rendered again at start (PostService).
 */
export const RENDERER_VERSION = 1;

const EXTERNAL_REL = 'noopener noreferrer nofollow';

const HEADINGS = ['h2', 'h3', 'h4', 'h5', 'h6'];

/**
 * The allowlist. Everything else goes: script, style, iframe, object, embed, svg, math, form
 * elements and every attribute not named here (on*, style, srcset, formaction…). Links may be
 * http(s) or mailto, images http(s) only: no javascript:, data: or vbscript: URL survives.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    ...HEADINGS,
    'p',
    'br',
    'hr',
    'blockquote',
    'pre',
    'code',
    'kbd',
    'samp',
    'span',
    'a',
    'img',
    'em',
    'strong',
    'del',
    's',
    'sub',
    'sup',
    'mark',
    'abbr',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'details',
    'summary',
    'figure',
    'figcaption',
  ],
  allowedAttributes: {
    ...Object.fromEntries(HEADINGS.map((tag) => [tag, ['id']])),
    a: ['href', 'title', 'rel', 'class'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    ol: ['start'],
    th: ['align', 'colspan', 'rowspan'],
    td: ['align', 'colspan', 'rowspan'],
    abbr: ['title'],
  },
  allowedClasses: {
    a: ['header-anchor'],
    code: [/^language-[\w+#-]+$/],
    span: [/^hljs-[\w-]+$/, /^[a-z]+_+$/],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
};

export interface MarkdownRendererOptions {
  /** The site's own origin (PUBLIC_URL): links elsewhere are external. */
  readonly siteUrl: string;
}

/**
 * Markdown → safe HTML, in one place for every door (GraphQL `bodyHTML`, the feed, the
 * editor's preview, third-party APIs). markdown-it renders CommonMark + GFM tables and
 * strikethrough (raw HTML allowed in, so writers can use <kbd> or <details>); highlight.js
 * colours fenced code server-side (no client cost); sanitize-html then keeps only the
 * allowlist above, so what markdown-it lets through (raw HTML) cannot carry script.
 * A `#` heading becomes <h2> (the page's one <h1> is the post's title; `##` stays <h2>, so the
 * usual outline has no skipped level), and every heading gets an anchor;
 * external links get rel="noopener noreferrer nofollow".
 */
export class MarkdownRenderer {
  private readonly markdown: ReturnType<typeof MarkdownIt>;
  private readonly site: URL;
  private readonly policy: sanitizeHtml.IOptions;

  constructor(options: MarkdownRendererOptions) {
    this.site = new URL(options.siteUrl);
    this.markdown = new MarkdownIt({ html: true, linkify: true, typographer: false, highlight: highlightCode });
    this.markdown.core.ruler.push('inkwell_no_h1', (state) => {
      for (const token of state.tokens) {
        if ((token.type === 'heading_open' || token.type === 'heading_close') && token.tag === 'h1') token.tag = 'h2';
      }
    });
    this.markdown.use(anchor, {
      level: [2, 3, 4, 5, 6],
      slugify: (text) => slugify(text, { maxLength: 80, fallback: 'section' }),
      tabIndex: false,
      permalink: anchor.permalink.headerLink({ class: 'header-anchor' }),
    });
    this.policy = {
      ...POLICY,
      transformTags: {
        a: (tagName, attribs) => ({ tagName, attribs: this.linkAttributes(attribs) }),
        // An image without alt text (raw HTML) is taken as decorative rather than read out as its URL.
        img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, alt: attribs.alt ?? '', loading: 'lazy' } }),
      },
    };
  }

  /** Sanitised HTML of a Markdown text. */
  render(markdown: string): string {
    return sanitizeHtml(this.markdown.render(markdown), this.policy);
  }

  private linkAttributes(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
    const { rel: _ignored, ...rest } = attribs;
    return this.isExternal(attribs.href) ? { ...rest, rel: EXTERNAL_REL } : rest;
  }

  private isExternal(href: string | undefined): boolean {
    if (!href) return false;
    try {
      const target = new URL(href, this.site);
      return target.origin !== this.site.origin;
    } catch {
      return true;
    }
  }
}

function highlightCode(code: string, language: string): string {
  if (!language || !hljs.getLanguage(language)) return '';
  try {
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  } catch {
    return ''; // markdown-it escapes the plain text instead
  }
}
