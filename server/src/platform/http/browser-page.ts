import type { Router } from 'express';

export interface BrowserPage {
  /** Where the router mounts it (`/docs`) and where clients reach it (`/api/v1/docs/`). */
  readonly mount: string;
  readonly url: string;
  readonly html: string;
  /** The page's own script, served as `init.js` (no inline script, so `script-src 'self'` holds). */
  readonly init: string;
  /** The only other files it serves: name → file inside a package directory. */
  readonly assets: Record<string, { readonly dir: string; readonly file: string }>;
}

/**
 * A browser page built from an npm package's files (the API reference, GraphiQL): the HTML, its
 * init script and a whitelist of assets, all from Inkwell itself, never a CDN.
 */
export function serveBrowserPage(router: Router, page: BrowserPage): void {
  // Relative asset URLs need the trailing slash.
  router.get(page.mount, (_req, res) => res.redirect(301, page.url));
  router.get(`${page.mount}/`, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(page.html);
  });
  router.get(`${page.mount}/init.js`, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('js').send(page.init);
  });
  router.get(`${page.mount}/:asset`, (req, res, next) => {
    const asset = page.assets[String(req.params.asset)];
    if (!asset) return next();
    res.sendFile(asset.file, { root: asset.dir, maxAge: '1d' });
  });
}

/** The directory of an installed package, for `assets`. */
export const packageDir = (name: string): string => {
  const manifest = require.resolve(`${name}/package.json`);
  return manifest.slice(0, -'/package.json'.length);
};
