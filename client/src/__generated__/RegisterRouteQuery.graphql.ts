/**
 * @generated SignedSource<<a9781a286d092ffdec32ee3989fa1a80>>
 * @relayHash 7662b610413ada08393c9029ad3ac7dd
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

// @relayRequestID e4399271bc179c4a5897226e9a7f5bcdd3bcd8c6c4184a2bb70a8916a0825eee

import { ConcreteRequest } from 'relay-runtime';
export type RegisterRouteQuery$variables = Record<PropertyKey, never>;
export type RegisterRouteQuery$data = {
  readonly featureFlags: ReadonlyArray<{
    readonly enabled: boolean;
    readonly key: string;
  }>;
};
export type RegisterRouteQuery = {
  response: RegisterRouteQuery$data;
  variables: RegisterRouteQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "alias": null,
    "args": null,
    "concreteType": "FeatureFlag",
    "kind": "LinkedField",
    "name": "featureFlags",
    "plural": true,
    "selections": [
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "key",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "enabled",
        "storageKey": null
      }
    ],
    "storageKey": null
  }
];
return {
  "fragment": {
    "argumentDefinitions": [],
    "kind": "Fragment",
    "metadata": null,
    "name": "RegisterRouteQuery",
    "selections": (v0/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [],
    "kind": "Operation",
    "name": "RegisterRouteQuery",
    "selections": (v0/*:: as any*/)
  },
  "params": {
    "id": "e4399271bc179c4a5897226e9a7f5bcdd3bcd8c6c4184a2bb70a8916a0825eee",
    "metadata": {},
    "name": "RegisterRouteQuery",
    "operationKind": "query",
    "text": null
  }
};
})();

(node as any).hash = "e56e41e5f4f0fb2d7cfd40bd68edd4a3";

export default node;
