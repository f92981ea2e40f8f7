/**
 * @generated SignedSource<<bbd51ed78d3cc3081564b51efc126850>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
export type PostStatus = "DRAFT" | "PUBLISHED" | "%future added value";
import { FragmentRefs } from "relay-runtime";
export type PostStats_post$data = {
  readonly slug: string;
  readonly stats: ReadonlyArray<{
    readonly day: string;
    readonly views: number;
    readonly visitors: number;
  }> | null | undefined;
  readonly status: PostStatus;
  readonly title: string;
  readonly " $fragmentType": "PostStats_post";
};
export type PostStats_post$key = {
  readonly " $data"?: PostStats_post$data;
  readonly " $fragmentSpreads": FragmentRefs<"PostStats_post">;
};

const node: ReaderFragment = {
  "argumentDefinitions": [],
  "kind": "Fragment",
  "metadata": null,
  "name": "PostStats_post",
  "selections": [
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "title",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "slug",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "status",
      "storageKey": null
    },
    {
      "alias": null,
      "args": [
        {
          "kind": "Literal",
          "name": "days",
          "value": 30
        }
      ],
      "concreteType": "PostDayStats",
      "kind": "LinkedField",
      "name": "stats",
      "plural": true,
      "selections": [
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "day",
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "views",
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "visitors",
          "storageKey": null
        }
      ],
      "storageKey": "stats(days:30)"
    }
  ],
  "type": "Post",
  "abstractKey": null
};

(node as any).hash = "c4db4c4af11c04631260505d03a419cb";

export default node;
