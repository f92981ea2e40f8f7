/**
 * @generated SignedSource<<f87a063e2a5c15c686971575e723ff29>>
 * @relayHash ed902fbd88409398d0c25b3c55ecd067
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

// @relayRequestID b489c2e46b1b82a276f66752e47d944dcdd7a7087a48773c0bdf37293c942aba

import { ConcreteRequest } from 'relay-runtime';
export type NewPostRouteQuery$variables = Record<PropertyKey, never>;
export type NewPostRouteQuery$data = {
  readonly viewer: {
    readonly __id: string;
    readonly user: {
      readonly id: string;
    };
  } | null | undefined;
};
export type NewPostRouteQuery = {
  response: NewPostRouteQuery$data;
  variables: NewPostRouteQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "alias": null,
    "args": null,
    "concreteType": "Viewer",
    "kind": "LinkedField",
    "name": "viewer",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "concreteType": "User",
        "kind": "LinkedField",
        "name": "user",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "id",
            "storageKey": null
          }
        ],
        "storageKey": null
      },
      {
        "kind": "ClientExtension",
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "__id",
            "storageKey": null
          }
        ]
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
    "name": "NewPostRouteQuery",
    "selections": (v0/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [],
    "kind": "Operation",
    "name": "NewPostRouteQuery",
    "selections": (v0/*:: as any*/)
  },
  "params": {
    "id": "b489c2e46b1b82a276f66752e47d944dcdd7a7087a48773c0bdf37293c942aba",
    "metadata": {},
    "name": "NewPostRouteQuery",
    "operationKind": "query",
    "text": null
  }
};
})();

(node as any).hash = "8d4e06cecf0ccabba839a90755132765";

export default node;
