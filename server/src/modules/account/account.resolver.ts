import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { requirePrincipal } from '../../platform/request-scope/request-scope';
import type { GraphQLContext } from '../../graphql-context';
import { AcceptedPayload } from '../credentials/credentials.payload';
import { DeleteAccountInput, DeleteAccountPayload } from './account.payload';

/** Account self-service: the GraphQL door. */
@Resolver()
export class AccountResolver {
  @Authorized()
  @Mutation(() => AcceptedPayload, {
    description:
      "Mails the viewer a JSON export of their profile, posts (drafts and trash included) and sessions, to the account's own address.",
  })
  async requestDataExport(@Ctx() context: GraphQLContext): Promise<AcceptedPayload> {
    const viewer = requirePrincipal(context);
    return {
      accepted: await context.services.accountExport.request(viewer.userId, { ip: context.req.ip ?? 'unknown' }),
    };
  }

  @Authorized()
  @Mutation(() => DeleteAccountPayload, {
    description:
      "Deletes the viewer's account: every session ends and its posts disappear. Signing in again within TRASH_RETENTION undoes it; after that it is purged.",
  })
  async deleteAccount(
    @Arg('input', () => DeleteAccountInput, { description: 'The current password, re-entered.' })
    input: DeleteAccountInput,
    @Ctx() context: GraphQLContext,
  ): Promise<DeleteAccountPayload> {
    return context.services.accountDeletion.deleteOwn(requirePrincipal(context), { ...input });
  }
}
