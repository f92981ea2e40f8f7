/**
 * @generated SignedSource<<1f2b5231054dbb936a871f16c5ceafa7>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type PersonalAccessTokenList_viewer$data = {
  readonly personalAccessTokens: ReadonlyArray<{
    readonly id: string;
    readonly " $fragmentSpreads": FragmentRefs<"PersonalAccessTokenItem_token">;
  }>;
  readonly " $fragmentType": "PersonalAccessTokenList_viewer";
};
export type PersonalAccessTokenList_viewer$key = {
  readonly " $data"?: PersonalAccessTokenList_viewer$data;
  readonly " $fragmentSpreads": FragmentRefs<"PersonalAccessTokenList_viewer">;
};

const node: ReaderFragment = {
  "argumentDefinitions": [],
  "kind": "Fragment",
  "metadata": null,
  "name": "PersonalAccessTokenList_viewer",
  "selections": [
    {
      "alias": null,
      "args": null,
      "concreteType": "PersonalAccessToken",
      "kind": "LinkedField",
      "name": "personalAccessTokens",
      "plural": true,
      "selections": [
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "id",
          "storageKey": null
        },
        {
          "args": null,
          "kind": "FragmentSpread",
          "name": "PersonalAccessTokenItem_token"
        }
      ],
      "storageKey": null
    }
  ],
  "type": "Viewer",
  "abstractKey": null
};

(node as any).hash = "2b00649e097a9f8a03131d1f90905638";

export default node;
