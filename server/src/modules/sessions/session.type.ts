import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../../platform/graphql/node';
import { toGlobalId } from '../../platform/ids/global-id';
import type { SessionRecord } from './session.record';

export const SESSION_TYPE = 'Session';

@ObjectType(SESSION_TYPE, { implements: Node, description: 'One signed-in device. No token material, ever.' })
export class Session implements Node {
  @Field(() => ID, { description: 'Opaque global id; pass it to revokeSession or node(id:).' })
  id!: string;

  @Field({ description: 'A readable label: the one given at login, or derived from the User-Agent.' })
  device!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The client address at sign-in, as far as TRUST_PROXY lets the server see it.',
  })
  ipAddress!: string | null;

  @Field(() => Date, { description: 'When the session signed in.' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When the session last refreshed its tokens.' })
  lastUsedAt!: Date;

  @Field(() => Date, { description: 'The absolute end of this session; refreshing never extends it.' })
  expiresAt!: Date;

  @Field({ description: 'True for the session making this request.' })
  isCurrent!: boolean;
}

/** Response mapper: whitelists what a session owner may see. */
export function toSession(record: SessionRecord, currentSessionId: string | undefined): Session {
  return Object.assign(new Session(), {
    id: toGlobalId(SESSION_TYPE, record.id),
    device: record.device,
    ipAddress: record.ipAddress,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    expiresAt: record.expiresAt,
    isCurrent: record.id === currentSessionId,
  });
}
