import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { RelayMockEnvironment } from 'relay-test-utils/lib/RelayModernMockEnvironment';
import { MockPayloadGenerator } from 'relay-test-utils';
import { DATE, operationName, renderAt } from '../../../test/renderRoute';
import { LEAVE_QUESTION } from '../PostEditor';

const USER_ID = 'user-1';

/** Answers the route's query: signed in as USER_ID, and `post` for /edit/:slug. */
function resolveRoute(environment: RelayMockEnvironment, post?: Record<string, unknown>) {
  const query = environment.mock.getMostRecentOperation();
  act(() =>
    environment.mock.resolve(
      query,
      MockPayloadGenerator.generate(query, {
        DateTime: () => DATE,
        User: () => ({ id: USER_ID }),
        Post: () => post ?? {},
      }),
    ),
  );
}

const titleInput = () => screen.getByLabelText('Title') as HTMLInputElement;
const bodyInput = () => screen.getByLabelText('Body (Markdown)') as HTMLTextAreaElement;

async function openNewPost(options: { withNav?: boolean } = {}) {
  const view = renderAt('/write', options);
  expect(operationName(view.environment.mock.getMostRecentOperation())).toBe('NewPostRouteQuery');
  resolveRoute(view.environment);
  await screen.findByRole('heading', { name: 'New post' });
  return view;
}

beforeEach(() => {
  localStorage.clear();
  jest.restoreAllMocks();
});

describe('the post editor', () => {
  it('previews the body as the server renders it (the same renderer as the post page)', async () => {
    const { environment } = await openNewPost();
    fireEvent.change(bodyInput(), { target: { value: '# Hello\n\n```js\n  indented()\n```' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));

    const preview = environment.mock.getMostRecentOperation();
    expect(operationName(preview)).toBe('MarkdownPreviewQuery');
    expect(preview.request.variables).toEqual({ markdown: '# Hello\n\n```js\n  indented()\n```' });
    act(() =>
      environment.mock.resolve(preview, {
        data: { previewMarkdown: '<h2 id="hello">Hello</h2><pre><code>  indented()\n</code></pre>' },
      }),
    );
    const region = await screen.findByRole('region', { name: 'Preview' });
    expect(within(region).getByRole('heading', { level: 2, name: 'Hello' })).toBeTruthy();
    expect(region.querySelector('pre code')!.textContent).toBe('  indented()\n');
    expect(screen.getByRole('button', { name: 'Preview' }).getAttribute('aria-pressed')).toBe('true');

    // Back to writing: the text is still there.
    fireEvent.click(screen.getByRole('button', { name: 'Write' }));
    expect(bodyInput().value).toBe('# Hello\n\n```js\n  indented()\n```');
  });

  it('asks before leaving with unsaved changes, stays when told to, and leaves when confirmed', async () => {
    const { environment } = await openNewPost({ withNav: true });
    const confirm = jest.spyOn(window, 'confirm').mockReturnValue(false);
    // Nothing typed yet: leaving does not ask.
    fireEvent.change(titleInput(), { target: { value: 'Half a thought' } });

    fireEvent.click(screen.getByRole('link', { name: 'Feed' }));
    expect(confirm).toHaveBeenCalledWith(LEAVE_QUESTION);
    expect(window.location.pathname).toBe('/write');
    expect(titleInput().value).toBe('Half a thought');

    // Closing the tab or reloading: the browser's prompt is requested.
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);

    confirm.mockReturnValue(true);
    fireEvent.click(screen.getByRole('link', { name: 'Feed' }));
    expect(window.location.pathname).toBe('/');
    expect(operationName(environment.mock.getMostRecentOperation())).toBe('FeedRouteQuery');
    const after = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });

  it('undoes Back/Forward when the writer chooses to stay', async () => {
    const { environment } = await openNewPost({ withNav: true });
    const popped = () => new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
    fireEvent.click(screen.getByRole('link', { name: 'Feed' })); // nothing typed: no question
    expect(window.location.pathname).toBe('/');
    await act(async () => {
      const back = popped();
      window.history.back();
      await back;
    });
    expect(window.location.pathname).toBe('/write');
    resolveRoute(environment);
    await screen.findByRole('heading', { name: 'New post' });

    fireEvent.change(titleInput(), { target: { value: 'Unsaved' } });
    const confirm = jest.spyOn(window, 'confirm').mockReturnValue(false);
    await act(async () => {
      const forward = popped();
      window.history.forward();
      await forward;
      await popped(); // the router steps back to the editor's entry
    });
    expect(confirm).toHaveBeenCalledWith(LEAVE_QUESTION);
    expect(window.location.pathname).toBe('/write');
    expect(titleInput().value).toBe('Unsaved');
  });

  it('does not ask when nothing changed', async () => {
    await openNewPost({ withNav: true });
    const confirm = jest.spyOn(window, 'confirm');
    fireEvent.click(screen.getByRole('link', { name: 'Feed' }));
    expect(confirm).not.toHaveBeenCalled();
    expect(window.location.pathname).toBe('/');
  });

  it('keeps a local draft as you type and offers it back when you return', async () => {
    const first = await openNewPost();
    fireEvent.change(titleInput(), { target: { value: 'Never lost' } });
    fireEvent.change(bodyInput(), { target: { value: 'Typed before the tab crashed.' } });
    await waitFor(() => expect(localStorage.getItem(`inkwell:draft:${USER_ID}:new`)).toContain('Never lost'));
    first.unmount();

    await openNewPost();
    expect(titleInput().value).toBe('');
    expect(screen.getByText(/This browser kept changes you had not saved/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Restore them' }));
    expect(titleInput().value).toBe('Never lost');
    expect(bodyInput().value).toBe('Typed before the tab crashed.');
    expect(screen.queryByText(/This browser kept changes/)).toBeNull();
  });

  it('forgets a draft the writer discards', async () => {
    localStorage.setItem(
      `inkwell:draft:${USER_ID}:new`,
      JSON.stringify({ title: 'Old idea', body: 'meh', savedAt: Date.parse(DATE) }),
    );
    await openNewPost();
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(localStorage.getItem(`inkwell:draft:${USER_ID}:new`)).toBeNull();
    expect(titleInput().value).toBe('');
  });

  it('deletes a post with an undo, and undo brings the editor back', async () => {
    const { environment } = renderAt('/edit/my-post');
    expect(operationName(environment.mock.getMostRecentOperation())).toBe('EditPostRouteQuery');
    resolveRoute(environment, { id: 'post-1', title: 'My post', body: 'Body', slug: 'my-post', status: 'PUBLISHED' });
    await screen.findByRole('heading', { name: 'Edit post' });
    expect(titleInput().value).toBe('My post');

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const remove = environment.mock.getMostRecentOperation();
    expect(operationName(remove)).toBe('useDeletePostMutation');
    expect(remove.request.variables.input).toEqual({ id: 'post-1' });
    act(() => environment.mock.resolve(remove, { data: { deletePost: { deletedPostId: 'post-1' } } }));
    expect(screen.getByRole('status').textContent).toContain('“My post” was moved to the trash.');

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    const restore = environment.mock.getMostRecentOperation();
    expect(operationName(restore)).toBe('useRestorePostMutation');
    expect(restore.request.variables.input).toEqual({ id: 'post-1' });
    act(() =>
      environment.mock.resolve(
        restore,
        MockPayloadGenerator.generate(restore, {
          DateTime: () => DATE,
          Post: () => ({ id: 'post-1', title: 'My post', slug: 'my-post', status: 'PUBLISHED' }),
        }),
      ),
    );
    expect(titleInput().value).toBe('My post');
  });
});
