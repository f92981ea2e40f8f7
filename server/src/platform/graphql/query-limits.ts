import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../pagination/page';

/**
 * Limits on what one operation may ask for, so a third party cannot make the server do
 * unbounded work. Checked before execution; a refusal is QUERY_TOO_COMPLEX (400).
 *
 * - depth: nesting of fields (fragments expanded);
 * - aliases: how many fields carry an alias (the usual way to repeat an expensive field);
 * - cost: every field costs 1, and a list field multiplies the cost of what it selects by
 *   its page size (`first`/`last`, `ids` for `nodes`, the default page size for a
 *   connection without arguments). It needs the variables, so it runs once the operation
 *   is resolved; depth and aliases do not, so they run as a validation rule, which Apollo
 *   caches per document.
 * Fragments are measured once each, so a fragment spread many times costs its true size
 * without the measuring itself blowing up. Introspection fields (`__schema`, `__type`) are
 * not counted: introspection is on or off as a whole (GRAPHQL_INTROSPECTION).
 */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

const tooComplex = (message: string, node?: OperationDefinitionNode) =>
  new GraphQLError(message, {
    nodes: node ? [node] : undefined,
    extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
  });

/** Whether a value node is, or holds, a variable. */
function hasVariable(node: ValueNode): boolean {
  if (node.kind === Kind.VARIABLE) return true;
  if (node.kind === Kind.LIST) return node.values.some(hasVariable);
  if (node.kind === Kind.OBJECT) return node.fields.some((field) => hasVariable(field.value));
  return false;
}

class OperationMeter {
  private readonly fragmentMeasures = new Map<string, Measure>();
  private readonly inProgress = new Set<string>();
  /** Some page size came from a variable: the measure holds for these variables only. */
  readVariables = false;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: (name: string) => FragmentDefinitionNode | undefined,
    private readonly variables: Record<string, unknown> | undefined,
  ) {}

  measure(operation: OperationDefinitionNode): Measure {
    const root =
      operation.operation === 'query'
        ? this.schema.getQueryType()
        : operation.operation === 'mutation'
          ? this.schema.getMutationType()
          : this.schema.getSubscriptionType();
    return this.selectionSet(operation.selectionSet, root ?? undefined);
  }

  private selectionSet(set: SelectionSetNode, parent: GraphQLNamedType | undefined): Measure {
    const total: Measure = { depth: 0, aliases: 0, cost: 0 };
    const add = (part: Measure) => {
      total.depth = Math.max(total.depth, part.depth);
      total.aliases += part.aliases;
      total.cost += part.cost;
    };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) add(this.field(selection, parent));
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
        add(this.selectionSet(selection.selectionSet, type ?? undefined));
      } else add(this.fragment(selection.name.value));
    }
    return total;
  }

  private fragment(name: string): Measure {
    const known = this.fragmentMeasures.get(name);
    if (known) return known;
    const definition = this.fragments(name);
    // Unknown or cyclic fragments are reported by graphql-js's own rules.
    if (!definition || this.inProgress.has(name)) return { depth: 0, aliases: 0, cost: 0 };
    this.inProgress.add(name);
    const measure = this.selectionSet(
      definition.selectionSet,
      this.schema.getType(definition.typeCondition.name.value) ?? undefined,
    );
    this.inProgress.delete(name);
    this.fragmentMeasures.set(name, measure);
    return measure;
  }

  private field(node: FieldNode, parent: GraphQLNamedType | undefined): Measure {
    const name = node.name.value;
    if (name.startsWith('__')) return { depth: 0, aliases: 0, cost: 0 };
    const definition =
      parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
    const type = definition ? getNamedType(definition.type) : undefined;
    const children = node.selectionSet ? this.selectionSet(node.selectionSet, type) : { depth: 0, aliases: 0, cost: 0 };
    return {
      depth: children.depth + 1,
      aliases: children.aliases + (node.alias ? 1 : 0),
      cost: 1 + this.multiplier(node, type) * children.cost,
    };
  }

  /** How many times a field's selection runs: its page size, or the number of ids asked for. */
  private multiplier(node: FieldNode, type: GraphQLNamedType | undefined): number {
    let size: number | undefined;
    for (const arg of node.arguments ?? []) {
      if (!['first', 'last', 'ids'].includes(arg.name.value)) continue;
      if (hasVariable(arg.value)) this.readVariables = true;
      const value = valueFromASTUntyped(arg.value, this.variables);
      const count = Array.isArray(value) ? value.length : typeof value === 'number' ? value : undefined;
      if (count !== undefined) size = Math.max(size ?? 0, count);
    }
    if (size !== undefined) return Math.max(1, size);
    return type?.name.endsWith('Connection') ? DEFAULT_PAGE_SIZE : 1;
  }
}

/** Validation rule: depth and aliases (variable-independent, so cached with the document). */
export function queryShapeRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const meter = new OperationMeter(
        context.getSchema(),
        (name) => context.getFragment(name) ?? undefined,
        undefined,
      );
      const { depth, aliases } = meter.measure(operation);
      if (depth > limits.maxDepth) {
        context.reportError(tooComplex(`Query is too deep: ${depth} levels (at most ${limits.maxDepth}).`, operation));
      }
      if (aliases > limits.maxAliases) {
        context.reportError(
          tooComplex(`Query uses too many aliases: ${aliases} (at most ${limits.maxAliases}).`, operation),
        );
      }
    },
  });
}

/** The cost of the operation about to run, with its variables; refused before execution. */
export function queryCostPlugin<TContext extends object>(limits: QueryLimits): ApolloServerPlugin<TContext> {
  // The cost of an operation whose page sizes are all literals, per operation node: Apollo's
  // document cache hands the same parsed document to every request with the same text.
  const fixedCosts = new WeakMap<OperationDefinitionNode, number>();
  const measureCost = (
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
  ) => {
    const known = fixedCosts.get(operation);
    if (known !== undefined) return known;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const meter = new OperationMeter(schema, (name) => fragments.get(name), variables);
    const { cost } = meter.measure(operation);
    if (!meter.readVariables) fixedCosts.set(operation, cost);
    return cost;
  };
  return {
    async requestDidStart() {
      let cost: number | undefined;
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          cost = measureCost(schema, document, operation, request.variables ?? {});
          if (cost > limits.maxCost) {
            throw tooComplex(
              `Query is too expensive: cost ${cost} (at most ${limits.maxCost}). Ask for smaller pages.`,
            );
          }
        },
        // A client sees what its operation cost and the ceiling, refused or not, so it can size
        // its pages before it hits the limit.
        async willSendResponse({ response }) {
          if (cost === undefined || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { requestedQueryCost: cost, maximumCost: limits.maxCost } };
        },
      };
    },
  };
}
