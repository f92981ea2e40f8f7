import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects `path` below the current field, through named and inline
 * fragments (e.g. `['edges', 'node', 'body']` under a connection): lets a list read a costly
 * column only when the query asks for it.
 */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  // The answer depends on the document alone (directives are not looked at: a field under @skip
  // counts as selected), so it is kept per field's nodes: graphql-jit hands a compiled operation's
  // field the same array on every execution.
  const key = path.join('.');
  let known = answers.get(info.fieldNodes);
  const answer = known?.get(key);
  if (answer !== undefined) return answer;
  const found = walkPath(info, path);
  if (!known) answers.set(info.fieldNodes, (known = new Map()));
  known.set(key, found);
  return found;
}

const answers = new WeakMap<readonly FieldNode[], Map<string, boolean>>();

function walkPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const walk = (set: SelectionSetNode | undefined, depth: number): boolean =>
    set?.selections.some((selection) => {
      if (selection.kind === 'Field') {
        if (selection.name.value !== path[depth]) return false;
        return depth === path.length - 1 || walk(selection.selectionSet, depth + 1);
      }
      if (selection.kind === 'InlineFragment') return walk(selection.selectionSet, depth);
      return walk(info.fragments[selection.name.value]?.selectionSet, depth);
    }) ?? false;
  return info.fieldNodes.some((node) => walk(node.selectionSet, 0));
}

/** A connection's nodes select `field` (on any edge, or through its `nodes` shortcut). */
export const nodesSelect = (info: GraphQLResolveInfo, field: string) =>
  selectsPath(info, ['edges', 'node', field]) || selectsPath(info, ['nodes', field]);
