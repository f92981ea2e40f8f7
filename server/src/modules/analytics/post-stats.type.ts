import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "One day of a post's readership (UTC days)." })
export class PostDayStats {
  @Field({ description: 'The UTC day, YYYY-MM-DD.' })
  day!: string;

  @Field(() => Int, { description: 'Page views that day.' })
  views!: number;

  @Field(() => Int, { description: 'Distinct visitors that day (estimated; no address is stored).' })
  visitors!: number;
}
