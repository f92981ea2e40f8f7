/**
 * The post's body as the server rendered it: Markdown to HTML once per change, then
 * sanitised by an allowlist (no script, handler, style, frame or javascript:/data: URL), so
 * this is the one place the client puts HTML it did not build into the DOM.
 */
export function PostBody({ html }: { html: string }) {
  return <div className="post-body" dangerouslySetInnerHTML={{ __html: html }} />;
}
