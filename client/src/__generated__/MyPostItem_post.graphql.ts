/**
 * @generated SignedSource<<a99ee2af699b8abe5fb4de5b777029ed>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
export type PostStatus = "DRAFT" | "PUBLISHED" | "%future added value";
import { FragmentRefs } from "relay-runtime";
export type MyPostItem_post$data = {
  readonly id: string;
  readonly slug: string;
  readonly status: PostStatus;
  readonly title: string;
  readonly updatedAt: string;
  readonly " $fragmentType": "MyPostItem_post";
};
export type MyPostItem_post$key = {
  readonly " $data"?: MyPostItem_post$data;
  readonly " $fragmentSpreads": FragmentRefs<"MyPostItem_post">;
};

const node: ReaderFragment = {
  "argumentDefinitions": [],
  "kind": "Fragment",
  "metadata": null,
  "name": "MyPostItem_post",
  "selections": [
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "id",
      "storageKey": null
    },
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
      "args": null,
      "kind": "ScalarField",
      "name": "updatedAt",
      "storageKey": null
    }
  ],
  "type": "Post",
  "abstractKey": null
};

(node as any).hash = "a5afa0eb9e089a2214b2ce32425d906a";

export default node;
