/**
 * @generated SignedSource<<5023c17188ec6345755fcc690540ea91>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
import { FragmentRefs } from "relay-runtime";
export type DisplayNameForm_user$data = {
  readonly displayName: string;
  readonly " $fragmentType": "DisplayNameForm_user";
};
export type DisplayNameForm_user$key = {
  readonly " $data"?: DisplayNameForm_user$data;
  readonly " $fragmentSpreads": FragmentRefs<"DisplayNameForm_user">;
};

const node: ReaderFragment = {
  "argumentDefinitions": [],
  "kind": "Fragment",
  "metadata": null,
  "name": "DisplayNameForm_user",
  "selections": [
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "displayName",
      "storageKey": null
    }
  ],
  "type": "User",
  "abstractKey": null
};

(node as any).hash = "d12b997a97d7bfeea2693c7bf7dab6cb";

export default node;
