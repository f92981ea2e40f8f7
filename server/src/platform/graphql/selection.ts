import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects `path` below the current field, through named and inline
 * fragments (e.g. `['edges', 'node', 'body']` under a connection): lets a list read a costly
 * column only when the query asks for it.
 */
export function selectsPath(info: GraphQLResolveInfo, path: readonly string[]): boolean {
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
