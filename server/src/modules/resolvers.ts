/** Every feature's GraphQL resolvers, in one list for the schema builder. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: Function[] = [];
