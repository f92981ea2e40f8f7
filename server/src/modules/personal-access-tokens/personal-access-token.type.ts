import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../platform/ids/global-id';
import type { TokenWithLastUse } from './personal-access-token.service';
import type { PersonalAccessTokenRecord } from './personal-access-token.record';

export const PERSONAL_ACCESS_TOKEN_TYPE = 'PersonalAccessToken';

export enum TokenScope {
  READ_POSTS = 'READ_POSTS',
  WRITE_POSTS = 'WRITE_POSTS',
  READ_ACCOUNT = 'READ_ACCOUNT',
}
registerEnumType(TokenScope, {
  name: 'TokenScope',
  description: 'What a personal access token may do beyond reading public data.',
  valuesConfig: {
    READ_POSTS: { description: 'Read your own posts, drafts and trash included (`viewer.posts`).' },
    WRITE_POSTS: { description: 'Create, edit, delete and restore your posts.' },
    READ_ACCOUNT: { description: 'Read your account details (`viewer.email`).' },
  },
});

@ObjectType(PERSONAL_ACCESS_TOKEN_TYPE, {
  description: 'A long-lived credential for a third-party app, limited to its scopes. Never the secret.',
})
export class PersonalAccessToken {
  @Field(() => ID, { description: 'Opaque global id; pass it to revokePersonalAccessToken.' })
  id!: string;

  @Field({ description: 'Your label for it, e.g. the app that uses it.' })
  name!: string;

  @Field(() => [TokenScope], { description: 'What it may do.' })
  scopes!: TokenScope[];

  @Field(() => Date, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was last used (to the minute); null if never.' })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it stops working; null: until revoked.' })
  expiresAt!: Date | null;
}

export const toPersonalAccessToken = (record: PersonalAccessTokenRecord | TokenWithLastUse): PersonalAccessToken =>
  Object.assign(new PersonalAccessToken(), {
    id: toGlobalId(PERSONAL_ACCESS_TOKEN_TYPE, record.id),
    name: record.name,
    scopes: record.scopes.map((scope) => TokenScope[scope]),
    createdAt: record.createdAt,
    lastUsedAt: 'lastUsedAt' in record ? record.lastUsedAt : null,
    expiresAt: record.expiresAt,
  });

@InputType({ description: 'What createPersonalAccessToken needs.' })
export class CreatePersonalAccessTokenInput {
  @Field({ description: 'A label for the token (1-100 characters).' })
  name!: string;

  @Field(() => [TokenScope], { description: 'What the token may do (at least one scope).' })
  scopes!: TokenScope[];

  @Field(() => Int, { nullable: true, description: 'Days until it expires (1-366); absent: until revoked.' })
  expiresInDays?: number | null;
}

@ObjectType({ description: 'What createPersonalAccessToken returns.' })
export class CreatePersonalAccessTokenPayload {
  @Field({ description: 'The secret (`inkpat_…`), shown this once: only its hash is kept.' })
  token!: string;

  @Field(() => PersonalAccessToken, { description: 'The new token, as listed from now on.' })
  personalAccessToken!: PersonalAccessToken;
}

@InputType({ description: 'What revokePersonalAccessToken needs.' })
export class RevokePersonalAccessTokenInput {
  @Field(() => ID, { description: 'The token to end.' })
  id!: string;
}

@ObjectType({ description: 'What revokePersonalAccessToken returns.' })
export class RevokePersonalAccessTokenPayload {
  @Field(() => ID, { description: 'The ended token, refused from the next request on.' })
  revokedPersonalAccessTokenId!: string;
}
